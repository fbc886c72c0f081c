import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { cartMethods } from '../../shared/contract/cart'
import { createCartService } from '../../electron/services/cart/cartService'
import { createPriceBook } from '../../electron/services/catalog/priceBook'
import { createOutbox } from '../../electron/services/outbox/outbox'
import { createOutboxSender } from '../../electron/services/outbox/outboxSender'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { sandboxSession, operator, temporaryCache } from './helpers'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ products: 200, seed: 17 })
})
afterAll(() => sandbox.close())

async function signedInCart() {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-cart-int-'))
  const session = sandboxSession(sandbox.url, dataDirectory)
  await session.login({
    server: { kind: 'url', url: sandbox.url },
    account: 'sh.admin',
    password: 'Demo@2026',
    remember: false,
  })
  await operator(sandbox, 'POST', '/dealers/d_sh/top-up', { amount: 100_000_000 })
  const db = await temporaryCache('cart')
  const engine = createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles: ['admin'],
    client: () => session.client(),
  })
  const sync = async () => expect((await engine.sync({})).lastError).toBeNull()
  await sync()
  const outbox = createOutbox({
    file: join(dataDirectory, 'outbox.json'),
    send: createOutboxSender(session),
    autoRetry: false,
  })
  const cart = createCartService({
    database: () => db,
    session,
    outbox,
    sendOutbox: () => outbox.process(),
    submitWaitMs: 10_000,
  })
  const onSale = (
    await db.all<{ id: string }>("SELECT id FROM products WHERE status = 'onSale' ORDER BY id")
  ).map((row) => row.id)
  const prices = await createPriceBook(db).pricesFor(onSale)
  const sellable = onSale.filter((id) => prices.has(id))
  return { session, db, outbox, cart, sellable, sync }
}

