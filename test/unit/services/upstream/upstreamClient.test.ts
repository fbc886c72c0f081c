import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { PORTAL_ROUTES } from '../../../../shared/api'
import { PortalError } from '../../../../shared/contract'
import {
  createUpstreamClient,
  UpstreamProblem,
  type TokenSource,
} from '../../../../electron/services/upstream/upstreamClient'

type Reply = (request: IncomingMessage, response: ServerResponse, body: string) => void
let replies: Reply[] = []
let seen: Array<{
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}> = []
let server: Server
let baseUrl: string

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += chunk))
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      })
      const reply = replies.shift()
      if (!reply) {
        response.writeHead(500).end()
        return
      }
      reply(request, response, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  replies = []
  seen = []
})

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_request, response) => {
    response.writeHead(status, {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    })
    response.end(JSON.stringify(body))
  }
const problem = (
  status: number,
  code: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  json(
    status,
    { type: `urn:dealerdesk:problem:${code}`, title: code, status, code, detail: code, params },
    headers,
  )
const balances = {
  asOf: 1,
  deposit: { balance: 100, available: 100, locked: 0 },
  rebate: { balance: 0, available: 0, locked: 0, rule: null },
  credit: {
    limit: 0,
    occupied: 0,
    available: 0,
    terms: { days: 30, descriptionZh: '月结', descriptionEn: 'Monthly' },
  },
}

function client(tokens?: TokenSource, sleep = vi.fn(async (_ms: number) => undefined)) {
  const warn = vi.fn()
  const instance = createUpstreamClient({
    baseUrl,
    tokens,
    sleep,
    random: () => 0.5,
    logger: { warn },
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
  })
  return { instance, sleep, warn }
}

describe('upstream client', () => {
  it('calls the route of the shared table with the bearer token and parses the answer', async () => {
    replies = [json(200, balances)]
    const { instance } = client({ accessToken: () => 'token-1', refresh: async () => 'x' })
    await expect(instance.call('balances', { params: { dealerId: 'd 1' } })).resolves.toEqual(
      balances,
    )
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/v1/dealers/d%201/balances' })
    expect(seen[0]!.headers.authorization).toBe('Bearer token-1')
  })

  it('turns an answer that breaks the schema into upstream.invalidResponse and logs the path, without crashing', async () => {
    replies = [json(200, { ...balances, deposit: { balance: 'lots' } })]
    const { instance, warn } = client()
    await expect(instance.call('balances', { params: { dealerId: 'd1' } })).rejects.toMatchObject({
      code: 'upstream.invalidResponse',
      params: { path: '/dealers/:dealerId/balances' },
    })
    expect(warn).toHaveBeenCalled()
  })

  it('checks a long page a slice at a time: the same data as zod, the same error for one bad item', async () => {
    const transaction = (index: number) => ({
      id: `t${String(index).padStart(6, '0')}`,
      at: 1_760_000_000_000 + index,
      accountType: 'deposit',
      type: 'topUp',
      amount: 100 * index,
      lockedChange: 0,
      balanceAfter: 100 * index,
      availableAfter: 100 * index,
      documentType: null,
      documentId: null,
      documentNumber: null,
      note: index % 2 ? null : '备注',
      unknownField: 'stripped',
    })
    const page = {
      items: Array.from({ length: 900 }, (_, index) => transaction(index)),
      nextAfter: 'x',
    }
    replies = [json(200, page)]
    const { instance, warn } = client()
    const parsed = await instance.call('transactions', { params: { dealerId: 'd1' } })
    expect(JSON.stringify(parsed)).toBe(
      JSON.stringify(PORTAL_ROUTES.transactions.response.parse(page)),
    )
    expect(JSON.stringify(parsed)).not.toContain('unknownField')

    const broken = structuredClone(page)
    ;(broken.items[733] as Record<string, unknown>).amount = 1.5
    replies = [json(200, broken)]
    await expect(
      instance.call('transactions', { params: { dealerId: 'd1' } }),
    ).rejects.toMatchObject({
      code: 'upstream.invalidResponse',
      params: { path: '/dealers/:dealerId/transactions' },
    })
    const issues = warn.mock.calls.at(-1)![1] as Array<{ path: unknown[] }>
    expect(issues[0]!.path).toEqual(['items', 733, 'amount'])
    expect(PORTAL_ROUTES.transactions.response.safeParse(broken).error!.issues[0]!.path).toEqual([
      'items',
      733,
      'amount',
    ])

    const badCursor = { ...page, nextAfter: 5 }
    replies = [json(200, badCursor)]
    await expect(
      instance.call('transactions', { params: { dealerId: 'd1' } }),
    ).rejects.toMatchObject({ code: 'upstream.invalidResponse' })
  })

  it('retries a body cut short, then gives up with upstream.invalidResponse', async () => {
    const cut: Reply = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"asOf": 1, "deposit": {')
    }
    replies = [cut, cut, cut, cut]
    const { instance, sleep } = client()
    await expect(instance.call('balances', { params: { dealerId: 'd1' } })).rejects.toMatchObject({
      code: 'upstream.invalidResponse',
    })
    expect(seen).toHaveLength(4)
    expect(sleep).toHaveBeenCalledTimes(3)
  })

  it('retries 5xx with back-off and succeeds', async () => {
    replies = [
      problem(503, 'server.unavailable'),
      problem(500, 'server.internal'),
      json(200, balances),
    ]
    const { instance, sleep } = client()
    await expect(instance.call('balances', { params: { dealerId: 'd1' } })).resolves.toEqual(
      balances,
    )
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([75, 150])
  })

  it('honours Retry-After on 429', async () => {
    replies = [
      problem(429, 'rateLimit.exceeded', { retryAfterSeconds: 2 }, { 'retry-after': '2' }),
      json(200, balances),
    ]
    const { instance, sleep } = client()
    await instance.call('balances', { params: { dealerId: 'd1' } })
    expect(sleep).toHaveBeenCalledWith(2000)
  })

  it('does not repeat a POST without an idempotency key', async () => {
    replies = [problem(500, 'server.internal')]
    const { instance } = client()
    await expect(
      instance.call('login', { body: { account: 'a', password: 'b' } }),
    ).rejects.toMatchObject({ code: 'server.internal' })
    expect(seen).toHaveLength(1)
  })

  it('repeats a POST with an idempotency key, sending the same key each time', async () => {
    const order = {
      lines: [{ productId: 'P1', quantity: 2 }],
      addressId: 'A1',
      payment: { deposit: 10, rebate: 0, credit: 0 },
    }
    replies = [
      problem(503, 'server.unavailable'),
      (_request, response) => response.destroy(),
      problem(422, 'order.depositShort', { available: 5 }),
    ]
    const { instance } = client()
    const error = await instance
      .call('submitOrder', {
        params: { dealerId: 'd1' },
        body: order,
        idempotencyKey: 'key-123456',
      })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(UpstreamProblem)
    expect(error).toMatchObject({
      code: 'order.depositShort',
      params: { available: 5 },
      status: 422,
    })
    expect(seen.map((request) => request.headers['idempotency-key'])).toEqual([
      'key-123456',
      'key-123456',
      'key-123456',
    ])
  })

  it('refuses to send an idempotent submission without a key or with a body that breaks the schema', async () => {
    const { instance } = client()
    await expect(
      instance.call('submitOrder', { params: { dealerId: 'd1' }, body: {} as never }),
    ).rejects.toMatchObject({ code: 'upstream.invalidRequest' })
    await expect(
      instance.call('submitOrder', {
        params: { dealerId: 'd1' },
        body: { lines: 'x' } as never,
        idempotencyKey: 'key-123456',
      }),
    ).rejects.toMatchObject({ code: 'upstream.invalidRequest' })
    expect(seen).toHaveLength(0)
  })

  it('refreshes once on 401 and replays; concurrent calls share one refresh', async () => {
    let token = 'old'
    const refresh = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20))
      token = 'new'
      return token
    })
    let shared: Promise<string> | null = null
    const tokens: TokenSource = {
      accessToken: () => token,
      refresh: () => (shared ??= refresh().finally(() => (shared = null))),
    }
    const byToken: Reply = (request, response, body) =>
      (request.headers.authorization === 'Bearer new'
        ? json(200, balances)
        : problem(401, 'auth.tokenExpired'))(request, response, body)
    replies = [byToken, byToken, byToken, byToken]
    const { instance } = client(tokens)
    const results = await Promise.all([
      instance.call('balances', { params: { dealerId: 'd1' } }),
      instance.call('balances', { params: { dealerId: 'd2' } }),
    ])
    expect(results).toEqual([balances, balances])
    expect(refresh).toHaveBeenCalledTimes(1)
  })

  it('passes a refusal through as its code and params', async () => {
    replies = [problem(403, 'auth.forbidden', { requiredRoles: ['accountant', 'admin'] })]
    const { instance } = client()
    const error = await instance
      .call('transactions', { params: { dealerId: 'd1' } })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PortalError)
    expect((error as PortalError).toData()).toEqual({
      code: 'auth.forbidden',
      params: { requiredRoles: '["accountant","admin"]' },
    })
  })

  it('says upstream.unreachable when nothing answers', async () => {
    const instance = createUpstreamClient({
      baseUrl: 'http://127.0.0.1:9',
      sleep: async () => undefined,
      logger: { warn: () => undefined },
      policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    })
    await expect(instance.call('balances', { params: { dealerId: 'd1' } })).rejects.toMatchObject({
      code: 'upstream.unreachable',
    })
  })
})
