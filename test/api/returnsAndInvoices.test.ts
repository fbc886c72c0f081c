import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvoiceProfile, InvoiceRequest, Order, Return } from '../../shared/api'
import { taxpayerIdCheckCharacter } from '../../shared/domain'
import { expectProblem, idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
let orderer: string
let accountant: string
let order: Order
const dealer = '/dealers/d_cd'

beforeAll(async () => {
  t = await startTestApi()
  orderer = (await t.login('agent.li')).accessToken
  accountant = (await t.login('cd.accountant')).accessToken
  const lines = [
    { productId: 'P000002', quantity: 50 },
    { productId: 'P000004', quantity: 4 },
  ]
  const quote = (
    await t.call('POST', `${dealer}/orders/quote`, { token: orderer, body: { lines } })
  ).body
  const payment = {
    rebate: quote.suggestedPayment.rebate,
    deposit: quote.total - quote.suggestedPayment.rebate - 10_000,
    credit: 10_000,
  }
  order = (
    await t.call('POST', `${dealer}/orders`, {
      token: orderer,
      body: { lines, addressId: 'adr_cd_1', payment },
      headers: { 'idempotency-key': idempotencyKey() },
    })
  ).body
  await t.operator('POST', `/orders/${order.id}/approve`)
  await t.operator('POST', `/orders/${order.id}/ship`, {
    lines: [
      { orderLineId: order.lines[0]?.lineId, quantity: 30 },
      { orderLineId: order.lines[1]?.lineId, quantity: 4 },
    ],
  })
})
afterAll(() => t.close())

function createReturn(lines: { orderLineId: string; quantity: number }[], key = idempotencyKey()) {
  return t.call('POST', `${dealer}/returns`, {
    token: orderer,
    headers: { 'idempotency-key': key },
    body: {
      lines: lines.map((line) => ({ orderId: order.id, ...line })),
      reason: 'quality',
      remark: '螺纹不良',
    },
  })
}

describe('returns', () => {
  it('limits the quantity to delivered − already returned, also across two returns', async () => {
    const boltLine = order.lines[0]?.lineId as string
    expectProblem(
      await createReturn([{ orderLineId: boltLine, quantity: 31 }]),
      'return.quantityAboveReturnable',
    )
    const first = await createReturn([{ orderLineId: boltLine, quantity: 20 }])
    expect(first.status, first.text).toBe(201)
    expect(Return.parse(first.body)).toMatchObject({
      status: 'under_review',
      amount: 20 * (order.lines[0]?.unitPrice ?? 0),
    })
    const second = await createReturn([{ orderLineId: boltLine, quantity: 11 }])
    expectProblem(second, 'return.quantityAboveReturnable')
    expect(second.body.params.returnable).toBe(10)
    expectProblem(await createReturn([{ orderLineId: boltLine, quantity: 0 }]), 'request.invalid')
    expectProblem(await createReturn([{ orderLineId: 'nope', quantity: 1 }]), 'return.lineNotFound')
    const other = await t.call('POST', `${dealer}/returns`, {
      token: orderer,
      headers: { 'idempotency-key': idempotencyKey() },
      body: { lines: [{ orderId: order.id, orderLineId: boltLine, quantity: 1 }], reason: 'other' },
    })
    expectProblem(other, 'return.reasonTextRequired')
  })

  it('refunds to where the order was paid from when the return is refunded', async () => {
    const line = order.lines[1]
    const created = Return.parse(
      (await createReturn([{ orderLineId: line?.lineId as string, quantity: 2 }])).body,
    )
    const before = (await t.call('GET', `${dealer}/balances`, { token: accountant })).body
    expectProblem(
      await t.operator('POST', `/returns/${created.number}/refund`),
      'return.invalidTransition',
    )
    await t.operator('POST', `/returns/${created.number}/approve`)
    await t.operator('POST', `/returns/${created.number}/receive`)
    const refunded = Return.parse(
      (await t.operator('POST', `/returns/${created.number}/refund`)).body,
    )
    expect(refunded.status).toBe('refunded')
    const refund = refunded.refund as { deposit: number; rebate: number; credit: number }
    expect(refund.deposit + refund.rebate + refund.credit).toBe(created.amount)
    expect(refund.credit).toBeGreaterThan(0)
    const after = (await t.call('GET', `${dealer}/balances`, { token: accountant })).body
    expect(after.deposit.balance - before.deposit.balance).toBe(refund.deposit)
    expect(after.rebate.balance - before.rebate.balance).toBe(refund.rebate)
    expect(before.credit.occupied - after.credit.occupied).toBe(refund.credit)
  })

  it('a rejected return makes the quantity returnable again', async () => {
    const boltLine = order.lines[0]?.lineId as string
    const feed = (await t.call('GET', `${dealer}/returns?limit=5000`, { token: orderer })).body
      .items
    const pending = feed
      .map((entry: { record: Return }) => entry.record)
      .find(
        (record: Return) =>
          record.status === 'under_review' && record.lines[0]?.orderLineId === boltLine,
      )
    await t.operator('POST', `/returns/${pending.id}/reject`, { reason: '超过退货期限' })
    expect((await createReturn([{ orderLineId: boltLine, quantity: 30 }])).status).toBe(201)
    expect(
      (await t.call('GET', `${dealer}/returns/${pending.id}`, { token: orderer })).body
        .rejectReason,
    ).toBe('超过退货期限')
  })
})

describe('invoice profiles and requests', () => {
  const validTaxpayerId = (first17: string) => first17 + taxpayerIdCheckCharacter(first17)

  it('validates the taxpayer ID and the fields the invoice type needs', async () => {
    const base = { type: 'vatGeneral', title: '成都蓉泰建材五金经营部' }
    const bad = await t.call('POST', `${dealer}/invoice-profiles`, {
      headers: { 'idempotency-key': idempotencyKey() },
      token: accountant,
      body: { ...base, taxpayerId: '91510107MA6CTKR510' },
    })
    expect(['invoice.taxpayerIdChecksum']).toContain(bad.body.code)
    expect(bad.body.params).toMatchObject({ field: 'taxpayerId', position: 18 })
    expectProblem(
      await t.call('POST', `${dealer}/invoice-profiles`, {
        headers: { 'idempotency-key': idempotencyKey() },
        token: accountant,
        body: { ...base, taxpayerId: '9151' },
      }),
      'invoice.taxpayerIdLength',
    )
    expectProblem(
      await t.call('POST', `${dealer}/invoice-profiles`, {
        headers: { 'idempotency-key': idempotencyKey() },
        token: accountant,
        body: { ...base, taxpayerId: '' },
      }),
      'invoice.taxpayerIdEmpty',
    )
    const special = await t.call('POST', `${dealer}/invoice-profiles`, {
      headers: { 'idempotency-key': idempotencyKey() },
      token: accountant,
      body: { ...base, type: 'vatSpecial', taxpayerId: validTaxpayerId('91510107MA6CTKR51') },
    })
    expectProblem(special, 'invoice.fieldRequired')
    expect(special.body.params.field).toBe('address')
    expectProblem(
      await t.call('POST', `${dealer}/invoice-profiles`, {
        headers: { 'idempotency-key': idempotencyKey() },
        token: orderer,
        body: base,
      }),
      'auth.forbidden',
    )
  })

  it('creates and deletes profiles', async () => {
    const created = await t.call('POST', `${dealer}/invoice-profiles`, {
      token: accountant,
      headers: { 'idempotency-key': idempotencyKey() },
      body: {
        type: 'electronicGeneral',
        title: '成都蓉泰',
        taxpayerId: validTaxpayerId('91510107MA6CTKR52').toLowerCase(),
        email: 'fin@rongtai.cn',
        isDefault: false,
      },
    })
    expect(created.status, created.text).toBe(201)
    const profile = InvoiceProfile.parse(created.body)
    expect(profile.taxpayerId).toBe(validTaxpayerId('91510107MA6CTKR52'))
    expect(
      (await t.call('DELETE', `${dealer}/invoice-profiles/${profile.id}`, { token: accountant }))
        .status,
    ).toBe(204)
    expectProblem(
      await t.call('DELETE', `${dealer}/invoice-profiles/${profile.id}`, { token: accountant }),
      'resource.notFound',
    )
  })

  it('saves a profile once per idempotency key (an outbox retry never saves it twice)', async () => {
    const key = idempotencyKey()
    const body = {
      type: 'vatGeneral',
      title: '成都蓉泰重放',
      taxpayerId: validTaxpayerId('91510107MA6CTKR53'),
    }
    const save = (payload: Record<string, unknown>) =>
      t.call('POST', `${dealer}/invoice-profiles`, {
        token: accountant,
        headers: { 'idempotency-key': key },
        body: payload,
      })
    const first = await save(body)
    const again = await save(body)
    expect(first.status, first.text).toBe(201)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(InvoiceProfile.parse(again.body).id).toBe(InvoiceProfile.parse(first.body).id)
    expectProblem(await save({ ...body, title: '另一个抬头' }), 'idempotency.conflict')
    const me = await t.call('GET', '/me', { token: accountant })
    const profiles =
      (me.body.dealers as { id: string; invoiceProfiles: { title: string }[] }[]).find(
        (entry) => entry.id === 'd_cd',
      )?.invoiceProfiles ?? []
    expect(profiles.filter((profile) => profile.title === body.title)).toHaveLength(1)
    expectProblem(
      await t.call('POST', `${dealer}/invoice-profiles`, { token: accountant, body }),
      'idempotency.keyRequired',
    )
  })

  it('refuses the wrong role: orderer → invoice request, accountant → order submission', async () => {
    const invoice = await t.call('POST', `${dealer}/invoice-requests`, {
      token: orderer,
      headers: { 'idempotency-key': idempotencyKey() },
      body: {
        type: 'vatGeneral',
        profileId: 'ipf_cd_1',
        orders: [{ orderId: order.id, amount: 100 }],
      },
    })
    expect(invoice.status).toBe(403)
    expectProblem(invoice, 'auth.forbidden')
    const submit = await t.call('POST', `${dealer}/orders`, {
      token: accountant,
      headers: { 'idempotency-key': idempotencyKey() },
      body: {
        lines: [{ productId: 'P000002', quantity: 50 }],
        addressId: 'adr_cd_1',
        payment: { deposit: 1, rebate: 0, credit: 0 },
      },
    })
    expect(submit.status).toBe(403)
    expectProblem(submit, 'auth.forbidden')
  })

  it('limits a request to the invoiceable amount and issues it', async () => {
    const current = Order.parse(
      (await t.call('GET', `${dealer}/orders/${order.id}`, { token: accountant })).body,
    )
    expect(current.invoiceableAmount).toBe(current.deliveredAmount - current.returnedAmount)
    const request = (amount: number) =>
      t.call('POST', `${dealer}/invoice-requests`, {
        token: accountant,
        headers: { 'idempotency-key': idempotencyKey() },
        body: {
          type: 'vatGeneral',
          profileId: 'ipf_cd_1',
          orders: [{ orderId: order.id, amount }],
        },
      })
    const above = await request(current.invoiceableAmount + 1)
    expectProblem(above, 'invoice.amountAboveInvoiceable')
    expect(above.body.params).toEqual({ orderId: order.id, invoiceable: current.invoiceableAmount })
    expectProblem(await request(0), 'request.invalid')
    const created = await request(current.invoiceableAmount - 100)
    expect(created.status, created.text).toBe(201)
    const record = InvoiceRequest.parse(created.body)
    expectProblem(await request(101), 'invoice.amountAboveInvoiceable')
    const special = await t.call('POST', `${dealer}/invoice-requests`, {
      token: accountant,
      headers: { 'idempotency-key': idempotencyKey() },
      body: {
        type: 'vatSpecial',
        profileId: 'ipf_cd_1',
        orders: [{ orderId: order.id, amount: 100 }],
      },
    })
    expectProblem(special, 'invoice.fieldRequired')
    const issued = InvoiceRequest.parse(
      (
        await t.operator('POST', `/invoice-requests/${record.number}/issue`, {
          invoiceNumber: '04412345',
        })
      ).body,
    )
    expect(issued).toMatchObject({ status: 'issued', invoiceNumber: '04412345' })
    expectProblem(
      await t.operator('POST', `/invoice-requests/${record.id}/reject`, { reason: 'late' }),
      'invoice.invalidTransition',
    )
    expect(
      (await t.call('GET', `${dealer}/invoice-requests?limit=3`, { token: accountant })).body.items
        .length,
    ).toBe(3)
  })
})
