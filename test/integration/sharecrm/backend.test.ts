/**
 * The ShareCRM backend end to end on loopback: the simulator, a gateway on embedded PostgreSQL
 * (PGlite) over it, real HTTP. The mirror is driven tick by tick so each step is deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildFieldMap } from '../../../server/backends/sharecrm/fieldMap'
import { createMirror } from '../../../server/backends/sharecrm/mirror/mirror'
import type { GatewayConfig } from '../../../server/gateway/config'
import { startShareCrmGateway, type RunningGateway } from '../../../server/gateway/start'
import { startShareCrmSim, type RunningSim } from '../../../server/sharecrm-sim/server'

let sim: RunningSim
let gateway: RunningGateway
let dealerId: string
let token: string
/** The gateway's log: every upstream call with its thirdTraceId and the Portal request's id. */
const logged: Record<string, unknown>[] = []

function config(url: string): GatewayConfig {
  return {
    database: 'memory:',
    host: '127.0.0.1',
    port: 0,
    sharecrm: {
      baseUrl: url,
      appId: 'sim-app',
      appSecret: 'sim-secret',
      permanentCode: 'sim-code',
      openUserId: 'FSUID_SIM',
      pollSeconds: 3600,
      callsPer20s: 80,
    },
    mapping: {},
    fieldMap: buildFieldMap(),
  }
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${gateway.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  }
}

async function readFeed(path: string) {
  const items: {
    id: string
    modifiedAt: number
    deleted: boolean
    record?: Record<string, unknown>
  }[] = []
  let query = 'since=0&limit=500'
  for (;;) {
    const page = await call('GET', `${path}?${query}`)
    expect(page.status).toBe(200)
    items.push(...page.body.items)
    if (!page.body.nextCursor) return items
    query = `since=${page.body.nextCursor.since}&after=${encodeURIComponent(page.body.nextCursor.after)}&limit=500`
  }
}

beforeAll(async () => {
  sim = await startShareCrmSim({ port: 0, products: 300, seed: 1 })
  const log = (message: string, fields?: Record<string, unknown>) =>
    logged.push({ message, ...fields })
  gateway = await startShareCrmGateway(config(sim.url), {
    poll: false,
    instanceId: 'test',
    log: { info: log, warn: log },
  })
  dealerId = String(sim.store.all('AccountObj')[0]?._id)
  await gateway.backend.users.add({
    account: 'li.qiang',
    displayName: '李强',
    password: 'correct horse',
    memberships: [{ dealerId, roles: ['orderer', 'accountant'] }],
  })
  const login = await call('POST', '/api/v1/auth/login', {
    account: 'li.qiang',
    password: 'correct horse',
  })
  expect(login.status).toBe(200)
  token = login.body.accessToken
}, 120_000)

afterAll(async () => {
  await gateway?.close()
  await sim?.close()
})

