import { mkdtemp } from 'node:fs/promises'
import { copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Quote, SubmitOrderRequest } from '../../../../shared/api'
import type { CacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import {
  createCartService,
  type CartDependencies,
} from '../../../../electron/services/cart/cartService'
import {
  createOutbox,
  type OutboxItem,
  type SendOutcome,
} from '../../../../electron/services/outbox/outbox'
import { QUOTE_PARAM } from '../../../../electron/services/outbox/outboxSender'
import {
  balances,
  cacheFile,
  item,
  NOW,
  openCache,
  product,
  seed,
  sessionStub,
  signedIn,
} from './cartFixtures'

async function outboxWith(
  send: (item: Readonly<OutboxItem>) => Promise<SendOutcome> = async () => ({
    ok: false,
    retry: true,
    error: { code: 'upstream.unreachable' },
  }),
) {
  return createOutbox({
    file: join(await mkdtemp(join(tmpdir(), 'dealerdesk-cart-outbox-')), 'outbox.json'),
    send,
    autoRetry: false,
  })
}

async function setup(options: { db?: CacheDatabase; deps?: Partial<CartDependencies> } = {}) {
  const db = options.db ?? (await openCache(await cacheFile()))
  if (!options.db) {
    await seed(
      db,
      [product(1), product(2), product(3, { status: 'offSale' }), product(4), product(5)],
      [
        item('p1', { price: 1000, tiers: [{ minQuantity: 10, price: 900 }] }),
        item('p2', { price: 2500, minQuantity: 6, step: 6 }),
        item('p3'),
        // p4 has no price: not sellable
        item('p5', { price: 100, validTo: NOW - 1 }),
      ],
    )
  }
  const outbox = await outboxWith()
  const cart = createCartService({
    database: () => db,
    session: sessionStub(),
    outbox,
    sendOutbox: () => undefined,
    clock: () => NOW,
    ...options.deps,
  })
  return { db, outbox, cart }
}

const payment = (deposit: number, rebate = 0, credit = 0) => ({ deposit, rebate, credit })

describe('cart service', () => {
  it('merges added quantities, snaps them to minimum and pack step, and says why', async () => {
    const { cart } = await setup()
    const first = await cart.add([
      { productId: 'p1', quantity: 4 },
      { productId: 'p2', quantity: 1 },
    ])
    expect(first.adjusted).toEqual([
      {
        productId: 'p2',
        requested: 1,
        quantity: 6,
        reason: 'belowMinimum',
        minQuantity: 6,
        step: 6,
      },
    ])
    const second = await cart.add([
      { productId: 'p1', quantity: 6 },
      { productId: 'p2', quantity: 7 },
    ])
    expect(second.adjusted).toEqual([
      { productId: 'p2', requested: 13, quantity: 18, reason: 'packStep', minQuantity: 6, step: 6 },
    ])
    const lines = second.cart.lines.map((line) => [
      line.productId,
      line.quantity,
      line.unitPrice,
      line.amount,
      line.tierApplied,
    ])
    expect(lines).toEqual([
      ['p1', 10, 900, 9000, true],
      ['p2', 18, 2500, 45000, false],
    ])
    expect(second.cart.total).toBe(54000)
    expect(second.cart.hasProblems).toBe(false)
  })

  it('refuses products that cannot be ordered: off sale, not on a price list, outside validity, unknown', async () => {
    const { cart } = await setup()
    const change = await cart.add(
      ['p3', 'p4', 'p5', 'nope'].map((productId) => ({ productId, quantity: 1 })),
    )
    expect(change.refused.map((entry) => [entry.productId, entry.code])).toEqual([
      ['p3', 'order.productOffSale'],
      ['p4', 'order.productNotInPriceList'],
      ['p5', 'order.productNotInPriceList'],
      ['nope', 'order.productNotFound'],
    ])
    expect(change.cart.lines).toEqual([])
  })

  it('shows the problems of lines whose rules changed after they were added', async () => {
    const { db, cart } = await setup()
    await cart.add([
      { productId: 'p1', quantity: 3 },
      { productId: 'p2', quantity: 6 },
    ])
    await seed(
      db,
      [product(1, { status: 'offSale' }), product(2)],
      [item('p1'), item('p2', { price: 2600, minQuantity: 12, step: 4 })],
      null,
    )
    const view = await cart.get()
    expect(view.hasProblems).toBe(true)
    expect(view.lines.map((line) => line.problems.map((problem) => problem.code))).toEqual([
      ['order.productOffSale'],
      ['order.belowMinQuantity'],
    ])
    expect(view.lines[1]).toMatchObject({
      unitPrice: 2600,
      previousPrice: 2500,
      listPrice: 2600,
      minQuantity: 12,
      step: 4,
    })
  })

  it('prices the payment from the cached balances: capacity, rebate allowance, default allocation', async () => {
    const { cart } = await setup()
    // total 200,000 fen: rule max 10 % = 20,000, max amount 30,000, rebate available 50,000
    const view = (await cart.add([{ productId: 'p1', quantity: 200 }])).cart
    expect(view.total).toBe(180_000)
    expect(view.capacity).toEqual({
      depositAvailable: 1_000_000,
      rebateAvailable: 50_000,
      creditAvailable: 200_000,
    })
    expect(view.rebateAllowance).toBe(18_000)
    expect(view.suggestedPayment).toEqual(payment(162_000, 18_000, 0))
    expect(view.details.addressId).toBe('a2')
  })

  it('keeps lines and details across a restart of the cache', async () => {
    const file = await cacheFile()
    const db = await openCache(file)
    await seed(db, [product(1), product(2)], [item('p1'), item('p2', { minQuantity: 6, step: 6 })])
    const { cart } = await setup({ db })
    await cart.add([
      { productId: 'p2', quantity: 6 },
      { productId: 'p1', quantity: 2 },
    ])
    await cart.setQuantity('p1', 5)
    const tomorrow = NOW + 24 * 3600_000
    await cart.setDetails({
      addressId: 'a1',
      remark: '请送到后门',
      requestedDeliveryDate: tomorrow,
    })
    await db.close()

    const reopened = await openCache(file)
    const again = await (await setup({ db: reopened })).cart.get()
    expect(again.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['p2', 6],
      ['p1', 5],
    ])
    expect(again.details).toEqual({
      addressId: 'a1',
      remark: '请送到后门',
      requestedDeliveryDate: tomorrow,
    })
    await reopened.close()
  })

  it('edits: setQuantity snaps, remove and clear, refusals for unknown lines, addresses and past dates', async () => {
    const { cart } = await setup()
    await cart.add([
      { productId: 'p2', quantity: 6 },
      { productId: 'p1', quantity: 1 },
    ])
    expect((await cart.setQuantity('p2', 20)).adjusted[0]).toMatchObject({
      quantity: 24,
      reason: 'packStep',
    })
    // The answer is the changed line and the new totals, not the whole cart (issue 16).
    const change = await cart.setQuantity('p1', 3)
    const whole = await cart.get()
    expect(change.line).toEqual(whole.lines.find((line) => line.productId === 'p1'))
    expect(change.summary).toEqual({
      dealerId: whole.dealerId,
      total: whole.total,
      hasProblems: whole.hasProblems,
      capacity: whole.capacity,
      rebateRule: whole.rebateRule,
      rebateAllowance: whole.rebateAllowance,
      suggestedPayment: whole.suggestedPayment,
      shortfall: whole.shortfall,
      lineCount: 2,
    })
    expect(change).not.toHaveProperty('cart')
    await expect((async () => cart.setQuantity('p4', 1))()).rejects.toThrow(
      expect.objectContaining({ code: 'cart.lineNotFound' }),
    )
    await expect((async () => cart.setDetails({ addressId: 'zz' }))()).rejects.toThrow(
      expect.objectContaining({ code: 'order.addressNotFound' }),
    )
    await expect(
      (async () => cart.setDetails({ requestedDeliveryDate: NOW - 2 * 86_400_000 }))(),
    ).rejects.toThrow(expect.objectContaining({ code: 'cart.deliveryDateInPast' }))
    await expect((async () => cart.setDetails({ remark: 'x'.repeat(501) }))()).rejects.toThrow(
      expect.objectContaining({ code: 'cart.remarkTooLong' }),
    )
    expect((await cart.remove(['p2'])).lines.map((line) => line.productId)).toEqual(['p1'])
    expect((await cart.clear()).lines).toEqual([])
  })

  it('submits through the outbox with the prices seen, then clears the cart; offline answers pending', async () => {
    const { cart, outbox } = await setup()
    await cart.add([
      { productId: 'p1', quantity: 10 },
      { productId: 'p2', quantity: 6 },
    ])
    await cart.setDetails({ remark: ' 加急 ' })
    const result = await cart.submit({ payment: payment(24_000), idempotencyKey: 'key-00000001' })
    expect(result).toEqual({ outboxId: expect.any(String), state: 'pending' })
    const [queued] = await outbox.list()
    expect(queued).toMatchObject({
      kind: 'order.submit',
      dealerId: 'd1',
      serverUrl: 'sandbox',
      idempotencyKey: 'key-00000001',
    })
    const body = (queued?.payload as { body: SubmitOrderRequest }).body
    expect(body).toEqual({
      lines: [
        { productId: 'p1', quantity: 10 },
        { productId: 'p2', quantity: 6 },
      ],
      addressId: 'a2',
      remark: '加急',
      payment: payment(24_000),
      expectedTotal: 24_000,
      clientPrices: [
        { productId: 'p1', unitPrice: 900 },
        { productId: 'p2', unitPrice: 2500 },
      ],
    })
    const after = await cart.get()
    expect(after.lines).toEqual([])
    expect(after.details).toEqual({ addressId: 'a2', remark: '', requestedDeliveryDate: null })
  })

  it('a double click (same key, twice at once and again later) queues one order and answers the same', async () => {
    const { cart, outbox } = await setup()
    await cart.add([{ productId: 'p1', quantity: 1 }])
    const input = { payment: payment(1000), idempotencyKey: 'double-click-1' }
    const [first, second] = await Promise.all([cart.submit(input), cart.submit(input)])
    expect(second).toEqual(first)
    await cart.add([{ productId: 'p1', quantity: 1 }])
    expect(await cart.submit(input)).toEqual(first)
    // A new service (after a restart) finds the key in the outbox.
    const restarted = createCartService({
      database: () => null,
      session: sessionStub(),
      outbox,
      sendOutbox: () => undefined,
    })
    expect(await restarted.submit(input)).toEqual(first)
    expect(await outbox.list()).toHaveLength(1)
    expect((await cart.get()).lines).toHaveLength(1)
  })

  it('refuses an invalid allocation with the domain code and queues nothing', async () => {
    const { cart, outbox } = await setup()
    await cart.add([{ productId: 'p1', quantity: 200 }])
    await expect(
      cart.submit({ payment: payment(150_000, 30_000), idempotencyKey: 'key-invalid-1' }),
    ).rejects.toMatchObject({
      code: 'order.rebateAboveAllowance',
      params: { allowance: 18_000 },
    })
    await expect(
      cart.submit({ payment: payment(170_000), idempotencyKey: 'key-invalid-2' }),
    ).rejects.toMatchObject({ code: 'order.allocationMismatch' })
    await expect(
      cart.submit({ payment: payment(-1, 0, 180_001), idempotencyKey: 'key-invalid-3' }),
    ).rejects.toMatchObject({ code: 'order.paymentAmountInvalid' })
    expect(await outbox.list()).toEqual([])
    expect((await cart.get()).lines).toHaveLength(1)
  })

  it('submits at accepted quote prices, and refuses a quote that no longer matches the cart', async () => {
    const { cart, outbox } = await setup()
    await cart.add([{ productId: 'p1', quantity: 2 }])
    const acceptedQuote = {
      total: 2400,
      rebateAllowance: 0,
      lines: [{ productId: 'p1', quantity: 2, unitPrice: 1200 }],
    }
    await expect(
      cart.submit({
        payment: payment(2400),
        idempotencyKey: 'key-quote-0',
        acceptedQuote: {
          ...acceptedQuote,
          lines: [{ productId: 'p1', quantity: 3, unitPrice: 1200 }],
        },
      }),
    ).rejects.toMatchObject({ code: 'cart.quoteOutdated' })
    await cart.submit({ payment: payment(2400), idempotencyKey: 'key-quote-1', acceptedQuote })
    const body = ((await outbox.list())[0]?.payload as { body: SubmitOrderRequest }).body
    expect(body).toMatchObject({
      expectedTotal: 2400,
      clientPrices: [{ productId: 'p1', unitPrice: 1200 }],
    })
  })

  it('online: waits for the gateway and answers the order number', async () => {
    const outbox = await outboxWith(async () => ({
      ok: true,
      result: { id: 'ord-1', number: 'SO-0001' },
    }))
    const { cart } = await setup({
      deps: {
        outbox,
        session: sessionStub(signedIn('online')),
        sendOutbox: () => outbox.process(),
      },
    })
    await cart.add([{ productId: 'p1', quantity: 1 }])
    expect(await cart.submit({ payment: payment(1000), idempotencyKey: 'key-online-1' })).toEqual({
      outboxId: expect.any(String),
      state: 'sent',
      order: { id: 'ord-1', number: 'SO-0001' },
    })
  })

  it('online but the gateway unreachable: answers pending as soon as the first attempt failed', async () => {
    const outbox = await outboxWith()
    const { cart } = await setup({
      deps: {
        outbox,
        session: sessionStub(signedIn('online')),
        sendOutbox: () => outbox.process(),
        submitWaitMs: 60_000,
        clock: Date.now,
      },
    })
    await cart.add([{ productId: 'p1', quantity: 1 }])
    const started = Date.now()
    expect(
      await cart.submit({ payment: payment(1000), idempotencyKey: 'key-online-2' }),
    ).toMatchObject({ state: 'pending' })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await outbox.list()).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1 }),
    ])
  })

  it('compares the gateway quote with the local prices line by line', async () => {
    const quote: Quote = {
      quotedAt: NOW,
      lines: [
        {
          productId: 'p1',
          quantity: 10,
          priceListId: 'pl1',
          listPrice: 1100,
          unitPrice: 950,
          amount: 9500,
          tierApplied: { minQuantity: 10, price: 950 },
          minQuantity: 1,
          step: 1,
          problems: [],
        },
        {
          productId: 'p2',
          quantity: 6,
          priceListId: 'pl1',
          listPrice: 2500,
          unitPrice: 2500,
          amount: 15000,
          tierApplied: null,
          minQuantity: 6,
          step: 6,
          problems: [],
        },
      ],
      total: 24_500,
      rebateAllowance: 2450,
      rebateRule: { minOrderAmount: 10_000, maxAmount: 30_000, maxPercent: 10 },
      balances: { depositAvailable: 1_000_000, rebateAvailable: 50_000, creditAvailable: 200_000 },
      suggestedPayment: payment(22_050, 2450),
      problems: [],
    }
    const client = { call: async (route: string) => (route === 'quote' ? quote : null) }
    const { cart } = await setup({ deps: { session: sessionStub(signedIn('online'), client) } })
    await cart.add([
      { productId: 'p1', quantity: 10 },
      { productId: 'p2', quantity: 6 },
    ])
    const difference = await cart.quote()
    expect(difference).toMatchObject({
      changed: true,
      oldTotal: 24_000,
      newTotal: 24_500,
      rebateAllowance: { old: 2400, new: 2450 },
      lines: [
        {
          productId: 'p1',
          sku: 'SKU-00001',
          quantity: 10,
          oldPrice: 900,
          newPrice: 950,
          amountDelta: 500,
        },
      ],
      accepted: { total: 24_500, rebateAllowance: 2450 },
    })
    expect(difference.accepted.lines).toHaveLength(2)
  })

  it('reviews an outbox order refused for changed prices and resubmits it at the new prices', async () => {
    const { cart, outbox } = await setup()
    await cart.add([{ productId: 'p1', quantity: 2 }])
    const { outboxId } = await cart.submit({
      payment: payment(2000),
      idempotencyKey: 'key-review-1',
    })
    const quote: Partial<Quote> = {
      quotedAt: NOW,
      lines: [
        {
          productId: 'p1',
          quantity: 2,
          priceListId: 'pl1',
          listPrice: 1100,
          unitPrice: 1100,
          amount: 2200,
          tierApplied: null,
          minQuantity: 1,
          step: 1,
          problems: [],
        },
      ],
      total: 2200,
      rebateAllowance: 0,
      rebateRule: null,
      balances: { depositAvailable: 1_000_000, rebateAvailable: 0, creditAvailable: 0 },
      suggestedPayment: payment(2200),
      problems: [],
    }
    // What the sender stores for a 409 order.pricesChanged.
    const refusing = await outboxWith(async () => ({
      ok: false,
      retry: false,
      error: {
        code: 'order.pricesChanged',
        params: { expectedTotal: 2000, total: 2200, [QUOTE_PARAM]: JSON.stringify(quote) },
      },
    }))
    const queued = (await outbox.list())[0]!
    const failed = await refusing.enqueue({
      kind: 'order.submit',
      dealerId: 'd1',
      payload: queued.payload,
      idempotencyKey: queued.idempotencyKey,
    })
    await refusing.process()
    const { db } = await setup()
    const reviewer = createCartService({
      database: () => db,
      session: sessionStub(),
      outbox: refusing,
      sendOutbox: () => undefined,
      clock: () => NOW,
    })
    expect(outboxId).toBe(queued.id)
    expect(
      await reviewer.submit({ payment: payment(2000), idempotencyKey: 'key-review-1' }),
    ).toMatchObject({
      state: 'failed',
      error: { code: 'order.pricesChanged', params: { total: 2200 } },
    })
    const review = await reviewer.reviewOutboxPrices(failed.id)
    expect(review).toMatchObject({
      changed: true,
      oldTotal: 2000,
      newTotal: 2200,
      lines: [{ productId: 'p1', oldPrice: 1000, newPrice: 1100, amountDelta: 200 }],
      payment: { before: payment(2000), after: payment(2200) },
    })
    await reviewer.acceptOutboxPrices(failed.id)
    const [again] = await refusing.list()
    expect(again).toMatchObject({ status: 'pending', attempts: 0 })
    expect(again?.idempotencyKey).not.toBe(queued.idempotencyKey)
    expect((again?.payload as { body: SubmitOrderRequest }).body).toMatchObject({
      expectedTotal: 2200,
      payment: payment(2200),
      clientPrices: [{ productId: 'p1', unitPrice: 1100 }],
    })
    await expect(reviewer.reviewOutboxPrices(failed.id)).rejects.toMatchObject({
      code: 'cart.reviewUnavailable',
    })
  })

  it('needs a signed-in dealer with a cache', async () => {
    const outbox = await outboxWith()
    const cart = createCartService({
      database: () => null,
      session: sessionStub(),
      outbox,
      sendOutbox: () => undefined,
    })
    await expect((async () => cart.get())()).rejects.toThrow(
      expect.objectContaining({ code: 'session.signedOut' }),
    )
    expect(balances().rebate.rule).not.toBeNull()
  })
})

