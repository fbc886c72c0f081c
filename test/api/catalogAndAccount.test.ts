/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON; the tests parse them with the shared/api schemas where the shape matters */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Balances,
  PriceListFeedPage,
  PriceListItemFeedPage,
  ProductFeedPage,
  Statement,
  TransactionPage,
} from '../../shared/api'
import { expectProblem, startTestApi, type TestApi } from './helpers'

let t: TestApi
let token: string
let accountant: string

beforeAll(async () => {
  t = await startTestApi()
  token = (await t.login('agent.li')).accessToken
  accountant = (await t.login('cd.accountant')).accessToken
})
afterAll(() => t.close())

async function readAll(path: string, limit: number) {
  const entries: { id: string; modifiedAt: number; deleted: boolean; record?: any }[] = []
  let query = `limit=${limit}`
  for (;;) {
    const page = (await t.call('GET', `${path}?${query}`, { token })).body
    entries.push(...page.items)
    if (!page.nextCursor) return entries
    query = `since=${page.nextCursor.since}&after=${encodeURIComponent(page.nextCursor.after)}&limit=${limit}`
  }
}

describe('catalog feeds', () => {
  it('pages through every product exactly once in (modifiedAt, id) order', async () => {
    const first = ProductFeedPage.parse(
      (await t.call('GET', '/dealers/d_cd/products?since=0&limit=70', { token })).body,
    )
    expect(first.items).toHaveLength(70)
    const all = await readAll('/dealers/d_cd/products', 70)
    expect(all).toHaveLength(200)
    expect(new Set(all.map((entry) => entry.id)).size).toBe(200)
    const ydj = all.find((entry) => entry.record?.nameZh === '圆顶机')
    expect(ydj?.record).toMatchObject({
      nameEn: 'Dome machine',
      categoryNameZh: '小型设备',
      status: 'onSale',
      imageUrl: null,
    })
  })

  it("lists only the dealer's price lists, and items of other lists are 404", async () => {
    const lists = PriceListFeedPage.parse(
      (await t.call('GET', '/dealers/d_cd/price-lists', { token })).body,
    )
    expect(lists.items.map((entry) => entry.id)).toEqual(['pl_promo', 'pl_std'])
    expectProblem(
      await t.call('GET', '/dealers/d_cd/price-lists/pl_east/items', { token }),
      'resource.notFound',
    )
    const items = PriceListItemFeedPage.parse(
      (await t.call('GET', '/dealers/d_cd/price-lists/pl_std/items?limit=5000', { token })).body,
    )
    expect(items.items.length).toBeGreaterThan(190)
    expect(items.nextCursor).toBeNull()
  })

  it('carries price changes and withdrawals (tombstones) incrementally', async () => {
    const items = await readAll('/dealers/d_cd/price-lists/pl_std/items', 1000)
    const last = items[items.length - 1] as { id: string; modifiedAt: number }
    await t.operator('POST', '/prices', {
      changes: [
        { priceListId: 'pl_std', productId: 'P000010', price: 999 },
        { priceListId: 'pl_std', productId: 'P000011', withdraw: true },
      ],
    })
    const page = (
      await t.call(
        'GET',
        `/dealers/d_cd/price-lists/pl_std/items?since=${last.modifiedAt}&after=${last.id}`,
        { token },
      )
    ).body
    expect(
      page.items.map((entry: { id: string; deleted: boolean }) => [entry.id, entry.deleted]),
    ).toEqual([
      ['pl_std.P000010', false],
      ['pl_std.P000011', true],
    ])
    expect(page.items[0].record.price).toBe(999)
    expect(page.nextCursor).toBeNull()
  })

  it('rejects malformed feed queries', async () => {
    expectProblem(
      await t.call('GET', '/dealers/d_cd/products?limit=5001', { token }),
      'request.invalid',
    )
    expectProblem(
      await t.call('GET', '/dealers/d_cd/products?since=-1', { token }),
      'request.invalid',
    )
    const unknown = await t.call('GET', '/dealers/d_cd/products?foo=1', { token })
    expectProblem(unknown, 'request.invalid')
    expect(unknown.body.params.path).toBe('query')
  })
})

describe('account', () => {
  it('answers balances with the rebate rule and credit terms', async () => {
    const balances = Balances.parse(
      (await t.call('GET', '/dealers/d_cd/balances', { token: accountant })).body,
    )
    expect(balances.deposit.available).toBe(balances.deposit.balance - balances.deposit.locked)
    expect(balances.credit.available).toBe(balances.credit.limit - balances.credit.occupied)
    expect(balances.rebate.rule).toEqual({ minOrderAmount: 50_000, maxAmount: null, maxPercent: 5 })
    expect(balances.credit.terms.days).toBe(15)
  })

  it('pages transactions with filters, balance-after on every row', async () => {
    const page = TransactionPage.parse(
      (await t.call('GET', '/dealers/d_cd/transactions?type=topUp&limit=3', { token: accountant }))
        .body,
    )
    expect(page.items).toHaveLength(3)
    expect(page.items.every((row) => row.type === 'topUp' && row.amount > 0)).toBe(true)
    const next = TransactionPage.parse(
      (
        await t.call(
          'GET',
          `/dealers/d_cd/transactions?type=topUp&limit=3&after=${page.nextAfter}`,
          { token: accountant },
        )
      ).body,
    )
    expect((next.items[0]?.id ?? '') > (page.items[2]?.id ?? '')).toBe(true)
  })

  it('builds statements where opening + movements = closing', async () => {
    const to = Date.now() + 1
    const from = to - 60 * 86_400_000
    const statement = Statement.parse(
      (await t.call('GET', `/dealers/d_cd/statements?from=${from}&to=${to}`, { token: accountant }))
        .body,
    )
    const balances = (await t.call('GET', '/dealers/d_cd/balances', { token: accountant })).body
    for (const account of statement.accounts) {
      expect(account.closing).toBe(
        account.opening + account.movements.reduce((sum, row) => sum + row.amount, 0),
      )
      expect(account.closing).toBe(account.opening + account.totalIn - account.totalOut)
    }
    expect(statement.accounts[0]?.closing).toBe(balances.deposit.balance)
    expect(statement.accounts[2]?.closing).toBe(balances.credit.occupied)
    expectProblem(
      await t.call('GET', `/dealers/d_cd/statements?from=${to}&to=${from}`, { token: accountant }),
      'request.invalid',
    )
  })

  it('reflects operator top-ups, rebate grants and credit changes', async () => {
    const before = (await t.call('GET', '/dealers/d_cd/balances', { token: accountant })).body
    await t.operator('POST', '/dealers/d_cd/top-up', { amount: 100_000 })
    await t.operator('POST', '/dealers/d_cd/rebate-grant', { amount: 20_000 })
    await t.operator('POST', '/dealers/d_cd/credit-limit', { limit: before.credit.limit + 50_000 })
    const after = (await t.call('GET', '/dealers/d_cd/balances', { token: accountant })).body
    expect(after.deposit.balance - before.deposit.balance).toBe(100_000)
    expect(after.rebate.available - before.rebate.available).toBe(20_000)
    expect(after.credit.available - before.credit.available).toBe(50_000)
    expectProblem(
      await t.operator('POST', '/dealers/d_zz/top-up', { amount: 1 }),
      'resource.notFound',
    )
  })
})