describe('ShareCRM backend over the simulator', () => {
  it('answers 503 gateway.mirrorNotReady with Retry-After until the first fill is done', async () => {
    const early = await call('GET', `/api/v1/dealers/${dealerId}/products`)
    expect(early.status).toBe(503)
    expect(early.body.code).toBe('gateway.mirrorNotReady')
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await call('GET', '/health')).body).toMatchObject({
      status: 'ok',
      backend: 'sharecrm',
      mirror: 'filling',
    })
    sim.control.resetCounters()
    await gateway.mirror.tick()
    expect((await call('GET', '/health')).body).toMatchObject({
      mirror: 'ready',
      leader: { instance: 'test' },
    })
    // The first fill reads each object once, 100 rows a call: no more calls than pages.
    const pages = (
      await gateway.db.query<{ rows: number }>('SELECT rows FROM poller_state')
    ).reduce((sum, row) => sum + Math.max(1, Math.ceil(Number(row.rows) / 100)), 0)
    expect(sim.control.counters.calls['data/query']).toBe(pages)
  }, 120_000)

  it('serves products, price lists and items from the mirror, money exactly in fen', async () => {
    const products = await readFeed(`/api/v1/dealers/${dealerId}/products`)
    expect(products.filter((entry) => !entry.deleted)).toHaveLength(sim.store.count('ProductObj'))
    const sample = sim.store.all('ProductObj')[0]!
    const product = products.find((entry) => entry.id === sample._id)!.record!
    expect(product).toMatchObject({
      sku: sample.product_code,
      nameZh: sample.name,
      status: sample.product_status === '1' ? 'onSale' : 'offSale',
    })
    expect(product.categoryNameZh).not.toBe(sample.category)

    const lists = await readFeed(`/api/v1/dealers/${dealerId}/price-lists`)
    const assigned = sim.store
      .all('PriceBookAccountObj')
      .filter((row) => row.account_id === dealerId)
    expect(lists.map((entry) => entry.id).sort()).toEqual(
      assigned.map((row) => String(row.pricebook_id)).sort(),
    )
    const listId = lists[0]!.id
    const items = await readFeed(`/api/v1/dealers/${dealerId}/price-lists/${listId}/items`)
    const upstream = sim.store
      .all('PriceBookProductObj')
      .filter((row) => row.pricebook_id === listId)
    expect(items).toHaveLength(upstream.length)
    const one = upstream[0]!
    const [yuan, cents = ''] = String(one.pricebook_sellingprice).split('.')
    expect(items.find((entry) => entry.id === one._id)!.record!.price).toBe(
      Number(yuan) * 100 + Number(cents.padEnd(2, '0')),
    )
    // Incremental: nothing after the last cursor.
    const last = items.at(-1)!
    const next = await call(
      'GET',
      `/api/v1/dealers/${dealerId}/price-lists/${listId}/items?since=${last.modifiedAt}&after=${last.id}`,
    )
    expect(next.body).toEqual({ items: [], nextCursor: null })
  }, 120_000)

  it('polls only what changed once the mirror is filled: one call per stream, a changed product comes through', async () => {
    await gateway.mirror.tick()
    sim.control.resetCounters()
    await gateway.mirror.tick()
    const streams = gateway.mirror.streams.length
    expect(sim.control.counters.calls['data/query']).toBe(streams)
    const product = sim.store.all('ProductObj')[5]!
    sim.store.patch('ProductObj', product._id, { name: '改名的产品' })
    await gateway.mirror.tick()
    const products = await readFeed(`/api/v1/dealers/${dealerId}/products`)
    expect(products.find((entry) => entry.id === product._id)?.record?.nameZh).toBe('改名的产品')
  }, 120_000)

  it('answers 503 for a dealer added later until its first fill is done, serving the others meanwhile', async () => {
    const oldToken = token
    const newDealer = 'acct_added_later'
    await gateway.backend.users.add({
      account: 'new.dealer',
      displayName: '新经销商',
      password: 'correct horse',
      memberships: [{ dealerId: newDealer, roles: ['orderer', 'accountant'] }],
    })
    const login = await call('POST', '/api/v1/auth/login', {
      account: 'new.dealer',
      password: 'correct horse',
    })
    expect(login.status).toBe(200)
    const newToken = login.body.accessToken as string
    const as = async (bearer: string, path: string) => {
      token = bearer
      try {
        return await call('GET', path)
      } finally {
        token = oldToken
      }
    }
    const notReady = async (path: string) => {
      const answer = await as(newToken, path)
      expect(answer.status).toBe(503)
      expect(answer.body.code).toBe('gateway.mirrorNotReady')
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    // Not in the mirror at all yet (created in ShareCRM after the last poll, or not at all).
    await notReady(`/api/v1/dealers/${newDealer}/products`)

    sim.store.put('AccountObj', { _id: newDealer, name: '后加经销商', account_no: 'D-LATE' })
    sim.store.put('AccountAddrObj', {
      account_id: newDealer,
      address: '上海市浦东新区 1 号',
      contact_name__c: '王五',
      tel: '13800000000',
      is_default_add: true,
    })
    const list = sim.store.all('PriceBookObj')[0]!
    sim.store.put('PriceBookAccountObj', { pricebook_id: list._id, account_id: newDealer })
    // This poll sees the dealer, then the orders stream fails: the dealer's first fill is not
    // done, so its data stay unavailable, while the dealer filled before is served throughout.
    sim.control.addFault('data/query', { errorCode: 10001, object: 'SalesOrderObj', count: 1 })
    await gateway.mirror.tick()
    for (const feed of [
      'products',
      'price-lists',
      'orders',
      'deliveries',
      'returns',
      'invoice-requests',
    ])
      await notReady(`/api/v1/dealers/${newDealer}/${feed}`)
    await notReady(`/api/v1/dealers/${newDealer}/balances`)
    expect((await call('GET', `/api/v1/dealers/${dealerId}/products?limit=1`)).status).toBe(200)
    expect((await call('GET', `/api/v1/dealers/${dealerId}/orders?limit=1`)).status).toBe(200)
    expect((await call('GET', `/api/v1/dealers/${dealerId}/balances`)).status).toBe(200)
    const filling = (await call('GET', '/health')).body
    expect(filling).toMatchObject({
      mirror: 'ready',
      dealers: { filling: 1, fillingDealers: [{ dealerId: newDealer }] },
    })
    expect(filling.dealers.ready).toBeGreaterThanOrEqual(1)
    expect(filling.streams.SalesOrderObj.lastError).toMatch(/10001/)

    await gateway.mirror.tick()
    const lists = await as(newToken, `/api/v1/dealers/${newDealer}/price-lists?since=0`)
    expect(lists.status).toBe(200)
    expect(lists.body.items.map((entry: { id: string }) => entry.id)).toEqual([list._id])
    expect((await as(newToken, `/api/v1/dealers/${newDealer}/orders`)).status).toBe(200)
    const me = await as(newToken, '/api/v1/me')
    expect(me.body.dealers[0].addresses[0]).toMatchObject({ contact: '王五', isDefault: true })
    expect((await call('GET', '/health')).body.dealers).toMatchObject({
      filling: 0,
      fillingDealers: [],
    })
  }, 120_000)

  it('takes a spent daily quota as an outage: the poll stops at once, the mirror is still served', async () => {
    sim.control.resetCounters()
    sim.control.addFault('data/query', { errorCode: 30002 })
    await gateway.mirror.tick()
    // One refused call, no retry, and none for the remaining streams.
    expect(sim.control.counters.calls['data/query']).toBe(1)
    const health = (await call('GET', '/health')).body
    expect(health.mirror).toBe('ready')
    expect(health.streams.AccountObj.lastError).toMatch(/30002/)
    expect((await call('GET', `/api/v1/dealers/${dealerId}/products?limit=1`)).status).toBe(200)
    sim.control.resetCounters()
    await gateway.mirror.tick()
    expect(sim.control.counters.calls['data/query']).toBe(gateway.mirror.streams.length)
    expect((await call('GET', '/health')).body.streams.AccountObj.lastError).toBeNull()
  }, 120_000)

  let orderId = ''
  it('submits an order once per Idempotency-Key, and sees its approval arrive by the feed', async () => {
    const me = (await call('GET', '/api/v1/me')).body
    const address = me.dealers[0].addresses[0]
    const quoteLines = await sellableLines()
    const quote = await call('POST', `/api/v1/dealers/${dealerId}/orders/quote`, {
      lines: quoteLines,
    })
    expect(quote.status).toBe(200)
    expect(quote.body.problems).toEqual([])
    const before = sim.store.count('SalesOrderObj')
    const request = {
      lines: quoteLines,
      addressId: address.id,
      payment: quote.body.suggestedPayment,
      expectedTotal: quote.body.total,
    }
    const [first, second] = await Promise.all([
      call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
        'idempotency-key': 'order-key-0001',
      }),
      call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
        'idempotency-key': 'order-key-0001',
      }),
    ])
    expect([first.status, second.status]).toEqual([201, 201])
    // The create is logged with its thirdTraceId and the id of the Portal request that made it
    // (Fastify's request id, the one its own log lines carry), not the Idempotency-Key.
    const creates = logged.filter(
      (entry) => entry.event === 'sharecrm.call' && String(entry.path).endsWith('/data/create'),
    )
    expect(creates).toHaveLength(1)
    expect(creates[0]!.requestId).toMatch(/^req-/)
    expect(
      sim.control.requests.filter((request) => request.iface === 'data/create').at(-1)?.traceId,
    ).toBe(creates[0]!.traceId)
    expect(second.body).toEqual(first.body)
    expect(sim.store.count('SalesOrderObj')).toBe(before + 1)
    expect(first.body).toMatchObject({ status: 'under_review', total: quote.body.total, dealerId })
    orderId = first.body.id
    const created = sim.store.get('SalesOrderObj', orderId)!
    expect(created.dd_idempotency_key__c).toBe('order-key-0001')

    sim.ops.approveOrder(orderId)
    await gateway.mirror.tick()
    const orders = await readFeed(`/api/v1/dealers/${dealerId}/orders`)
    const approved = orders.find((entry) => entry.id === orderId)!
    expect(approved.record!.status).toBe('confirmed')
    expect(approved.modifiedAt).toBeGreaterThan(first.body.modifiedAt)
    expect(
      (approved.record!.statusHistory as { status: string }[]).map((entry) => entry.status),
    ).toEqual(['under_review', 'confirmed'])
  }, 120_000)

  it('finds the order an attempt created when its answer was lost, instead of creating a second', async () => {
    const me = (await call('GET', '/api/v1/me')).body
    const lines = await sellableLines()
    const quote = (await call('POST', `/api/v1/dealers/${dealerId}/orders/quote`, { lines })).body
    const before = sim.store.count('SalesOrderObj')
    sim.control.addFault('data/create', { errorCode: 50009, afterProcessing: true, count: 1 })
    const request = {
      lines,
      addressId: me.dealers[0].addresses[0].id,
      payment: quote.suggestedPayment,
    }
    const answer = await call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
      'idempotency-key': 'order-key-0002',
    })
    expect(answer.status).toBe(201)
    expect(sim.store.count('SalesOrderObj')).toBe(before + 1)
    expect(sim.store.get('SalesOrderObj', answer.body.id)?.dd_idempotency_key__c).toBe(
      'order-key-0002',
    )
  }, 120_000)

  it("answers ShareCRM's refusal as upstream.refused with its message, and a spent quota as gateway.upstreamQuota", async () => {
    const me = (await call('GET', '/api/v1/me')).body
    const lines = await sellableLines()
    const quote = (await call('POST', `/api/v1/dealers/${dealerId}/orders/quote`, { lines })).body
    const request = {
      lines,
      addressId: me.dealers[0].addresses[0].id,
      payment: quote.suggestedPayment,
    }
    sim.control.addFault('data/create', {
      errorCode: 10001,
      errorMessage: '信用额度审批未通过',
      count: 1,
    })
    const refused = await call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
      'idempotency-key': 'order-key-0003',
    })
    expect(refused.status).toBe(422)
    expect(refused.body).toMatchObject({
      code: 'upstream.refused',
      params: { message: '信用额度审批未通过' },
    })
    sim.control.addFault('data/create', { errorCode: 30002, count: 1 })
    const quota = await call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
      'idempotency-key': 'order-key-0003',
    })
    expect(quota.status).toBe(503)
    expect(quota.body.code).toBe('gateway.upstreamQuota')
    // The key was released: the same request goes through once ShareCRM accepts it.
    const accepted = await call('POST', `/api/v1/dealers/${dealerId}/orders`, request, {
      'idempotency-key': 'order-key-0003',
    })
    expect(accepted.status).toBe(201)
  }, 120_000)

  it('cancels an order under review by voiding it in ShareCRM', async () => {
    const orders = await readFeed(`/api/v1/dealers/${dealerId}/orders`)
    const open = orders.find(
      (entry) => entry.record?.status === 'under_review' && entry.id !== orderId,
    )!
    const cancelled = await call(
      'POST',
      `/api/v1/dealers/${dealerId}/orders/${open.id}/cancel`,
      {},
      { 'idempotency-key': 'cancel-key-0001' },
    )
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.status).toBe('cancelled')
    expect(sim.store.get('SalesOrderObj', open.id)?.life_status).toBe('invalid')
  }, 120_000)

  it('tombstones in the feed a record ShareCRM deleted outright, at the reconcile pass', async () => {
    const victim = sim.store.all('ProductObj').at(-1)!
    sim.store.remove('ProductObj', victim._id)
    expect(await gateway.mirror.reconcile()).toBeGreaterThanOrEqual(1)
    const products = await readFeed(`/api/v1/dealers/${dealerId}/products`)
    expect(products.find((entry) => entry.id === victim._id)).toMatchObject({ deleted: true })
  }, 120_000)

  it('serves the dealers of a database mirrored before per-dealer readiness after its first poll', async () => {
    // As the per-dealer readiness migration leaves a database filled before it: no dealer rows, no
    // read numbers.
    await gateway.db.query('DELETE FROM mirror_dealers')
    await gateway.db.query('UPDATE poller_state SET read_no = 0, complete_read_no = 0')
    const upgraded = createMirror({
      db: gateway.db,
      api: gateway.client,
      map: buildFieldMap(),
      pollMs: 3_600_000,
      instanceId: 'upgraded',
    })
    expect(await upgraded.dealerReady(dealerId)).toBe(false)
    await upgraded.pollOnce() // (the gateway's own mirror holds the leadership)
    expect(await upgraded.dealerReady(dealerId)).toBe(true)
    await upgraded.stop()
  }, 120_000)
})

/** Two on-sale products of the dealer's lists, at their minimum quantity. */
async function sellableLines() {
  const lists = await readFeed(`/api/v1/dealers/${dealerId}/price-lists`)
  const items = await readFeed(`/api/v1/dealers/${dealerId}/price-lists/${lists[0]!.id}/items`)
  const onSale = new Set(
    sim.store
      .all('ProductObj')
      .filter((row) => row.product_status === '1')
      .map((row) => row._id),
  )
  return items
    .filter((entry) => !entry.deleted && onSale.has(String(entry.record!.productId)))
    .slice(0, 2)
    .map((entry) => ({
      productId: String(entry.record!.productId),
      quantity: Number(entry.record!.minQuantity),
    }))
}
