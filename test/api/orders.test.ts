import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Delivery, Order, Quote } from '../../shared/api'
import { expectProblem, idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
let orderer: string
let accountant: string
const dealer = '/dealers/d_cd'

beforeAll(async () => {
  t = await startTestApi()
  orderer = (await t.login('agent.li')).accessToken
  accountant = (await t.login('cd.accountant')).accessToken
})
afterAll(() => t.close())

async function quote(lines: { productId: string; quantity: number }[]) {
  const response = await t.call('POST', `${dealer}/orders/quote`, {
    token: orderer,
    body: { lines },
  })
  expect(response.status, response.text).toBe(200)
  return Quote.parse(response.body)
}

async function submit(body: Record<string, unknown>, key = idempotencyKey()) {
  return t.call('POST', `${dealer}/orders`, {
    token: orderer,
    body: { addressId: 'adr_cd_1', ...body },
    headers: { 'idempotency-key': key },
  })
}

async function balances() {
  return (await t.call('GET', `${dealer}/balances`, { token: accountant })).body
}

describe('quote', () => {
  it('prices lines with tiers and reports what is wrong per line', async () => {
    const result = await quote([
      { productId: 'P000002', quantity: 100 },
      { productId: 'P000002', quantity: 30 },
      { productId: 'P000005', quantity: 1 },
      { productId: 'P000002', quantity: 10 },
      { productId: 'P000006', quantity: 1 },
      { productId: 'NOPE', quantity: 1 },
    ])
    expect(result.lines[0]).toMatchObject({
      unitPrice: 4370,
      amount: 437_000,
      tierApplied: { minQuantity: 100, price: 4370 },
      listPrice: 4600,
    })
    expect(result.lines.map((line) => line.problems[0]?.code ?? null)).toEqual([
      null,
      'order.duplicateProduct',
      'order.productNotInPriceList',
      'order.duplicateProduct',
      'order.productOffSale',
      'order.productNotFound',
    ])
    expect(result.total).toBe(437_000)
    expect(
      result.suggestedPayment.deposit +
        result.suggestedPayment.rebate +
        result.suggestedPayment.credit,
    ).toBe(437_000)
    expect(result.rebateAllowance).toBe(Math.min(21_850, result.balances.rebateAvailable))
  })

  it('flags quantities below the minimum and off the pack step', async () => {
    const result = await quote([{ productId: 'P000002', quantity: 10 }])
    expect(result.lines[0]?.problems[0]).toMatchObject({
      code: 'order.belowMinQuantity',
      params: { minQuantity: 20 },
    })
    const step = await quote([{ productId: 'P000002', quantity: 25 }])
    expect(step.problems[0]).toMatchObject({
      code: 'order.notPackMultiple',
      params: { step: 10 },
      lineIndex: 0,
    })
  })

  it('takes the price from the highest-priority list (promotion beats standard for 成都)', async () => {
    const result = await quote([{ productId: 'P000003', quantity: 1 }])
    expect(result.lines[0]).toMatchObject({
      priceListId: 'pl_promo',
      unitPrice: Math.round(3800 * 0.85),
    })
  })
})

describe('submit', () => {
  it('creates an order, reserves the payment, and replays the same Idempotency-Key', async () => {
    const lines = [
      { productId: 'P000002', quantity: 100 },
      { productId: 'P000001', quantity: 1 },
    ]
    const priced = await quote(lines)
    const before = await balances()
    const key = idempotencyKey()
    const body = {
      lines,
      payment: priced.suggestedPayment,
      expectedTotal: priced.total,
      remark: '请周一送货',
    }
    const created = await submit(body, key)
    expect(created.status, created.text).toBe(201)
    const order = Order.parse(created.body)
    expect(order).toMatchObject({ status: 'under_review', total: priced.total, createdBy: '李强' })
    expect(order.number).toMatch(/^SO\d{8}-\d{4}$/)
    const after = await balances()
    expect(after.deposit.available).toBe(before.deposit.available - priced.suggestedPayment.deposit)
    expect(after.deposit.locked).toBe(before.deposit.locked + priced.suggestedPayment.deposit)
    expect(after.rebate.available).toBe(before.rebate.available - priced.suggestedPayment.rebate)

    const replay = await submit(body, key)
    expect(replay.status).toBe(201)
    expect(replay.body.id).toBe(order.id)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect((await balances()).deposit.available).toBe(after.deposit.available)
    expectProblem(await submit({ ...body, remark: 'changed' }, key), 'idempotency.conflict')
    expectProblem(
      await t.call('POST', `${dealer}/orders`, {
        token: orderer,
        body: { ...body, addressId: 'adr_cd_1' },
      }),
      'idempotency.keyRequired',
    )
    expect(
      (await t.call('GET', `${dealer}/orders/${order.id}`, { token: orderer })).body.number,
    ).toBe(order.number)
  })

  it('rejects each payment rule violation with its code', async () => {
    const lines = [{ productId: 'P000001', quantity: 2 }]
    const priced = await quote(lines)
    const total = priced.total
    const allowance = priced.rebateAllowance
    expect(allowance).toBeGreaterThan(0)
    const rebate = await submit({
      lines,
      payment: { rebate: allowance + 1, deposit: total - allowance - 1, credit: 0 },
    })
    expectProblem(rebate, 'order.rebateAboveAllowance')
    expect(rebate.body.params.allowance).toBe(allowance)
    expectProblem(
      await submit({ lines, payment: { rebate: 0, deposit: total - 1, credit: 0 } }),
      'order.allocationMismatch',
    )

    const big = [{ productId: 'P000001', quantity: 40 }]
    const bigQuote = await quote(big)
    expect(bigQuote.total).toBeGreaterThan(bigQuote.balances.depositAvailable)
    const short = await submit({
      lines: big,
      payment: { rebate: 0, deposit: bigQuote.total, credit: 0 },
    })
    expectProblem(short, 'order.depositShort')
    expect(short.body.params.available).toBe(bigQuote.balances.depositAvailable)

    const limit = (await balances()).credit
    await t.operator('POST', '/dealers/d_cd/credit-limit', { limit: limit.occupied + 5000 })
    expectProblem(
      await submit({ lines, payment: { rebate: 0, deposit: total - 6000, credit: 6000 } }),
      'order.creditShort',
    )
    await t.operator('POST', '/dealers/d_cd/credit-limit', { limit: limit.limit })
  })

  it('rejects quantity and catalog violations with their codes', async () => {
    const payment = { deposit: 0, rebate: 0, credit: 0 }
    expectProblem(
      await submit({ lines: [{ productId: 'P000002', quantity: 25 }], payment }),
      'order.notPackMultiple',
    )
    expectProblem(
      await submit({ lines: [{ productId: 'P000002', quantity: 10 }], payment }),
      'order.belowMinQuantity',
    )
    expectProblem(
      await submit({ lines: [{ productId: 'P000005', quantity: 1 }], payment }),
      'order.productNotInPriceList',
    )
    expectProblem(
      await submit({ lines: [{ productId: 'P000002', quantity: -20 }], payment }),
      'request.invalid',
    )
    const priced = await quote([{ productId: 'P000001', quantity: 1 }])
    expectProblem(
      await submit({
        lines: [{ productId: 'P000001', quantity: 1 }],
        payment: priced.suggestedPayment,
        addressId: 'adr_sh_1',
      }),
      'order.addressNotFound',
    )
  })

  it('answers 409 order.pricesChanged with the new quote when prices moved', async () => {
    const lines = [{ productId: 'P000004', quantity: 2 }]
    const priced = await quote(lines)
    const listId = priced.lines[0]?.priceListId as string
    await t.operator('POST', '/prices', {
      changes: [{ priceListId: listId, productId: 'P000004', price: 47_900 }],
    })
    const response = await submit({
      lines,
      payment: priced.suggestedPayment,
      expectedTotal: priced.total,
      clientPrices: [{ productId: 'P000004', unitPrice: priced.lines[0]?.unitPrice }],
    })
    expectProblem(response, 'order.pricesChanged')
    expect(response.body.params).toEqual({ expectedTotal: priced.total, total: 95_800 })
    expect(Quote.parse(response.body.quote).lines[0]?.unitPrice).toBe(47_900)
  })
})

describe('life cycle', () => {
  async function placeOrder() {
    const lines = [
      { productId: 'P000002', quantity: 40 },
      { productId: 'P000004', quantity: 3 },
    ]
    const priced = await quote(lines)
    const response = await submit({ lines, payment: priced.suggestedPayment })
    expect(response.status, response.text).toBe(201)
    return Order.parse(response.body)
  }

  it('cancels an order under review and releases its reservation', async () => {
    const before = await balances()
    const order = await placeOrder()
    const cancelled = await t.call('POST', `${dealer}/orders/${order.id}/cancel`, {
      token: orderer,
      body: { reason: '重复下单' },
    })
    expect(cancelled.body.status).toBe('cancelled')
    const after = await balances()
    expect([after.deposit.available, after.rebate.available, after.credit.available]).toEqual([
      before.deposit.available,
      before.rebate.available,
      before.credit.available,
    ])
  })

  it('refuses to cancel after confirmation; ships in two parts, deducts, and completes on receipt', async () => {
    const order = await placeOrder()
    expect((await t.operator('POST', `/orders/${order.number}/approve`)).body.status).toBe(
      'confirmed',
    )
    expectProblem(
      await t.call('POST', `${dealer}/orders/${order.id}/cancel`, { token: orderer }),
      'order.notCancellable',
    )
    const [first, second] = order.lines
    const partial = await t.operator('POST', `/orders/${order.id}/ship`, {
      lines: [{ orderLineId: first?.lineId, quantity: 20 }],
      carrier: '顺丰速运',
      trackingNumber: 'SF1234567890',
    })
    expect(Delivery.parse(partial.body)).toMatchObject({
      status: 'has_delivered',
      carrier: '顺丰速运',
      amount: 20 * (first?.unitPrice ?? 0),
    })
    const midway = Order.parse(
      (await t.call('GET', `${dealer}/orders/${order.id}`, { token: orderer })).body,
    )
    expect(midway.status).toBe('partially_delivered')
    expect(midway.deducted.deposit + midway.deducted.rebate + midway.deducted.credit).toBe(
      partial.body.amount,
    )
    const rest = await t.operator('POST', `/orders/${order.id}/ship`, {})
    expect(rest.body.lines.map((line: { orderLineId: string }) => line.orderLineId)).toEqual([
      first?.lineId,
      second?.lineId,
    ])
    const delivered = Order.parse(
      (await t.call('GET', `${dealer}/orders/${order.id}`, { token: orderer })).body,
    )
    expect(delivered).toMatchObject({
      status: 'delivered',
      deducted: order.payment,
      deliveredAmount: order.total,
    })
    for (const deliveryId of delivered.deliveryIds) {
      const receipt = await t.call('POST', `${dealer}/deliveries/${deliveryId}/confirm-receipt`, {
        token: orderer,
        body: { remark: '已收货' },
      })
      expect(receipt.body.status).toBe('received')
    }
    expectProblem(
      await t.call('POST', `${dealer}/deliveries/${delivered.deliveryIds[0]}/confirm-receipt`, {
        token: orderer,
      }),
      'delivery.alreadyReceived',
    )
    expect(
      (await t.call('GET', `${dealer}/orders/${order.id}`, { token: orderer })).body.status,
    ).toBe('received')
    expect(
      (
        await t.call('GET', `${dealer}/deliveries/${delivered.deliveryIds[0]}`, {
          token: accountant,
        })
      ).status,
    ).toBe(200)
  })

  it('rejected orders release; operator transitions are checked', async () => {
    const order = await placeOrder()
    expect(
      (await t.operator('POST', `/orders/${order.id}/reject`, { reason: '信用政策' })).body.status,
    ).toBe('rejected')
    expectProblem(
      await t.operator('POST', `/orders/${order.id}/approve`),
      'order.invalidTransition',
    )
    expectProblem(
      await t.operator('POST', `/orders/${order.id}/ship`, {}),
      'order.invalidTransition',
    )
  })

  it("hides another dealer's order (404)", async () => {
    const hk = (await t.login('hk.buyer')).accessToken
    const hkOrder = (await t.call('GET', '/dealers/d_hk/orders?limit=1', { token: hk })).body
      .items[0]
    expectProblem(
      await t.call('GET', `${dealer}/orders/${hkOrder.id}`, { token: orderer }),
      'resource.notFound',
    )
    expectProblem(
      await t.call('POST', `${dealer}/orders/${hkOrder.id}/cancel`, { token: orderer }),
      'resource.notFound',
    )
    expectProblem(
      await t.call('GET', `${dealer}/orders/ord_999999`, { token: orderer }),
      'resource.notFound',
    )
  })

  it('serves orders and deliveries as change feeds', async () => {
    const page = await t.call('GET', `${dealer}/orders?since=0&limit=50`, { token: orderer })
    expect(page.body.items).toHaveLength(50)
    expect(page.body.nextCursor).not.toBeNull()
    const statuses = new Set<string>()
    let cursor: { since: number; after: string } | null = { since: 0, after: '' }
    while (cursor) {
      const next: {
        body: {
          items: { record: { status: string } }[]
          nextCursor: { since: number; after: string } | null
        }
      } = await t.call(
        'GET',
        `${dealer}/orders?since=${cursor.since}&after=${cursor.after}&limit=200`,
        { token: orderer },
      )
      for (const entry of next.body.items) statuses.add(entry.record.status)
      cursor = next.body.nextCursor
    }
    expect([...statuses].sort()).toEqual(
      ['cancelled', 'confirmed', 'delivered', 'received', 'rejected', 'under_review']
        .filter((status) => statuses.has(status))
        .sort(),
    )
    expect(statuses.has('received') && statuses.has('cancelled')).toBe(true)
    expect(
      (await t.call('GET', `${dealer}/deliveries?limit=5`, { token: orderer })).body.items,
    ).toHaveLength(5)
  })
})