describe('cart submit and a crash', () => {
  it('answers only once the emptied cart is on disk', async () => {
    const file = await cacheFile()
    const db = await openCache(file)
    await seed(db, [product(1)], [item('p1')])
    const { cart } = await setup({ db })
    await cart.add([{ productId: 'p1', quantity: 2 }])
    await db.flush()
    await cart.submit({ payment: payment(2000), idempotencyKey: 'saved-before-answer' })
    const copy = `${file}.copy`
    copyFileSync(file, copy)
    const onDisk = await openCache(copy)
    expect(await onDisk.all('SELECT product_id FROM cart_lines')).toEqual([])
    await onDisk.close()
    await db.close()
  })

  it('a second Submit after a crash between the outbox write and the cart save makes no second order', async () => {
    const file = await cacheFile()
    const crashed = `${file}.crashed`
    const db = await openCache(file)
    await seed(db, [product(1)], [item('p1')])
    const outbox = await outboxWith()
    // The process dies right after the outbox write: the cache file is what is on disk then.
    const dying: CartDependencies['outbox'] = {
      list: () => outbox.list(),
      resubmit: (id) => outbox.resubmit(id),
      discard: (id) => outbox.discard(id),
      enqueue: async (input) => {
        const queued = await outbox.enqueue(input)
        copyFileSync(file, crashed)
        return queued
      },
    }
    const cart = createCartService({
      database: () => db,
      session: sessionStub(),
      outbox: dying,
      sendOutbox: () => undefined,
      clock: () => NOW,
    })
    await cart.add([{ productId: 'p1', quantity: 3 }])
    const first = await cart.submit({ payment: payment(3000), idempotencyKey: 'before-the-crash' })
    await db.close()

    const restartedDb = await openCache(crashed)
    const restarted = createCartService({
      database: () => restartedDb,
      session: sessionStub(),
      outbox,
      sendOutbox: () => undefined,
      clock: () => NOW,
    })
    expect((await restarted.get()).lines).toHaveLength(1) // the cart on disk was still full
    expect(
      await restarted.submit({ payment: payment(3000), idempotencyKey: 'after-the-crash' }),
    ).toEqual(first)
    expect(await outbox.list()).toHaveLength(1)
    expect((await restarted.get()).lines).toEqual([])
    await expect(
      restarted.submit({ payment: payment(3000), idempotencyKey: 'third-press' }),
    ).rejects.toMatchObject({ code: 'cart.empty' })
    await restartedDb.close()
  })
})