describe('cart submit against the sandbox', () => {
  it('submits a cart through the outbox: the gateway makes one order at the prices shown, even on a double submit', async () => {
    const { session, outbox, cart, sellable } = await signedInCart()
    const change = await cart.add(
      sellable.slice(0, 5).map((productId, index) => ({ productId, quantity: index + 1 })),
    )
    expect(change.refused).toEqual([])
    const view = change.cart
    expect(view.hasProblems).toBe(false)
    expect(view.total).toBeGreaterThan(0)

    // What crosses the bridge must satisfy the contract (the registry checks every output).
    expect(cartMethods.add.output.safeParse(change).success).toBe(true)
    const difference = await cart.quote()
    expect(cartMethods.quote.output.safeParse(difference).success).toBe(true)
    expect(difference).toMatchObject({
      changed: false,
      lines: [],
      newTotal: view.total,
      problems: [],
    })

    const input = { payment: view.suggestedPayment, idempotencyKey: `it-${Date.now()}-submit` }
    const [first, second] = await Promise.all([cart.submit(input), cart.submit(input)])
    expect(first).toMatchObject({ state: 'sent', order: { number: expect.any(String) } })
    expect(second).toEqual(first)
    expect(cartMethods.submit.output.safeParse(first).success).toBe(true)
    expect(await cart.submit(input)).toEqual(first)
    expect(await outbox.list()).toHaveLength(1)
    expect((await cart.get()).lines).toEqual([])

    const order = await session
      .client()
      .call('order', { params: { dealerId: 'd_sh', id: first.order!.id } })
    expect(order).toMatchObject({
      status: 'under_review',
      total: view.total,
      payment: view.suggestedPayment,
    })
    expect(order.lines.map((line) => [line.productId, line.quantity, line.unitPrice])).toEqual(
      view.lines.map((line) => [line.productId, line.quantity, line.unitPrice]),
    )
  })

  it('an order refused at send time for changed prices keeps the quote; accepting the new prices resubmits and sends it', async () => {
    const { db, outbox, cart, sellable, sync } = await signedInCart()
    const productId = sellable[10]!
    const price = (await createPriceBook(db).priceFor(productId))!
    await cart.add([{ productId, quantity: price.minQuantity }])
    const before = await cart.get()
    // The price changes upstream after the cart was priced (e.g. while the order waited offline).
    await operator(sandbox, 'POST', '/prices', {
      changes: [{ priceListId: price.priceListId, productId, price: price.price + 123, tiers: [] }],
    })

    const refused = await cart.submit({
      payment: before.suggestedPayment,
      idempotencyKey: `it-${Date.now()}-prices`,
    })
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'order.pricesChanged' } })
    expect(refused.error?.params).not.toHaveProperty('quote')

    const review = await cart.reviewOutboxPrices(refused.outboxId)
    expect(cartMethods.reviewOutboxPrices.output.safeParse(review).success).toBe(true)
    expect(cartMethods.submit.output.safeParse(refused).success).toBe(true)
    expect(review).toMatchObject({
      changed: true,
      oldTotal: before.total,
      newTotal: (price.price + 123) * price.minQuantity,
      lines: [
        {
          productId,
          oldPrice: before.lines[0]!.unitPrice,
          newPrice: price.price + 123,
          amountDelta: 123 * price.minQuantity,
        },
      ],
    })
    await cart.acceptOutboxPrices(refused.outboxId)
    await outbox.process()
    const [item] = await outbox.list()
    expect(item).toMatchObject({
      status: 'sent',
      result: { total: review.newTotal, status: 'under_review' },
    })

    // After the next sync the cart prices the product at the new price.
    await sync()
    await cart.add([{ productId, quantity: price.minQuantity }])
    expect((await cart.get()).lines[0]).toMatchObject({
      unitPrice: price.price + 123,
      previousPrice: price.price,
    })
  })

  it('an order refused for another reason goes back into the cart to edit and leaves the outbox', async () => {
    const { db, outbox, cart, sellable, sync } = await signedInCart()
    const [kept, gone] = [sellable[20]!, sellable[21]!]
    const book = await createPriceBook(db).pricesFor([kept, gone])
    await cart.add(
      [kept, gone].map((productId) => ({
        productId,
        quantity: book.get(productId)!.minQuantity,
      })),
    )
    await cart.setDetails({ remark: '周五前送达' })
    const before = await cart.get()
    // The product goes off sale upstream after the cart was priced.
    await operator(sandbox, 'POST', `/products/${gone}/status`, { status: 'offSale' })
    const refused = await cart.submit({
      payment: before.suggestedPayment,
      idempotencyKey: `it-${Date.now()}-offsale`,
    })
    expect(refused.state).toBe('failed')
    expect(refused.error?.code).not.toBe('order.pricesChanged')
    expect((await cart.get()).lines).toEqual([])
    await expect(cart.reviewOutboxPrices(refused.outboxId)).rejects.toMatchObject({
      code: 'cart.reviewUnavailable',
    })

    const reopened = await cart.openRefusedOrder(refused.outboxId)
    expect(cartMethods.openRefusedOrder.output.safeParse(reopened).success).toBe(true)
    expect(reopened.cart.lines.map((line) => [line.productId, line.quantity])).toEqual(
      before.lines.map((line) => [line.productId, line.quantity]),
    )
    expect(reopened.cart.details).toEqual(before.details)
    expect(await outbox.list()).toEqual([])
    await expect(cart.openRefusedOrder(refused.outboxId)).rejects.toMatchObject({
      code: 'outbox.notResubmittable',
    })

    // After a sync the off-sale line is flagged in the cart; without it the order goes through.
    await sync()
    expect((await cart.get()).hasProblems).toBe(true)
    const fixed = await cart.remove([gone])
    const sent = await cart.submit({
      payment: fixed.suggestedPayment,
      idempotencyKey: `it-${Date.now()}-fixed`,
    })
    expect(sent).toMatchObject({ state: 'sent', order: { number: expect.any(String) } })
  })
})
