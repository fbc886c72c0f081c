/**
 * The OpenAPI client against the real simulator on a loopback port: token cache and
 * single-flight, 20016 refresh-and-retry once, retryable codes, quota and refusal errors, the
 * ambiguous create with its look-up, keyset paging past offset 10,000, the call budget, traceIds.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MemoryCallBudget } from '../../../server/backends/sharecrm/callBudget'
import {
  UpstreamAuthError,
  UpstreamQuotaError,
  UpstreamRefusedError,
  UpstreamUnavailableError,
} from '../../../server/backends/sharecrm/errors'
import { SHARECRM_PATHS } from '../../../server/backends/sharecrm/openApiClient'
import { MemoryTokenStore } from '../../../server/backends/sharecrm/tokenStore'
import type { RunningSim } from '../../../server/sharecrm-sim/server'
import { answered, clientFor, emptySim, products } from './helpers'

const BASE = 1_790_000_000_000

let sim: RunningSim

beforeAll(async () => {
  sim = await emptySim()
  sim.store.putMany(
    'ProductObj',
    products(250, (index) => BASE + Math.floor(index / 10)),
  )
  sim.store.put('AccountObj', {
    _id: 'd_1',
    name: '经销商一',
    account_no: 'D1',
    last_modified_time: BASE,
  })
})
afterAll(async () => {
  await sim.close()
})
afterEach(() => {
  sim.control.faults.clear()
  sim.control.expireTokens()
  sim.control.resetCounters()
  sim.control.windows.clear()
})

describe('token', () => {
  it('fetches one token for many concurrent callers and caches it', async () => {
    const { client } = clientFor(sim)
    const totals = await Promise.all(Array.from({ length: 20 }, () => client.count('ProductObj')))
    expect(totals).toEqual(Array(20).fill(250))
    expect(sim.control.counters.tokensIssued).toBe(1)
    await client.count('ProductObj')
    expect(sim.control.counters.tokensIssued).toBe(1)
    expect(client.stats().tokenFetches).toBe(1)
  })

  it('shares one fetch between clients using the same token store', async () => {
    const store = new MemoryTokenStore()
    const clients = Array.from({ length: 3 }, () => clientFor(sim, { tokenStore: store }).client)
    await Promise.all(
      clients.flatMap((client) => [client.count('ProductObj'), client.count('AccountObj')]),
    )
    expect(sim.control.counters.tokensIssued).toBe(1)
  })

  it('on 20016 fetches a new token and retries the call once', async () => {
    const { client } = clientFor(sim)
    await client.count('ProductObj')
    sim.control.expireTokens()
    expect(await client.count('ProductObj')).toBe(250)
    expect(sim.control.counters.tokensIssued).toBe(2)
    expect(answered(sim, 'data/query', 20016)).toBe(1)
  })

  it('gives up after one refresh when 20016 persists', async () => {
    const { client } = clientFor(sim)
    await client.count('ProductObj')
    sim.control.addFault('data/query', { errorCode: 20016, count: 5 })
    await expect(client.count('ProductObj')).rejects.toBeInstanceOf(UpstreamAuthError)
    expect(answered(sim, 'data/query', 20016)).toBe(2)
    expect(sim.control.counters.tokensIssued).toBe(2)
  })

  it('caches until expiresIn − 180 s, then fetches again', async () => {
    let now = Date.now()
    const { client } = clientFor(sim, { now: () => now })
    await client.count('ProductObj')
    now += (7200 - 181) * 1000
    await client.count('ProductObj')
    expect(sim.control.counters.tokensIssued).toBe(1)
    now += 2000
    await client.count('ProductObj')
    expect(sim.control.counters.tokensIssued).toBe(2)
  })

  it('reports refused credentials as UpstreamAuthError', async () => {
    const { client } = clientFor(sim, { appSecret: 'wrong' })
    await expect(client.count('ProductObj')).rejects.toBeInstanceOf(UpstreamAuthError)
  })
})

describe('errors', () => {
  it.each([30004, 14001, -1, 50009])('retries %i with backoff, then succeeds', async (code) => {
    const { client, log } = clientFor(sim)
    sim.control.addFault('data/query', { errorCode: code, count: 3 })
    expect(await client.count('ProductObj', [], { requestId: 'req-1' })).toBe(250)
    expect(answered(sim, 'data/query', code)).toBe(3)
    expect(answered(sim, 'data/query', 0)).toBe(1)
    expect(client.stats().retries[SHARECRM_PATHS.query]).toBe(3)
    expect(
      log.filter((entry) => entry.event === 'sharecrm.retry' && entry.requestId === 'req-1'),
    ).toHaveLength(3)
  })

  it('retries dropped connections and HTTP 5xx', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/query', { reset: true, count: 1 })
    sim.control.addFault('data/query', { httpStatus: 502, count: 1 })
    sim.control.addFault('data/query', { httpStatus: 429, count: 1 })
    expect(await client.count('ProductObj')).toBe(250)
    expect(client.stats().retries[SHARECRM_PATHS.query]).toBe(3)
  })

  it('retries a create after a 429 or a throttle code (never processed), without a look-up', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/create', { httpStatus: 429, count: 1 })
    sim.control.addFault('data/create', { errorCode: 30004, count: 1 })
    const { dataId } = await client.create('AccountObj', { name: '新客户' })
    expect(sim.store.get('AccountObj', dataId)?.name).toBe('新客户')
    expect(sim.control.counters.calls['data/create']).toBe(3)
    expect(sim.control.counters.calls['data/query'] ?? 0).toBe(0)
  })

  it('times out a slow answer, retries a query, and calls a timed-out create ambiguous', async () => {
    const tokens = new MemoryTokenStore()
    await clientFor(sim, { tokenStore: tokens }).client.count('ProductObj') // the token, without a short timeout
    const { client } = clientFor(sim, {
      tokenStore: tokens,
      timeoutMs: 300,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    })
    const answers = () =>
      ['data/query', 'data/create'].reduce(
        (sum, iface) =>
          sum + Object.values(sim.control.counters.answers[iface] ?? {}).reduce((a, b) => a + b, 0),
        0,
      )
    const before = answers()
    sim.control.settings.latencyByIface['data/query'] = 1500
    sim.control.settings.latencyByIface['data/create'] = 1500
    try {
      const query = (await client
        .count('ProductObj')
        .catch((caught: unknown) => caught)) as UpstreamUnavailableError
      expect(query).toBeInstanceOf(UpstreamUnavailableError)
      expect(query.upstreamMessage).toBe('timeout')
      expect(query.attempts).toBe(2)
      const create = (await client
        .create('AccountObj', { name: '慢' })
        .catch((caught: unknown) => caught)) as UpstreamUnavailableError
      expect(create.ambiguous).toBe(true)
      expect(create.attempts).toBe(1)
    } finally {
      sim.control.settings.latencyByIface = {}
      // The simulator still answers the abandoned requests: let them finish inside this test.
      await vi.waitFor(() => expect(answers()).toBe(before + 3), { timeout: 20_000, interval: 100 })
    }
  })

  it('stops after the last attempt with UpstreamUnavailableError', async () => {
    const { client } = clientFor(sim, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })
    sim.control.addFault('data/query', { errorCode: -1, count: 10 })
    const error = await client.count('ProductObj').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UpstreamUnavailableError)
    expect((error as UpstreamUnavailableError).attempts).toBe(3)
    expect(answered(sim, 'data/query', -1)).toBe(3)
  })

  it.each([30002, 30003])(
    'turns quota code %i into UpstreamQuotaError without retrying',
    async (code) => {
      const { client } = clientFor(sim)
      await client.count('ProductObj')
      sim.control.resetCounters()
      sim.control.addFault('data/query', { errorCode: code, count: 50 })
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => client.count('ProductObj', [], { requestId: 'r-quota' })),
      )
      for (const result of results) {
        expect(result.status).toBe('rejected')
        const reason = (result as PromiseRejectedResult).reason as UpstreamQuotaError
        expect(reason).toBeInstanceOf(UpstreamQuotaError)
        expect(reason.errorCode).toBe(code)
        expect(reason.requestId).toBe('r-quota')
      }
      expect(sim.control.counters.calls['data/query']).toBe(5)
    },
  )

  it('decodes a refusal with its code and message', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/create', {
      errorCode: 10001,
      errorMessage: '审批流校验不通过：超出信用额度',
      count: 1,
    })
    const error = (await client
      .create('SalesOrderObj', { account_id: 'd_1' })
      .catch((caught: unknown) => caught)) as UpstreamRefusedError
    expect(error).toBeInstanceOf(UpstreamRefusedError)
    expect(error.errorCode).toBe(10001)
    expect(error.upstreamMessage).toBe('审批流校验不通过：超出信用额度')
    expect(answered(sim, 'data/create', 10001)).toBe(1)
  })

  it('decodes the simulator’s own validation refusal (money as a float)', async () => {
    const { client } = clientFor(sim)
    const error = (await client
      .create(
        'SalesOrderObj',
        { account_id: 'd_1', dd_deposit_amount__c: 0.29 },
        { details: { SalesOrderProductObj: [] } },
      )
      .catch((caught: unknown) => caught)) as UpstreamRefusedError
    expect(error).toBeInstanceOf(UpstreamRefusedError)
    expect(error.upstreamMessage).toContain('dd_deposit_amount__c')
  })
})

describe('create', () => {
  const order = (key: string) => ({
    account_id: 'd_1',
    dd_idempotency_key__c: key,
    dd_deposit_amount__c: '0.00',
    dd_rebate_amount__c: '0.00',
    dd_credit_amount__c: '0.00',
  })
  const lines = {
    SalesOrderProductObj: [
      { product_id: 'P0000001', quantity: '2', sales_price: '0.00', subtotal: '0.00' },
    ],
  }

  it('creates with details under review and returns the dataId', async () => {
    const { client } = clientFor(sim)
    const { dataId, traceId, recovered } = await client.create('SalesOrderObj', order('k-plain'), {
      details: lines,
    })
    expect(recovered).toBe(false)
    expect(traceId).toMatch(/^[0-9a-f-]{36}$/)
    expect(sim.store.get('SalesOrderObj', dataId)?.life_status).toBe('under_review')
    expect(sim.store.find('SalesOrderProductObj', (line) => line.order_id === dataId)).toHaveLength(
      1,
    )
  })

  it('after an ambiguous failure looks the key up instead of creating twice', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/create', { errorCode: 50009, afterProcessing: true, count: 1 })
    const result = await client.create('SalesOrderObj', order('k-lost'), {
      details: lines,
      idempotency: { field: 'dd_idempotency_key__c', key: 'k-lost' },
    })
    expect(result.recovered).toBe(true)
    expect(
      sim.store
        .find('SalesOrderObj', (record) => record.dd_idempotency_key__c === 'k-lost')
        .map((record) => record._id),
    ).toEqual([result.dataId])
    expect(sim.control.counters.calls['data/create']).toBe(1)
  })

  it('creates again when the look-up finds nothing', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/create', { reset: true, count: 1 })
    const result = await client.create('SalesOrderObj', order('k-reset'), {
      details: lines,
      idempotency: { field: 'dd_idempotency_key__c', key: 'k-reset' },
    })
    expect(result.recovered).toBe(false)
    expect(
      sim.store.find('SalesOrderObj', (record) => record.dd_idempotency_key__c === 'k-reset'),
    ).toHaveLength(1)
    expect(sim.control.counters.calls['data/create']).toBe(2)
  })

  it('without an idempotency key an ambiguous failure is thrown, not retried', async () => {
    const { client } = clientFor(sim)
    sim.control.addFault('data/create', { errorCode: 50009, count: 1 })
    const error = (await client
      .create('SalesOrderObj', order('k-none'), { details: lines })
      .catch((caught: unknown) => caught)) as UpstreamUnavailableError
    expect(error).toBeInstanceOf(UpstreamUnavailableError)
    expect(error.ambiguous).toBe(true)
    expect(sim.control.counters.calls['data/create']).toBe(1)
  })

  it('updates, voids and describes', async () => {
    const { client } = clientFor(sim)
    const { dataId } = await client.create('SalesOrderObj', order('k-life'), { details: lines })
    await client.update('SalesOrderObj', { _id: dataId, remark: '改备注' })
    expect(sim.store.get('SalesOrderObj', dataId)?.remark).toBe('改备注')
    await client.invalid('SalesOrderObj', dataId)
    expect(sim.store.get('SalesOrderObj', dataId)?.life_status).toBe('invalid')
    const describe = await client.describe('ProductObj')
    expect(describe.fields.product_status?.options?.map((option) => option.value)).toEqual([
      '1',
      '2',
    ])
  })
})

describe('paging', () => {
  let big: RunningSim
  beforeAll(async () => {
    big = await emptySim({ callsPer20s: 100_000 })
    // 10,250 rows: the first 10,150 share one time (ties across the offset limit), then 100 more.
    big.store.putMany(
      'ProductObj',
      products(10_250, (index) => (index < 10_150 ? BASE : BASE + index)),
    )
  })
  afterAll(async () => {
    await big.close()
  })

  it('returns every row exactly once past offset 10,000 by keyset', async () => {
    const { client } = clientFor(big, { callsPer20s: 50_000 })
    const ids: string[] = []
    for await (const record of client.query('ProductObj', { fieldProjection: ['name'] }))
      ids.push(record._id)
    expect(ids).toHaveLength(10_250)
    expect(new Set(ids).size).toBe(10_250)
    expect(ids).toEqual([...ids].sort())
    expect(answered(big, 'data/query', 10013)).toBe(0)
    // 101 offset pages (0..10,000) + 1 tie page + 1 page after the ties, at most a few more.
    expect(big.control.counters.calls['data/query']).toBeLessThanOrEqual(105)
  })

  it('keeps the caller’s filters while paging by keyset', async () => {
    const { client } = clientFor(big, { callsPer20s: 50_000 })
    const ids: string[] = []
    const filters = [{ field_name: 'product_status', operator: 'EQ' as const, field_values: ['1'] }]
    for await (const record of client.query('ProductObj', { filters })) {
      expect(record.product_status).toBe('1')
      ids.push(record._id)
    }
    const expected = big.store.all('ProductObj').filter((record) => record.product_status === '1')
    expect(ids).toEqual(expected.map((record) => record._id))
  })

  it('pages rows with distinct times past 10,000 the same way', async () => {
    const spread = await emptySim({ callsPer20s: 100_000 })
    try {
      spread.store.putMany(
        'ProductObj',
        products(10_120, (index) => BASE + index * 7),
      )
      const { client } = clientFor(spread, { callsPer20s: 50_000 })
      let count = 0
      let previous = ''
      for await (const record of client.query('ProductObj')) {
        expect(record._id > previous).toBe(true)
        previous = record._id
        count++
      }
      expect(count).toBe(10_120)
      expect(answered(spread, 'data/query', 10013)).toBe(0)
    } finally {
      await spread.close()
    }
  })
})

describe('budget and trace ids', () => {
  it('never meets 30004 when the client budget is below the simulator’s', async () => {
    const window = await emptySim({ callsPer20s: 12, budgetWindowMs: 1500 })
    try {
      window.store.putMany(
        'ProductObj',
        products(10, () => BASE),
      )
      const budget = new MemoryCallBudget({ callsPer20s: 10, windowMs: 1500 })
      const { client } = clientFor(window, { budget })
      const totals = await Promise.all(Array.from({ length: 35 }, () => client.count('ProductObj')))
      expect(totals.every((total) => total === 10)).toBe(true)
      expect(window.control.counters.throttled).toBe(0)
      expect(answered(window, 'data/query', 0)).toBe(35)
    } finally {
      await window.close()
    }
  })

  it('meets 30004 (retried, then given up) when the client budget exceeds the simulator’s', async () => {
    const window = await emptySim({ callsPer20s: 5, budgetWindowMs: 60_000 })
    try {
      const budget = new MemoryCallBudget({ callsPer20s: 50, windowMs: 60_000 })
      const { client } = clientFor(window, {
        budget,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
      })
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () => client.count('ProductObj')),
      )
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5)
      for (const result of results.filter((candidate) => candidate.status === 'rejected')) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({
          name: 'UpstreamUnavailableError',
          errorCode: 30004,
          attempts: 2,
        })
      }
      expect(window.control.counters.throttled).toBe(6)
    } finally {
      await window.close()
    }
  })

  it('sends a thirdTraceId on every call and the answer echoes it', async () => {
    const { client, log } = clientFor(sim)
    await client.count('ProductObj', [], { requestId: 'portal-req-42' })
    const calls = log.filter((entry) => entry.event === 'sharecrm.call')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.requestId).toBe('portal-req-42')
    const seen = sim.control.requests
      .filter((request) => request.iface === 'data/query')
      .map((request) => request.traceId)
    expect(seen).toEqual([calls[0]!.traceId])
    const token = log.find((entry) => entry.event === 'sharecrm.token')
    expect(
      sim.control.requests.some(
        (request) => request.iface === 'token' && request.traceId === token?.traceId,
      ),
    ).toBe(true)
  })
})
