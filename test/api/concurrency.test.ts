import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotencyKey, startTestApi, type TestApi } from './helpers'

let t: TestApi

beforeAll(async () => {
  t = await startTestApi()
})
afterAll(() => t.close())

describe('concurrent submissions', () => {
  it('turns 100 concurrent submissions with distinct keys into 100 orders with exactly consistent balances', async () => {
    const { accessToken } = await t.login('sh.admin')
    const lines = [{ productId: 'P000004', quantity: 1 }]
    const quote = (
      await t.call('POST', '/dealers/d_sh/orders/quote', { token: accessToken, body: { lines } })
    ).body
    const before = (await t.call('GET', '/dealers/d_sh/balances', { token: accessToken })).body
    const body = {
      lines,
      addressId: 'adr_sh_1',
      payment: { deposit: quote.total, rebate: 0, credit: 0 },
    }
    const keys = Array.from({ length: 100 }, () => idempotencyKey())
    const responses = await Promise.all(
      [...keys, ...keys.slice(0, 20)].map((key) =>
        t.call('POST', '/dealers/d_sh/orders', {
          token: accessToken,
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    )
    expect(responses.every((response) => response.status === 201)).toBe(true)
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(100)

    const after = (await t.call('GET', '/dealers/d_sh/balances', { token: accessToken })).body
    expect(after.deposit.available).toBe(before.deposit.available - 100 * quote.total)
    expect(after.deposit.locked).toBe(before.deposit.locked + 100 * quote.total)
    expect(after.deposit.balance).toBe(before.deposit.balance)

    // Σ flow = balance for every account type, read through the API.
    for (const accountType of ['deposit', 'rebate', 'credit'] as const) {
      let sum = 0
      let locked = 0
      let after: string | null = ''
      while (after !== null) {
        const page: {
          items: { amount: number; lockedChange: number }[]
          nextAfter: string | null
        } = (
          await t.call(
            'GET',
            `/dealers/d_sh/transactions?accountType=${accountType}&limit=5000${after ? `&after=${after}` : ''}`,
            { token: accessToken },
          )
        ).body
        for (const row of page.items) {
          sum += row.amount
          locked += row.lockedChange
        }
        after = page.nextAfter
      }
      const account = (await t.call('GET', '/dealers/d_sh/balances', { token: accessToken })).body[
        accountType
      ]
      expect(sum).toBe(accountType === 'credit' ? account.occupied : account.balance)
      if (accountType !== 'credit') expect(locked).toBe(account.locked)
    }
  })
})
