/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON; the tests parse them with the shared/api schemas where the shape matters */
/**
 * Table-driven malformed input: every POST route gets wrong types, missing fields, extra fields,
 * huge strings, negative and fractional quantities, non-JSON and wrongly typed bodies and an
 * oversized body; each answer must be a 4xx problem+json (never 500) and the server stays healthy.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_ERROR_CODES, type ApiErrorCode } from '../../shared/api'
import { idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi
const tokens: Record<string, string> = {}
let orderId = ''
let orderLineId = ''
let deliveryId = ''

beforeAll(async () => {
  t = await startTestApi()
  tokens.orderer = (await t.login('agent.li')).accessToken
  tokens.accountant = (await t.login('cd.accountant')).accessToken
  const delivered = (
    await t.call('GET', '/dealers/d_cd/deliveries?limit=1', { token: tokens.orderer })
  ).body.items[0].record
  deliveryId = delivered.id
  orderId = delivered.orderId
  orderLineId = delivered.lines[0].orderLineId
})
afterAll(() => t.close())

interface RouteCase {
  name: string
  path: () => string
  token?: 'orderer' | 'accountant'
  valid: () => Record<string, unknown>
  required: string[]
  /** Path to a quantity-like number inside the body, for the negative/fractional cases. */
  quantity?: (body: any, value: number) => void
}

const routes: RouteCase[] = [
  {
    name: 'login',
    path: () => '/auth/login',
    valid: () => ({ account: 'nobody', password: 'x' }),
    required: ['account', 'password'],
  },
  {
    name: 'refresh',
    path: () => '/auth/refresh',
    valid: () => ({ refreshToken: 'abc' }),
    required: ['refreshToken'],
  },
  {
    name: 'logout',
    path: () => '/auth/logout',
    token: 'accountant',
    valid: () => ({ refreshToken: 'abc' }),
    required: [],
  },
  {
    name: 'quote',
    path: () => '/dealers/d_cd/orders/quote',
    token: 'orderer',
    required: ['lines'],
    valid: () => ({ lines: [{ productId: 'P000002', quantity: 20 }] }),
    quantity: (body, value) => (body.lines[0].quantity = value),
  },
  {
    name: 'submit order',
    path: () => '/dealers/d_cd/orders',
    token: 'orderer',
    required: ['lines', 'addressId', 'payment'],
    valid: () => ({
      lines: [{ productId: 'P000002', quantity: 20 }],
      addressId: 'adr_cd_1',
      payment: { deposit: 92_000, rebate: 0, credit: 0 },
    }),
    quantity: (body, value) => (body.lines[0].quantity = value),
  },
  {
    name: 'cancel order',
    path: () => `/dealers/d_cd/orders/${orderId}/cancel`,
    token: 'orderer',
    valid: () => ({ reason: 'x' }),
    required: [],
  },
  {
    name: 'confirm receipt',
    path: () => `/dealers/d_cd/deliveries/${deliveryId}/confirm-receipt`,
    token: 'orderer',
    required: [],
    valid: () => ({
      lines: [{ deliveryLineId: `${deliveryId}-1`, receivedQuantity: 1 }],
      remark: 'ok',
    }),
    quantity: (body, value) => (body.lines[0].receivedQuantity = value),
  },
  {
    name: 'create return',
    path: () => '/dealers/d_cd/returns',
    token: 'orderer',
    required: ['lines', 'reason'],
    valid: () => ({ lines: [{ orderId, orderLineId, quantity: 1 }], reason: 'quality' }),
    quantity: (body, value) => (body.lines[0].quantity = value),
  },
  {
    name: 'create invoice request',
    path: () => '/dealers/d_cd/invoice-requests',
    token: 'accountant',
    required: ['type', 'profileId', 'orders'],
    valid: () => ({ type: 'vatGeneral', profileId: 'ipf_cd_1', orders: [{ orderId, amount: 1 }] }),
    quantity: (body, value) => (body.orders[0].amount = value),
  },
  {
    name: 'create invoice profile',
    path: () => '/dealers/d_cd/invoice-profiles',
    token: 'accountant',
    required: ['type', 'title', 'taxpayerId'],
    valid: () => ({ type: 'vatGeneral', title: 'x', taxpayerId: '91510107MA6CTKR51X' }),
  },
]

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345
  if (typeof value === 'number') return 'twelve'
  if (Array.isArray(value)) return { not: 'an array' }
  return 'not an object'
}

function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value)
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace))
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, mapStrings(item, replace)]),
    )
  return value
}

type Mutation = {
  name: string
  applies?: (route: RouteCase) => boolean
  request: (route: RouteCase) => { body?: unknown; rawBody?: string; contentType?: string }
  status?: number
}

