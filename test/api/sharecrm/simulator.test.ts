/* eslint-disable @typescript-eslint/no-explicit-any -- raw ShareCRM wire JSON: the tests read the fields they check */
/**
 * The ShareCRM simulator over raw HTTP: its limits (paging, call budget, token expiry and rate),
 * error switches, the demo data in the default map's shape, writes with their side effects,
 * operator actions, hard deletes, describe drops and the data file.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decimalToFen } from '../../../server/backends/sharecrm/decimal'
import {
  SIM_CREDENTIALS,
  startShareCrmSim,
  type RunningSim,
} from '../../../server/sharecrm-sim/server'

let sim: RunningSim
let token = ''

async function post(
  path: string,
  body: unknown,
  traceId = 'trace-1',
): Promise<Record<string, any>> {
  const response = await fetch(`${sim.url}${path}?thirdTraceId=${traceId}`, {
    method: 'POST',
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, any>
}

async function fetchToken(): Promise<Record<string, any>> {
  const { appId, appSecret, permanentCode } = SIM_CREDENTIALS
  return post('/cgi/corpAccessToken/get/V2', { appId, appSecret, permanentCode })
}

const data = (path: string, payload: unknown, extra: Record<string, unknown> = {}) =>
  post(`/cgi/crm/v2/${path}`, {
    corpAccessToken: token,
    corpId: 'sim-corp',
    currentOpenUserId: 'FSUID_SIM',
    ...extra,
    data: payload,
  })

const query = (api: string, info: Record<string, unknown>) =>
  data('data/query', { dataObjectApiName: api, search_query_info: info })

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sim.url}/sim/${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = await response.json()
  if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(answer)}`)
  return answer
}

beforeAll(async () => {
  sim = await startShareCrmSim({
    port: 0,
    products: 200,
    seed: 1,
    callsPer20s: 1000,
    tokenCallsPerMinute: 1000,
  })
  token = String((await fetchToken()).corpAccessToken)
}, 120_000)
afterAll(async () => {
  await sim.close()
})

describe('demo data', () => {
  it('serves the sandbox seed as the default map’s objects, money as decimal strings', async () => {
    const dealers = await query('AccountObj', { limit: 10, offset: 0 })
    expect(dealers.errorCode).toBe(0)
    expect(dealers.data.dataList.map((dealer: any) => dealer._id).sort()).toEqual([
      'd_cd',
      'd_hk',
      'd_sh',
    ])
    const bolt = (
      await query('PriceBookProductObj', {
        limit: 1,
        offset: 0,
        filters: [{ field_name: '_id', operator: 'EQ', field_values: ['pl_std.P000002'] }],
      })
    ).data.dataList[0]
    expect(bolt).toMatchObject({
      pricebook_id: 'pl_std',
      product_id: 'P000002',
      pricebook_sellingprice: '46.00',
      min_order_qty__c: '20',
      order_step__c: '10',
    })
    const orders = await query('SalesOrderObj', { limit: 100, offset: 0 })
    expect(orders.data.total).toBeGreaterThan(20)
    for (const order of orders.data.dataList) {
      expect(order.order_amount).toMatch(/^\d+\.\d{2}$/)
      expect(
        decimalToFen(order.dd_deposit_amount__c) +
          decimalToFen(order.dd_rebate_amount__c) +
          decimalToFen(order.dd_credit_amount__c),
      ).toBe(decimalToFen(order.order_amount))
      expect(typeof order.last_modified_time).toBe('number')
      expect(['under_review', 'normal', 'ineffective', 'invalid']).toContain(order.life_status)
      expect(order.is_deleted).toBe(false)
    }
    const account = (
      await query('CustomerAccountObj', {
        limit: 1,
        offset: 0,
        filters: [{ field_name: 'customer_id', operator: 'EQ', field_values: ['d_sh'] }],
      })
    ).data.dataList[0]
    expect(decimalToFen(account.prepay_available_balance)).toBe(
      decimalToFen(account.prepay_balance) - decimalToFen(account.prepay_locked_balance),
    )
  })

  it('filters with IN / GT / GTE / LT, orders and projects fields', async () => {
    const all = (
      await query('ProductObj', {
        limit: 100,
        offset: 0,
        filters: [{ field_name: 'product_status', operator: 'IN', field_values: ['1', '2'] }],
      })
    ).data
    expect(all.total).toBe(200)
    const offSale = (
      await query('ProductObj', {
        limit: 100,
        offset: 0,
        filters: [{ field_name: 'product_status', operator: 'EQ', field_values: ['2'] }],
      })
    ).data
    expect(offSale.dataList.map((product: any) => product._id)).toEqual([
      'P000006',
      'P000097',
      'P000194',
    ])
    const byName = await query('SalesOrderObj', {
      limit: 5,
      offset: 0,
      orders: [{ fieldName: 'name', isAsc: false }],
      fieldProjection: ['name'],
    })
    const names = byName.data.dataList.map((order: any) => order.name)
    expect(names).toEqual([...names].sort().reverse())
    expect(Object.keys(byName.data.dataList[0]).sort()).toEqual(['_id', 'name'])
    const times = (await query('SalesOrderObj', { limit: 100, offset: 0 })).data.dataList.map(
      (order: any) => order.last_modified_time,
    )
    const middle = times[50]
    const later = (
      await query('SalesOrderObj', {
        limit: 100,
        offset: 0,
        filters: [{ field_name: 'last_modified_time', operator: 'GT', field_values: [middle] }],
      })
    ).data
    expect(later.dataList.every((order: any) => order.last_modified_time > middle)).toBe(true)
    const window = (
      await query('SalesOrderObj', {
        limit: 100,
        offset: 0,
        filters: [
          { field_name: 'last_modified_time', operator: 'GTE', field_values: [times[10]] },
          { field_name: 'last_modified_time', operator: 'LT', field_values: [times[20]] },
        ],
      })
    ).data
    expect(
      window.dataList.every(
        (order: any) =>
          order.last_modified_time >= times[10] && order.last_modified_time < times[20],
      ),
    ).toBe(true)
    expect(window.total).toBe(window.dataList.length)
  })
})

describe('limits', () => {
  it.each([
    [{ limit: 101, offset: 0 }],
    [{ limit: 0, offset: 0 }],
    [{ limit: 100, offset: 50 }],
    [{ limit: 100, offset: 10_100 }],
  ])('refuses paging %j with 10013', async (info) => {
    const answer = await query('ProductObj', info)
    expect(answer.errorCode).toBe(10013)
    expect(answer.errorMessage).toMatch(/limit|offset/)
  })

  it('accepts offset 10,000 exactly', async () => {
    expect((await query('ProductObj', { limit: 100, offset: 10_000 })).errorCode).toBe(0)
  })

  it('echoes thirdTraceId as traceId, also on errors', async () => {
    const answer = await post(
      '/cgi/crm/v2/data/query',
      { corpAccessToken: 'nope', corpId: 'sim-corp', currentOpenUserId: 'x', data: {} },
      'my-trace-77',
    )
    expect(answer).toMatchObject({ errorCode: 20016, traceId: 'my-trace-77' })
  })

  it('throttles an interface past its budget with 30004 and counts it', async () => {
    await control('PUT', 'settings', { callsPer20s: 3, budgetWindowMs: 60_000 })
    sim.control.windows.clear()
    try {
      const codes = []
      for (let index = 0; index < 5; index++)
        codes.push((await query('AccountObj', { limit: 1, offset: 0 })).errorCode)
      expect(codes).toEqual([0, 0, 0, 30004, 30004])
      expect((await data('object/describe', { apiName: 'AccountObj' })).errorCode).toBe(0) // another interface
    } finally {
      await control('PUT', 'settings', { callsPer20s: 1000, budgetWindowMs: 20_000 })
      sim.control.windows.clear()
    }
  })

  it('limits the token endpoint per minute', async () => {
    await control('PUT', 'settings', { tokenCallsPerMinute: 2 })
    sim.control.windows.clear()
    try {
      const codes = [
        (await fetchToken()).errorCode,
        (await fetchToken()).errorCode,
        (await fetchToken()).errorCode,
      ]
      expect(codes).toEqual([0, 0, 30004])
    } finally {
      await control('PUT', 'settings', { tokenCallsPerMinute: 1000 })
    }
  })

  it('expires tokens after expiresIn and on demand (20016)', async () => {
    await control('PUT', 'settings', { tokenTtlSeconds: 1 })
    const short = await fetchToken()
    expect(short.expiresIn).toBe(1)
    await control('PUT', 'settings', { tokenTtlSeconds: 7200 })
    const ask = (candidate: string) =>
      post('/cgi/crm/v2/data/query', {
        corpAccessToken: candidate,
        corpId: 'sim-corp',
        currentOpenUserId: 'u',
        data: { dataObjectApiName: 'AccountObj', search_query_info: { limit: 1, offset: 0 } },
      })
    expect((await ask(short.corpAccessToken)).errorCode).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await ask(short.corpAccessToken)).errorCode).toBe(20016)
    await control('POST', 'tokens/expire')
    expect((await ask(token)).errorCode).toBe(20016)
    token = String((await fetchToken()).corpAccessToken)
    expect((await ask(token)).errorCode).toBe(0)
  })

  it('refuses bad credentials', async () => {
    const answer = await post('/cgi/corpAccessToken/get/V2', {
      appId: 'sim-app',
      appSecret: 'x',
      permanentCode: 'sim-code',
    })
    expect(answer.errorCode).not.toBe(0)
    expect(answer.corpAccessToken).toBeUndefined()
  })
})

describe('switches', () => {
  it.each([20016, 30004, 14001, -1, 50009, 30002, 30003])(
    'forces %i on the next N calls of one interface',
    async (code) => {
      await control('POST', 'faults', { iface: 'data/query', errorCode: code, count: 2 })
      const codes = []
      for (let index = 0; index < 3; index++)
        codes.push((await query('AccountObj', { limit: 1, offset: 0 })).errorCode)
      expect(codes).toEqual([code, code, 0])
    },
  )

  it('forces a refusal with its message, and * hits every data interface', async () => {
    await control('POST', 'faults', {
      iface: '*',
      errorCode: 10001,
      errorMessage: '审批流拒绝：超出信用额度',
      count: 1,
    })
    const answer = await data('object/describe', { apiName: 'AccountObj' })
    expect(answer).toMatchObject({ errorCode: 10001, errorMessage: '审批流拒绝：超出信用额度' })
    expect((await data('object/describe', { apiName: 'AccountObj' })).errorCode).toBe(0)
  })

  it('adds latency', async () => {
    await control('PUT', 'settings', { latencyByIface: { 'object/describe': 300 } })
    try {
      const started = Date.now()
      await data('object/describe', { apiName: 'AccountObj' })
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
    } finally {
      await control('PUT', 'settings', { latencyByIface: { 'object/describe': 0 } })
    }
  })

  it('drops a mapped field from describe and restores it', async () => {
    const before = await data('object/describe', {
      apiName: 'PriceBookProductObj',
      includeDetail: true,
    })
    expect(before.data.describe.fields.min_order_qty__c).toMatchObject({
      api_name: 'min_order_qty__c',
      type: 'number',
    })
    await control('POST', 'describe/drop', {
      object: 'PriceBookProductObj',
      field: 'min_order_qty__c',
    })
    const after = await data('object/describe', { apiName: 'PriceBookProductObj' })
    expect(after.data.describe.fields.min_order_qty__c).toBeUndefined()
    expect(after.data.describe.fields.pricebook_sellingprice).toBeDefined()
    await control('POST', 'describe/restore')
    const units = (await data('object/describe', { apiName: 'ProductObj' })).data.describe.fields
      .unit.options
    expect(units).toContainEqual({ value: 'box', label: '盒' })
  })
})

describe('writes and operator actions', () => {
  const newOrder = async (key: string, deposit = '92.00') => {
    const answer = await data(
      'data/create',
      {
        object_data: {
          dataObjectApiName: 'SalesOrderObj',
          account_id: 'd_sh',
          dd_idempotency_key__c: key,
          dd_deposit_amount__c: deposit,
          dd_rebate_amount__c: '0.00',
          dd_credit_amount__c: '0.00',
          ship_to_add: '上海市浦东新区',
        },
        details: {
          SalesOrderProductObj: [
            { product_id: 'P000002', quantity: '2', sales_price: '46.00', subtotal: '92.00' },
          ],
        },
      },
      { triggerApprovalFlow: true },
    )
    expect(answer.errorCode, JSON.stringify(answer)).toBe(0)
    return String(answer.dataId)
  }
  const balance = () =>
    sim.store.find('CustomerAccountObj', (record) => record.customer_id === 'd_sh')[0]!

  it('creates an order under review with its lines and locks the deposit', async () => {
    const before = balance()
    const id = await newOrder('k-1')
    const order = sim.store.get('SalesOrderObj', id)!
    expect(order).toMatchObject({
      life_status: 'under_review',
      order_amount: '92.00',
      dd_idempotency_key__c: 'k-1',
    })
    expect(order.name).toMatch(/^SO\d{8}-\d{4}$/)
    expect(sim.store.find('SalesOrderProductObj', (line) => line.order_id === id)).toHaveLength(1)
    expect(decimalToFen(balance().prepay_locked_balance)).toBe(
      decimalToFen(before.prepay_locked_balance) + 9200,
    )
    const found = await query('SalesOrderObj', {
      limit: 1,
      offset: 0,
      filters: [{ field_name: 'dd_idempotency_key__c', operator: 'EQ', field_values: ['k-1'] }],
    })
    expect(found.data.dataList[0]._id).toBe(id)
  })

  it('refuses floats for money, unknown lookups and missing fields', async () => {
    const floats = await data('data/create', {
      object_data: {
        dataObjectApiName: 'SalesOrderObj',
        account_id: 'd_sh',
        dd_deposit_amount__c: 92,
      },
    })
    expect(floats.errorCode).toBe(10001)
    const lookup = await data('data/create', {
      object_data: { dataObjectApiName: 'SalesOrderObj', account_id: 'nobody' },
    })
    expect(lookup.errorMessage).toContain('account_id')
    const missing = await data('data/create', {
      object_data: { dataObjectApiName: 'dd_statement__c', account_id: 'd_sh' },
    })
    expect(missing.errorMessage).toContain('period')
  })

  it('approve → ship → receipt update moves times forward as CRM users would', async () => {
    const lockedBefore = decimalToFen(balance().prepay_locked_balance)
    const id = await newOrder('k-2')
    const created = sim.store.get('SalesOrderObj', id)!.last_modified_time
    const approved = await control('POST', `orders/${id}/approve`)
    expect(approved.life_status).toBe('normal')
    expect(approved.last_modified_time).toBeGreaterThan(created)
    const { note, lines } = await control('POST', `orders/${id}/ship`, { carrier: '德邦物流' })
    expect(note).toMatchObject({
      sales_order_id: id,
      status: 'has_delivered',
      express_org: '德邦物流',
    })
    expect(lines[0]).toMatchObject({ delivery_num: '2', product_id: 'P000002' })
    const shippedAgain = await fetch(`${sim.url}/sim/orders/${id}/ship`, {
      method: 'POST',
      body: '{}',
    })
    expect(shippedAgain.status).toBe(409)
    const update = await data('data/update', {
      object_data: {
        dataObjectApiName: 'DeliveryNoteObj',
        _id: note._id,
        status: 'received',
        receive_date: Date.now(),
      },
    })
    expect(update.errorCode).toBe(0)
    expect(decimalToFen(balance().prepay_locked_balance)).toBe(lockedBefore)
    expect(sim.store.get('DeliveryNoteObj', note._id)!.last_modified_time).toBeGreaterThan(
      note.last_modified_time,
    )
    expect(
      sim.store.find('AccountTransactionFlowObj', (flow) => flow.related_object_id === id),
    ).toEqual([])
    const flows = sim.store.find(
      'AccountTransactionFlowObj',
      (flow) => flow.related_object_id === note._id,
    )
    expect(
      flows.map((flow) => [flow.fund_account_type, flow.amount, flow.related_object_api_name]),
    ).toEqual([['deposit', '-92.00', 'DeliveryNoteObj']])
  })

  it('ships in parts and deducts each part in proportion to the payment', async () => {
    const answer = await data(
      'data/create',
      {
        object_data: {
          dataObjectApiName: 'SalesOrderObj',
          account_id: 'd_sh',
          dd_deposit_amount__c: '100.00',
          dd_rebate_amount__c: '38.00',
          dd_credit_amount__c: '0.00',
        },
        details: {
          SalesOrderProductObj: [
            { product_id: 'P000002', quantity: '3', sales_price: '46.00', subtotal: '138.00' },
          ],
        },
      },
      { triggerApprovalFlow: true },
    )
    const id = String(answer.dataId)
    await control('POST', `orders/${id}/approve`)
    const line = sim.store.find(
      'SalesOrderProductObj',
      (candidate) => candidate.order_id === id,
    )[0]!
    const first = await control('POST', `orders/${id}/ship`, {
      lines: [{ lineId: line._id, quantity: 1 }],
    })
    const second = await control('POST', `orders/${id}/ship`)
    expect(second.lines[0].delivery_num).toBe('2')
    const moved = (noteId: string) =>
      sim.store
        .find('AccountTransactionFlowObj', (flow) => flow.related_object_id === noteId)
        .map((flow) => [String(flow.fund_account_type), decimalToFen(flow.amount)])
    const firstMoves = moved(first.note._id)
    const secondMoves = moved(second.note._id)
    expect(firstMoves).toEqual([
      ['deposit', -3333],
      ['rebate', -1267],
    ])
    const sum = (moves: (string | number)[][], fund: string) =>
      moves
        .filter(([kind]) => kind === fund)
        .reduce((total, [, amount]) => total + Number(amount), 0)
    expect(sum([...firstMoves, ...secondMoves], 'deposit')).toBe(-10_000)
    expect(sum([...firstMoves, ...secondMoves], 'rebate')).toBe(-3800)
  })

  it('reject releases the lock; void of an order under review too; a confirmed order cannot be voided', async () => {
    const lockedBefore = decimalToFen(balance().prepay_locked_balance)
    const rejected = await newOrder('k-3')
    await control('POST', `orders/${rejected}/reject`, { reason: '价格有误' })
    expect(sim.store.get('SalesOrderObj', rejected)!.life_status).toBe('ineffective')
    const voided = await newOrder('k-4')
    expect(
      (await data('data/invalid', { dataObjectApiName: 'SalesOrderObj', object_data_id: voided }))
        .errorCode,
    ).toBe(0)
    expect(sim.store.get('SalesOrderObj', voided)!.life_status).toBe('invalid')
    expect(
      sim.store.find('SalesOrderProductObj', (line) => line.order_id === voided)[0]!.life_status,
    ).toBe('invalid')
    expect(decimalToFen(balance().prepay_locked_balance)).toBe(lockedBefore)
    const confirmed = await newOrder('k-5')
    await control('POST', `orders/${confirmed}/approve`)
    const refused = await data('data/invalid', {
      dataObjectApiName: 'SalesOrderObj',
      object_data_id: confirmed,
    })
    expect(refused.errorCode).toBe(10001)
  })

  it('returns: approve, receive, refund (RefundObj + flow); invoices: issue', async () => {
    const order = await newOrder('k-6')
    await control('POST', `orders/${order}/approve`)
    await control('POST', `orders/${order}/ship`)
    const line = sim.store.find(
      'SalesOrderProductObj',
      (candidate) => candidate.order_id === order,
    )[0]!
    const created = await data(
      'data/create',
      {
        object_data: {
          dataObjectApiName: 'ReturnedGoodsInvoiceObj',
          account_id: 'd_sh',
          order_id: order,
          returned_goods_inv_amount: '46.00',
          returned_goods_reason: 'quality',
        },
        details: {
          ReturnedGoodsInvoiceProductObj: [
            {
              order_product_id: line._id,
              product_id: 'P000002',
              quantity: '1',
              returned_product_price: '46.00',
              subtotal: '46.00',
            },
          ],
        },
      },
      { triggerApprovalFlow: true },
    )
    const ret = String(created.dataId)
    expect(sim.store.get('ReturnedGoodsInvoiceObj', ret)).toMatchObject({
      status: 'under_review',
      life_status: 'under_review',
    })
    await control('POST', `returns/${ret}/approve`)
    await control('POST', `returns/${ret}/receive`)
    const { refunds } = await control('POST', `returns/${ret}/refund`)
    expect(
      refunds.map((refund: any) => [
        refund.fund_account_type,
        refund.refunded_amount,
        refund.returned_goods_invoice_id,
      ]),
    ).toEqual([['deposit', '46.00', ret]])
    expect(sim.store.get('ReturnedGoodsInvoiceObj', ret)!.status).toBe('refunded')

    const invoice = await data(
      'data/create',
      {
        object_data: {
          dataObjectApiName: 'InvoiceApplicationObj',
          account_id: 'd_sh',
          account_fin_info_id: 'ipf_sh_1',
          invoice_type: 'vatSpecial',
          invoice_applied_amount: '46.00',
        },
        details: { InvoiceApplicationLinesObj: [{ order_id: order, invoiced_amount: '46.00' }] },
      },
      { triggerApprovalFlow: true },
    )
    const issued = await control('POST', `invoices/${invoice.dataId}/issue`, {
      invoiceNumber: '04400261',
    })
    expect(issued).toMatchObject({
      invoice_status: 'issued',
      invoice_no__c: '04400261',
      life_status: 'normal',
    })
  })

  it('top-up and rebate grant write a flow row and raise the balance', async () => {
    const before = balance()
    await control('POST', 'accounts/d_sh/top-up', { amount: 123_456 })
    await control('POST', 'accounts/d_sh/rebate-grant', { amount: 29 })
    const after = balance()
    expect(decimalToFen(after.prepay_balance) - decimalToFen(before.prepay_balance)).toBe(123_456)
    expect(
      decimalToFen(after.rebate_available_balance) - decimalToFen(before.rebate_available_balance),
    ).toBe(29)
    expect(after.last_modified_time).toBeGreaterThan(before.last_modified_time)
    const flows = sim.store
      .find('AccountTransactionFlowObj', (flow) => flow.account_id === 'd_sh')
      .slice(-2)
    expect(flows.map((flow) => [flow.fund_account_type, flow.amount])).toEqual([
      ['deposit', '1234.56'],
      ['rebate', '0.29'],
    ])
  })

  it('upserts raw records and changes fields as a CRM user (is_deleted, times)', async () => {
    const { ids } = await control('POST', 'records/ProductObj', {
      records: [{ _id: 'P_NEW', name: '新品', product_status: '1' }],
    })
    expect(ids).toEqual(['P_NEW'])
    const created = await control('GET', 'records/ProductObj?id=P_NEW')
    const deleted = await control('PATCH', 'records/ProductObj/P_NEW', { is_deleted: true })
    expect(deleted.is_deleted).toBe(true)
    expect(deleted.last_modified_time).toBeGreaterThan(created.last_modified_time)
    const since = await query('ProductObj', {
      limit: 100,
      offset: 0,
      filters: [
        {
          field_name: 'last_modified_time',
          operator: 'GTE',
          field_values: [deleted.last_modified_time],
        },
      ],
    })
    expect(since.data.dataList.map((product: any) => [product._id, product.is_deleted])).toEqual([
      ['P_NEW', true],
    ])
    const requests = await control('GET', 'requests')
    expect(requests.at(-1)).toMatchObject({ iface: 'data/query', errorCode: 0, traceId: 'trace-1' })
  })

  it('hard-deletes a record: it disappears from queries without a tombstone', async () => {
    const before = (await query('ProductObj', { limit: 1, offset: 0 })).data.total
    await control('DELETE', 'records/ProductObj/P000150')
    const after = await query('ProductObj', { limit: 100, offset: 100 })
    expect(after.data.total).toBe(before - 1)
    expect(after.data.dataList.some((product: any) => product._id === 'P000150')).toBe(false)
  })
})

describe('data file', () => {
  let directory = ''
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sharecrm-sim-'))
  })
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true })
  })

  it('seeds deterministically; a second start reads the same records from the seed cache', async () => {
    const anchor = Date.UTC(2026, 10, 30, 4)
    const first = await startShareCrmSim({ port: 0, products: 120, seed: 3, anchor })
    const second = await startShareCrmSim({ port: 0, products: 120, seed: 3, anchor })
    try {
      expect(second.store.toJson()).toBe(first.store.toJson())
      expect(second.store.count('SalesOrderObj')).toBeGreaterThan(10)
      first.store.put('AccountObj', { _id: 'd_only_first', name: 'x' })
      expect(second.store.get('AccountObj', 'd_only_first')).toBeUndefined()
    } finally {
      await first.close()
      await second.close()
    }
  })

  it('keeps records and changes across restarts', async () => {
    const file = join(directory, 'sim.json')
    const first = await startShareCrmSim({ port: 0, empty: true, dataFile: file })
    first.store.put('AccountObj', { _id: 'd_x', name: '持久化经销商' })
    first.ops.topUp('d_x', 500)
    await first.close()
    const second = await startShareCrmSim({ port: 0, dataFile: file })
    try {
      expect(second.store.get('AccountObj', 'd_x')?.name).toBe('持久化经销商')
      expect(
        second.store.find('CustomerAccountObj', (record) => record.customer_id === 'd_x')[0]
          ?.prepay_balance,
      ).toBe('5.00')
      const next = second.store.touch()
      expect(next).toBeGreaterThan(second.store.get('AccountObj', 'd_x')!.last_modified_time)
    } finally {
      await second.close()
    }
  })
})

describe('look-ups by id', () => {
  it('answers _id IN with every other filter applied, in key order, with total', async () => {
    const ids = ['P000010', 'P000003', 'P000097', 'missing', 'P000010']
    const answer = await query('ProductObj', {
      limit: 100,
      offset: 0,
      filters: [{ field_name: '_id', operator: 'IN', field_values: ids }],
    })
    expect(answer.data.total).toBe(3)
    expect(answer.data.dataList.map((product: any) => product._id)).toEqual([
      'P000003',
      'P000010',
      'P000097',
    ])
    const onSale = await query('ProductObj', {
      limit: 100,
      offset: 0,
      filters: [
        { field_name: '_id', operator: 'IN', field_values: ids },
        { field_name: 'product_status', operator: 'EQ', field_values: ['1'] },
      ],
    })
    expect(onSale.data.dataList.map((product: any) => product._id)).toEqual(['P000003', 'P000010'])
  })
})
