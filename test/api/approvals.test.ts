/**
 * Orders approved inside the dealer over HTTP (sandbox): roles (admin only), Idempotency-Key,
 * held orders reserve nothing, approve re-quotes (changed prices → 409 with the quote, then
 * approved at the new prices, differences listed), decline with a reason, autopilot leaves held
 * orders alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApprovalRuleState, ApproveOrderResult, Order, Quote } from '../../shared/api'
import { expectProblem, idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
let agent: string
let admin: string
const dealer = '/dealers/d_sh'
const productId = 'P000003'

beforeAll(async () => {
  t = await startTestApi()
  agent = (await t.login('agent.li')).accessToken
  admin = (await t.login('sh.admin')).accessToken
  await t.operator('POST', '/dealers/d_sh/top-up', { amount: 50_000_000 })
})
afterAll(() => t.close())

async function quote(quantity: number) {
  const response = await t.call('POST', `${dealer}/orders/quote`, {
    token: agent,
    body: { lines: [{ productId, quantity }] },
  })
  expect(response.status, response.text).toBe(200)
  return Quote.parse(response.body)
}

async function submit(quantity: number, token = agent) {
  const priced = await quote(quantity)
  const response = await t.call('POST', `${dealer}/orders`, {
    token,
    body: {
      lines: [{ productId, quantity }],
      addressId: 'adr_sh_1',
      payment: { deposit: priced.total, rebate: 0, credit: 0 },
    },
    headers: { 'idempotency-key': idempotencyKey() },
  })
  expect(response.status, response.text).toBe(201)
  return Order.parse(response.body)
}

const depositAvailable = async () =>
  (await t.call('GET', `${dealer}/balances`, { token: admin })).body.deposit.available as number

describe('approval rule', () => {
  it('is read and set by the admin only; an orderer gets 403', async () => {
    const one = await quote(1)
    for (const [method, body] of [['GET'], ['POST', { amountAbove: 1, ordererIds: [] }]] as const)
      expectProblem(
        await t.call(method, `${dealer}/approval-rule`, { token: agent, body }),
        'auth.forbidden',
      )
    const set = await t.call('POST', `${dealer}/approval-rule`, {
      token: admin,
      body: { amountAbove: one.total, ordererIds: [] },
    })
    expect(set.status, set.text).toBe(200)
    const state = ApprovalRuleState.parse(set.body)
    expect(state.rule.amountAbove).toBe(one.total)
    expect(state.members.map((member) => member.displayName)).toContain('李强')
    expectProblem(
      await t.call('POST', `${dealer}/approval-rule`, {
        token: admin,
        body: { amountAbove: -5, ordererIds: [] },
      }),
      'request.invalid',
    )
  })
})

describe('held orders', () => {
  it('are held above the amount, reserve nothing, and wait in the admin queue', async () => {
    const before = await depositAvailable()
    const held = await submit(2)
    expect(held.status).toBe('awaiting_approval')
    expect(await depositAvailable()).toBe(before)
    expectProblem(await t.call('GET', `${dealer}/approvals`, { token: agent }), 'auth.forbidden')
    const queue = await t.call('GET', `${dealer}/approvals`, { token: admin })
    expect(queue.body.orders.map((order: Order) => order.id)).toContain(held.id)
    // The manufacturer's autopilot never approves what waits for the dealer's own admin.
    await t.operator('POST', '/autopilot/tick')
    const seen = await t.call('GET', `${dealer}/orders/${held.id}`, { token: agent })
    expect(seen.body.status).toBe('awaiting_approval')
    // Nor can the operator confirm it upstream: it was never sent there.
    expectProblem(await t.operator('POST', `/orders/${held.id}/approve`), 'order.invalidTransition')
  })

  it('approve needs the admin and an Idempotency-Key; a retry replays', async () => {
    const held = await submit(2)
    const path = `${dealer}/orders/${held.id}/approve`
    expectProblem(
      await t.call('POST', path, {
        token: agent,
        headers: { 'idempotency-key': idempotencyKey() },
      }),
      'auth.forbidden',
    )
    expectProblem(await t.call('POST', path, { token: admin }), 'idempotency.keyRequired')
    const key = idempotencyKey()
    const first = await t.call('POST', path, { token: admin, headers: { 'idempotency-key': key } })
    expect(first.status, first.text).toBe(200)
    const result = ApproveOrderResult.parse(first.body)
    expect(result.order.status).toBe('under_review')
    expect(result.order.approval?.decidedBy).toBe('王芳')
    const again = await t.call('POST', path, { token: admin, headers: { 'idempotency-key': key } })
    expect(again.body.order.id).toBe(result.order.id)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
  })

  it('re-quotes at approval: changed prices are refused with the quote, then listed', async () => {
    const held = await submit(3)
    const listPrice = held.lines[0]!.unitPrice
    const priceListId = (await quote(3)).lines[0]!.priceListId!
    await t.operator('POST', '/prices', {
      changes: [{ priceListId, productId, price: listPrice + 100 }],
    })
    const path = `${dealer}/orders/${held.id}/approve`
    const refused = await t.call('POST', path, {
      token: admin,
      headers: { 'idempotency-key': idempotencyKey() },
    })
    expectProblem(refused, 'order.pricesChanged')
    const newTotal = refused.body.quote.total as number
    expect(newTotal).toBe(held.total + 300)
    const approved = await t.call('POST', path, {
      token: admin,
      body: { expectedTotal: newTotal },
      headers: { 'idempotency-key': idempotencyKey() },
    })
    expect(approved.status, approved.text).toBe(200)
    const result = ApproveOrderResult.parse(approved.body)
    expect(result.priceChanges).toEqual([
      { productId, quantity: 3, before: listPrice, after: listPrice + 100 },
    ])
    expect(result.order.total).toBe(newTotal)
    expect(
      result.order.payment.deposit + result.order.payment.rebate + result.order.payment.credit,
    ).toBe(newTotal)
    await t.operator('POST', '/prices', { changes: [{ priceListId, productId, price: listPrice }] })
  })

  it('decline needs a reason; the orderer sees it on the order', async () => {
    const held = await submit(2)
    const path = `${dealer}/orders/${held.id}/decline`
    expectProblem(
      await t.call('POST', path, {
        token: admin,
        body: { reason: '  ' },
        headers: { 'idempotency-key': idempotencyKey() },
      }),
      'request.invalid',
    )
    const declined = await t.call('POST', path, {
      token: admin,
      body: { reason: 'Over budget' },
      headers: { 'idempotency-key': idempotencyKey() },
    })
    expect(declined.status, declined.text).toBe(200)
    const seen = Order.parse(
      (await t.call('GET', `${dealer}/orders/${held.id}`, { token: agent })).body,
    )
    expect(seen.status).toBe('declined')
    expect(seen.approval?.declineReason).toBe('Over budget')
    expectProblem(
      await t.call('POST', `${dealer}/orders/${held.id}/approve`, {
        token: admin,
        headers: { 'idempotency-key': idempotencyKey() },
      }),
      'order.notAwaitingApproval',
    )
  })

  it("does not hold the admin's own order", async () => {
    expect((await submit(3, admin)).status).toBe('under_review')
  })
})