const mutations: Mutation[] = [
  {
    name: 'wrong types',
    request: (route) => ({
      body: Object.fromEntries(
        Object.entries(route.valid()).map(([key, value]) => [key, wrongType(value)]),
      ),
    }),
    status: 400,
  },
  {
    name: 'missing fields',
    applies: (route) => route.required.length > 0,
    request: (route) => ({
      body: Object.fromEntries(
        Object.entries(route.valid()).filter(([key]) => key !== route.required[0]),
      ),
    }),
    status: 400,
  },
  {
    name: 'extra fields',
    request: (route) => ({ body: { ...route.valid(), isAdmin: true } }),
    status: 400,
  },
  {
    name: 'huge strings',
    request: (route) => ({ body: mapStrings(route.valid(), () => '字'.repeat(100_000)) }),
    status: 400,
  },
  {
    name: 'negative quantity',
    applies: (route) => !!route.quantity,
    request: (route) => {
      const body = route.valid()
      route.quantity?.(body, -5)
      return { body }
    },
    status: 400,
  },
  {
    name: 'fractional quantity',
    applies: (route) => !!route.quantity,
    request: (route) => {
      const body = route.valid()
      route.quantity?.(body, 1.5)
      return { body }
    },
    status: 400,
  },
  { name: 'an array body', request: () => ({ body: [1, 2, 3] }), status: 400 },
  {
    name: 'a JSON null body',
    request: () => ({ rawBody: 'null', contentType: 'application/json' }),
    status: 400,
  },
  {
    name: 'non-JSON body',
    request: () => ({ rawBody: '{"lines": [', contentType: 'application/json' }),
    status: 400,
  },
  {
    name: 'prototype pollution',
    request: () => ({ rawBody: '{"__proto__": {"admin": true}}', contentType: 'application/json' }),
    status: 400,
  },
  {
    name: 'text/plain body',
    request: () => ({ rawBody: 'lines=1', contentType: 'text/plain' }),
    status: 415,
  },
  {
    name: 'oversized body (> 1 MB)',
    request: () => ({
      rawBody: JSON.stringify({ padding: 'x'.repeat(1_100_000) }),
      contentType: 'application/json',
    }),
    status: 413,
  },
]

/** Sends `head` as is on a raw socket (fetch would refuse or repair it) and parses the answer. */
function rawRequest(head: string): Promise<{ status: number; contentType: string; body: any }> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.sandbox.port, '127.0.0.1', () => socket.end(head))
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('error', reject)
    socket.on('close', () => {
      const [headers = '', body = ''] = text.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1])
      const contentType = /^content-type: *(.+)$/im.exec(headers)?.[1] ?? ''
      resolve({ status, contentType, body: contentType.includes('json') ? JSON.parse(body) : body })
    })
  })
}

describe('malformed URLs, headers and query integers', () => {
  const expectCode = (
    answer: { status: number; contentType: string; body: any },
    code: ApiErrorCode,
  ) => {
    expect(answer.contentType).toMatch(/^application\/problem\+json/)
    expect(answer.body.code).toBe(code)
    expect(answer.status).toBe(API_ERROR_CODES[code].status)
  }
  const get = (path: string, extra = '') =>
    rawRequest(`GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`)

  it('answers a bad percent-encoding or a lone surrogate in the path with a problem', async () => {
    for (const path of [
      '/api/v1/dealers/%zz/orders',
      '/api/v1/dealers/%ED%A0%80/orders',
      '/api/v1/me%',
      '/sandbox/orders/%E0%A4%A/approve',
    ]) {
      expectCode(await get(path), 'request.badUrl')
    }
  })

  it('answers oversized headers and garbage with a problem', async () => {
    expectCode(
      await get('/health', `X-Padding: ${'a'.repeat(20_000)}\r\n`),
      'request.headersTooLarge',
    )
    expectCode(await rawRequest('NOT HTTP AT ALL\r\n\r\n'), 'request.malformedHttp')
  })

  it('refuses query integers beyond 2^53 instead of rounding them', async () => {
    const token = tokens.orderer
    for (const query of [
      'since=9007199254740993',
      'since=9999999999999999',
      'limit=9007199254740993',
    ]) {
      const answer = await t.call('GET', `/dealers/d_cd/orders?${query}`, { token })
      expect(answer.status, query).toBe(400)
      expect(answer.body.code).toBe('request.invalid')
    }
    expect(
      (await t.call('GET', '/dealers/d_cd/orders?since=9007199254740991&limit=1', { token }))
        .status,
    ).toBe(200)
    const statement = await t.call('GET', '/dealers/d_cd/statements?from=0&to=9007199254740993', {
      token: tokens.accountant,
    })
    expect(statement.body.code).toBe('request.invalid')
  })
})

describe('malformed input on every POST route', () => {
  for (const route of routes) {
    for (const mutation of mutations.filter((candidate) => candidate.applies?.(route) ?? true)) {
      it(`${route.name}: ${mutation.name} → ${mutation.status} problem`, async () => {
        const request = mutation.request(route)
        const headers: Record<string, string> = { 'idempotency-key': idempotencyKey() }
        if (request.contentType) headers['content-type'] = request.contentType
        const response = await t.call('POST', route.path(), {
          token: route.token ? tokens[route.token] : undefined,
          headers,
          ...(request.rawBody !== undefined
            ? { rawBody: request.rawBody }
            : { body: request.body }),
        })
        expect(response.status, response.text.slice(0, 300)).toBe(mutation.status)
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      })
    }
  }

  it('stays healthy afterwards', async () => {
    expect((await fetch(`${t.base}/health`)).status).toBe(200)
    expect((await t.login('hk.buyer')).accessToken).toBeTruthy()
    const me = await t.call('GET', '/me', { token: tokens.orderer })
    expect(me.status).toBe(200)
  })
})
