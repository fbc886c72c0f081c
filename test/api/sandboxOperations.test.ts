import { mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandboxBackend } from '../../server/backends/sandbox/index'
import { createSeededDatabase } from '../../server/backends/sandbox/seed/index'
import { startSandbox } from '../../server/sandbox'
import { expectProblem, idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
let token: string

beforeAll(async () => {
  t = await startTestApi()
  token = (await t.login('hk.buyer')).accessToken
})
afterAll(() => t.close())

const faults = (settings: Record<string, number>) => t.operator('PUT', '/faults', settings)
const off = { latencyMs: 0, errorRate: 0, resetRate: 0, truncateRate: 0, rateLimitPerSecond: 0 }

/** Raw GET that reports a dropped connection or a short body instead of throwing. */
function rawGet(
  path: string,
): Promise<{ status?: number; error?: string; body?: string; declared?: number }> {
  return new Promise((resolve) => {
    const request = httpRequest(
      `${t.base}/api/v1${path}`,
      { headers: { authorization: `Bearer ${token}` } },
      (response) => {
        let body = ''
        response.on('data', (chunk) => (body += chunk))
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            body,
            declared: Number(response.headers['content-length']),
          }),
        )
        response.on('error', (error) =>
          resolve({
            status: response.statusCode,
            error: error.message,
            body,
            declared: Number(response.headers['content-length']),
          }),
        )
        response.on('aborted', () =>
          resolve({
            status: response.statusCode,
            error: 'aborted',
            body,
            declared: Number(response.headers['content-length']),
          }),
        )
      },
    )
    request.on('error', (error) => resolve({ error: error.message }))
    request.end()
  })
}

describe('fault injection', () => {
  it('adds latency', async () => {
    await faults({ ...off, latencyMs: 150 })
    const start = performance.now()
    expect((await t.call('GET', '/me', { token })).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(140)
  })

  it('answers a fraction of requests with 500/503 problems', async () => {
    await faults({ ...off, errorRate: 1 })
    const first = await t.call('GET', '/me', { token })
    const second = await t.call('GET', '/me', { token })
    expect([first.body.code, second.body.code].sort()).toEqual([
      'server.internal',
      'server.unavailable',
    ])
    expect((await t.operator('GET', '/state')).status).toBe(200)
  })

  it('resets connections', async () => {
    await faults({ ...off, resetRate: 1 })
    expect((await rawGet('/me')).error).toBeTruthy()
  })

  it('truncates responses', async () => {
    await faults({ ...off, truncateRate: 1 })
    const result = await rawGet('/dealers/d_hk/products?limit=50')
    expect(result.body?.length ?? 0).toBeLessThan(result.declared ?? 0)
    expect(() => JSON.parse(result.body ?? '')).toThrow()
  })

  it('rate-limits with 429 and Retry-After', async () => {
    await faults({ ...off, rateLimitPerSecond: 3 })
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => t.call('GET', '/me', { token })),
    )
    const limited = responses.filter((response) => response.status === 429)
    expect(limited.length).toBeGreaterThan(0)
    expectProblem(limited[0] as (typeof responses)[number], 'rateLimit.exceeded')
    expect(limited[0]?.headers.get('retry-after')).toBe('1')
    await faults(off)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect((await t.call('GET', '/me', { token })).status).toBe(200)
  })
})

describe('operator conveniences', () => {
  it('auto-pilot moves fresh orders along', async () => {
    const quote = (
      await t.call('POST', '/dealers/d_hk/orders/quote', {
        token,
        body: { lines: [{ productId: 'P000001', quantity: 1 }] },
      })
    ).body
    const order = (
      await t.call('POST', '/dealers/d_hk/orders', {
        token,
        headers: { 'idempotency-key': idempotencyKey() },
        body: {
          lines: [{ productId: 'P000001', quantity: 1 }],
          addressId: 'adr_hk_1',
          payment: quote.suggestedPayment,
        },
      })
    ).body
    let status = order.status
    for (let tick = 0; tick < 6 && status !== 'delivered'; tick++) {
      await t.operator('POST', '/autopilot/tick')
      status = (await t.call('GET', `/dealers/d_hk/orders/${order.id}`, { token })).body.status
    }
    expect(status).toBe('delivered')
  })
})

describe('seed and persistence', () => {
  it('is deterministic: same seed → same checksum, another seed → another', async () => {
    const anchor = Date.UTC(2026, 10, 22, 4)
    const checksum = async (seed: number) => {
      const db = await createSeededDatabase({ seed, products: 120, anchor })
      const value = createSandboxBackend(db, () => anchor).checksum()
      db.close()
      return value
    }
    const first = await checksum(7)
    expect(await checksum(7)).toBe(first)
    expect(await checksum(8)).not.toBe(first)
  })

  it('persists to its data file and reopens it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-sandbox-'))
    const dataFile = join(folder, 'sandbox.sqlite')
    try {
      const first = await startSandbox({ dataFile, products: 120 })
      const topUp = await fetch(`${first.url}/sandbox/dealers/d_hk/top-up`, {
        method: 'POST',
        headers: { 'x-operator-token': first.operatorToken, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 123_456 }),
      })
      const balance = (await topUp.json()).deposit.balance
      const checksum = first.engine.checksum()
      await first.close()
      const second = await startSandbox({ dataFile })
      expect(second.engine.checksum()).toBe(checksum)
      expect((await second.backend.account.balances('d_hk')).deposit.balance).toBe(balance)
      await second.close()
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
