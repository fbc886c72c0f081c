import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Me, TokenPair } from '../../shared/api'
import { expectProblem, PASSWORD, startTestApi, type TestApi } from './helpers'

let now = Date.UTC(2026, 10, 22, 2, 0, 0)
let t: TestApi

beforeAll(async () => {
  t = await startTestApi({ clock: () => now })
})
afterAll(() => t.close())

describe('sign-in and sessions', () => {
  it('signs in with a demo account and answers the token pair', async () => {
    const response = await t.call('POST', '/auth/login', {
      body: { account: 'hk.buyer', password: PASSWORD },
    })
    expect(response.status).toBe(200)
    expect(TokenPair.parse(response.body).expiresIn).toBe(900)
  })

  it('rejects a wrong password with auth.invalidCredentials', async () => {
    const response = await t.call('POST', '/auth/login', {
      body: { account: 'hk.buyer', password: 'nope' },
    })
    expectProblem(response, 'auth.invalidCredentials')
  })

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expectProblem(
        await t.call('POST', '/auth/login', { body: { account: 'sh.admin', password: 'wrong' } }),
        'auth.invalidCredentials',
      )
    }
    const blocked = await t.call('POST', '/auth/login', {
      body: { account: 'sh.admin', password: PASSWORD },
    })
    expectProblem(blocked, 'auth.tooManyAttempts')
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    now += 16 * 60_000
    expect(
      (await t.call('POST', '/auth/login', { body: { account: 'sh.admin', password: PASSWORD } }))
        .status,
    ).toBe(200)
  })

  it('counts an attempt before the password check: of 40 parallel wrong passwords at most 5 are tried', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.call('POST', '/auth/login', { body: { account: 'cd.accountant', password: 'wrong' } }),
      ),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(35)
    now += 16 * 60_000
    expect(
      (
        await t.call('POST', '/auth/login', {
          body: { account: 'cd.accountant', password: PASSWORD },
        })
      ).status,
    ).toBe(200)
  })

  it('describes the user, dealers, roles, addresses and invoice profiles on GET /me', async () => {
    const { accessToken } = await t.login('agent.li')
    const me = Me.parse((await t.call('GET', '/me', { token: accessToken })).body)
    expect(me.user).toMatchObject({ account: 'agent.li', preferredLanguage: 'zh-CN' })
    expect(me.dealers.map((dealer) => [dealer.id, dealer.roles])).toEqual([
      ['d_cd', ['orderer']],
      ['d_sh', ['orderer']],
    ])
    expect(me.dealers[0]?.addresses.some((address) => address.isDefault)).toBe(true)
    const hk = Me.parse(
      (await t.call('GET', '/me', { token: (await t.login('hk.buyer')).accessToken })).body,
    )
    expect(hk.user.preferredLanguage).toBe('en-US')
    expect(hk.dealers[0]?.invoiceProfiles[0]?.taxpayerId).toHaveLength(18)
  })

  it('answers 401 auth.tokenExpired after 15 minutes, and the refresh token gets a new pair', async () => {
    const tokens = await t.login('cd.accountant')
    now += 16 * 60_000
    expectProblem(await t.call('GET', '/me', { token: tokens.accessToken }), 'auth.tokenExpired')
    const refreshed = await t.call('POST', '/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    expect((await t.call('GET', '/me', { token: refreshed.body.accessToken })).status).toBe(200)
  })

  it('rotates refresh tokens: the old one is rejected after use, and its reuse ends the family', async () => {
    const tokens = await t.login('cd.accountant')
    const first = await t.call('POST', '/auth/refresh', {
      body: { refreshToken: tokens.refreshToken },
    })
    expect(first.status).toBe(200)
    expectProblem(
      await t.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
      'auth.refreshTokenInvalid',
    )
    expectProblem(
      await t.call('POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } }),
      'auth.refreshTokenInvalid',
    )
  })

  it('logs out: the access token stops working', async () => {
    const tokens = await t.login('hk.buyer')
    expect(
      (
        await t.call('POST', '/auth/logout', {
          token: tokens.accessToken,
          body: { refreshToken: tokens.refreshToken },
        })
      ).status,
    ).toBe(204)
    expectProblem(await t.call('GET', '/me', { token: tokens.accessToken }), 'auth.tokenInvalid')
    expectProblem(
      await t.call('POST', '/auth/refresh', { body: { refreshToken: tokens.refreshToken } }),
      'auth.refreshTokenInvalid',
    )
  })

  it('requires a bearer token', async () => {
    expectProblem(await t.call('GET', '/me'), 'auth.tokenMissing')
    expectProblem(
      await t.call('GET', '/me', { headers: { authorization: 'Basic abc' } }),
      'auth.tokenInvalid',
    )
    expectProblem(await t.call('GET', '/me', { token: 'forged' }), 'auth.tokenInvalid')
  })
})

describe('dealer scope and roles', () => {
  it('answers 403 auth.forbidden when an orderer calls an accountant-only route', async () => {
    const { accessToken } = await t.login('agent.li')
    expectProblem(
      await t.call('GET', '/dealers/d_cd/transactions', { token: accessToken }),
      'auth.forbidden',
    )
    expectProblem(
      await t.call('GET', '/dealers/d_cd/invoice-requests', { token: accessToken }),
      'auth.forbidden',
    )
    // Balances are needed to split an order's payment, so orderers may read them.
    expect((await t.call('GET', '/dealers/d_cd/balances', { token: accessToken })).status).toBe(200)
  })

  it('answers 403 when an accountant submits an order or a return', async () => {
    const { accessToken } = await t.login('cd.accountant')
    const order = await t.call('POST', '/dealers/d_cd/orders/quote', {
      token: accessToken,
      body: { lines: [{ productId: 'P000001', quantity: 1 }] },
    })
    expectProblem(order, 'auth.forbidden')
    expect((await t.call('GET', '/dealers/d_cd/balances', { token: accessToken })).status).toBe(200)
    expect(
      (await t.call('GET', '/dealers/d_cd/orders?limit=1', { token: accessToken })).status,
    ).toBe(200)
    expectProblem(
      await t.call('GET', '/dealers/d_cd/returns', { token: accessToken }),
      'auth.forbidden',
    )
  })

  it('treats a dealer the user does not belong to as missing (404)', async () => {
    const { accessToken } = await t.login('agent.li')
    expectProblem(
      await t.call('GET', '/dealers/d_hk/products', { token: accessToken }),
      'resource.notFound',
    )
  })

  it('lets every role read the catalog', async () => {
    for (const account of ['agent.li', 'cd.accountant']) {
      const { accessToken } = await t.login(account)
      expect(
        (await t.call('GET', '/dealers/d_cd/products?limit=5', { token: accessToken })).status,
      ).toBe(200)
    }
  })
})

describe('operator routes', () => {
  it('require the operator token', async () => {
    const response = await fetch(`${t.base}/sandbox/state`)
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('auth.operatorTokenInvalid')
    const wrong = await fetch(`${t.base}/sandbox/dealers/d_cd/top-up`, {
      method: 'POST',
      headers: { 'x-operator-token': 'guess', 'content-type': 'application/json' },
      body: '{"amount":100}',
    })
    expect(wrong.status).toBe(401)
    expect((await t.operator('GET', '/state')).status).toBe(200)
  })
})
