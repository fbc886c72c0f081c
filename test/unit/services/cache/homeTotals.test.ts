import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Order, Transaction } from '../../../../shared/api'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import { createFeedRepository } from '../../../../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { chinaPeriod } from '../../../../shared/domain/chinaTime'
import { orderFeed } from '../../../../electron/services/sync/feeds'
import { flowBuilder, orderRecord, writeHomeRecords } from '../../../fixtures/homeRecords'

async function cacheFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'dealerdesk-home-totals-')), 'cache.sqlite')
}

const DAY = 86_400_000
/** 2025-12-31 15:30 UTC = 2025-12-31 23:30 Beijing: half an hour before a new Beijing month and year. */
const EDGE = Date.UTC(2025, 11, 31, 15, 30)
const STATUSES: Order['status'][] = [
  'confirmed',
  'under_review',
  'cancelled',
  'rejected',
  'received',
]

function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

/** What the running totals must equal: the GROUP BY over order_lines and transactions, computed in JS. */
async function expectedTotals(db: CacheDatabase) {
  const lines = await db.all<{
    order_id: string
    created_at: number
    status: string
    product_id: string
    quantity: number
    amount: number
  }>('SELECT order_id, created_at, status, product_id, quantity, amount FROM order_lines')
  const months = new Map<string, { orders: Set<string>; amount: number }>()
  const products = new Map<string, { lines: number; quantity: number; amount: number }>()
  for (const line of lines.filter(
    (line) => !['cancelled', 'rejected', 'declined', 'awaiting_approval'].includes(line.status),
  )) {
    const period = chinaPeriod(line.created_at)
    const month = months.get(period) ?? { orders: new Set(), amount: 0 }
    month.orders.add(line.order_id)
    month.amount += line.amount
    months.set(period, month)
    const key = `${period.slice(0, 4)}|${line.product_id}`
    const product = products.get(key) ?? { lines: 0, quantity: 0, amount: 0 }
    product.lines++
    product.quantity += line.quantity
    product.amount += line.amount
    products.set(key, product)
  }
  const rebate = new Map<string, { earned: number; used: number }>()
  for (const row of await db.all<{ at: number; type: string; amount: number }>(
    "SELECT at, type, amount FROM transactions WHERE account_type = 'rebate'",
  )) {
    const month = rebate.get(chinaPeriod(row.at)) ?? { earned: 0, used: 0 }
    if (row.type === 'rebateGrant' && row.amount > 0) month.earned += row.amount
    if (row.type === 'rebateUse' && row.amount < 0) month.used -= row.amount
    rebate.set(chinaPeriod(row.at), month)
  }
  return {
    months: [...months].map(([period, month]) => [period, month.orders.size, month.amount]).sort(),
    products: [...products].map(([key, p]) => [key, p.lines, p.quantity, p.amount]).sort(),
    rebate: [...rebate].map(([period, r]) => [period, r.earned, r.used]).sort(),
  }
}

async function storedTotals(db: CacheDatabase) {
  return {
    months: (
      await db.all<{ period: string; orders: number; amount: number }>(
        'SELECT period, orders, amount FROM order_month_totals WHERE orders <> 0 OR amount <> 0',
      )
    )
      .map((row) => [row.period, row.orders, row.amount])
      .sort(),
    products: (
      await db.all<{
        year: number
        product_id: string
        lines: number
        quantity: number
        amount: number
      }>('SELECT year, product_id, lines, quantity, amount FROM product_year_totals')
    )
      .map((row) => [`${row.year}|${row.product_id}`, row.lines, row.quantity, row.amount])
      .sort(),
    rebate: (
      await db.all<{ period: string; earned: number; used: number }>(
        'SELECT period, earned, used FROM rebate_month_totals WHERE earned <> 0 OR used <> 0',
      )
    )
      .map((row) => [row.period, row.earned, row.used])
      .sort(),
  }
}

function randomOrder(next: () => number, id: string): Order {
  return orderRecord({
    id,
    // Within a day of a Beijing month and year boundary, on both sides.
    createdAt: EDGE + Math.floor((next() - 0.5) * 2 * DAY),
    status: STATUSES[Math.floor(next() * STATUSES.length)],
    lines: Array.from({ length: 1 + Math.floor(next() * 4) }, (_, index) => ({
      productId: `P${Math.floor(next() * 6)}`,
      sku: `SKU-${index}`,
      quantity: 1 + Math.floor(next() * 5),
      unitPrice: 100 + Math.floor(next() * 1_000),
    })),
  })
}

describe('Home running totals (cache migration 4)', () => {
  it('equal the GROUP BY over order lines and rebate movements after random upserts and deletes', async () => {
    const db = await openCacheDatabase({ file: await cacheFile(), migrations: CACHE_MIGRATIONS })
    const orders = createFeedRepository<Order>(db, orderFeed.table, orderFeed.toColumns)
    const flow = flowBuilder()
    const next = random(7)
    const ids = Array.from({ length: 30 }, (_, index) => `o${index}`)
    for (let round = 0; round < 12; round++) {
      // Single upserts, bulk upserts (json_each from 20 records on), status and line changes.
      const batch = ids
        .filter(() => next() < (round % 3 === 0 ? 0.9 : 0.3))
        .map((id) => randomOrder(next, id))
      await db.transaction(() => orders.upsertMany(batch))
      await orders.deleteMany(ids.filter(() => next() < 0.1))
      const movements: Transaction[] = Array.from({ length: 8 }, () =>
        flow.add(
          EDGE + Math.floor((next() - 0.5) * 2 * DAY),
          next() < 0.7 ? 'rebate' : 'deposit',
          (['rebateGrant', 'rebateUse', 'adjustment'] as const)[Math.floor(next() * 3)]!,
          Math.floor((next() - 0.4) * 100_000),
        ),
      )
      // Some movements come again, corrected (an upsert), some of them moved to another account.
      const corrected = flow.items
        .filter(() => next() < 0.1)
        .map((item) => ({
          ...item,
          amount: item.amount + 1_000,
          accountType: next() < 0.3 ? ('deposit' as const) : item.accountType,
        }))
      await writeHomeRecords(db, { transactions: [...movements, ...corrected] })
      if (round % 4 === 3) {
        const gone = flow.items.filter(() => next() < 0.2).map((item) => item.id)
        for (const id of gone) await db.run('DELETE FROM transactions WHERE id = ?', [id])
      }
      expect(await storedTotals(db)).toEqual(await expectedTotals(db))
    }
    expect((await storedTotals(db)).months.map((row) => row[0])).toEqual(['2025-12', '2026-01'])
    await db.close()
  })

  it('are filled from what an older cache already holds when it is migrated', async () => {
    const file = await cacheFile()
    const old = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS.slice(0, 2) })
    const next = random(3)
    const flow = flowBuilder()
    flow.add(EDGE, 'rebate', 'rebateGrant', 50_000)
    flow.add(EDGE + DAY, 'rebate', 'rebateUse', -20_000)
    await writeHomeRecords(old, {
      orders: Array.from({ length: 25 }, (_, index) => randomOrder(next, `o${index}`)),
      transactions: flow.items,
    })
    await old.close()
    const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
    expect(db.schemaChanged).toBe(false)
    const stored = await storedTotals(db)
    expect(stored.months.length).toBeGreaterThan(0)
    expect(stored).toEqual(await expectedTotals(db))
    expect(stored.rebate).toEqual([
      ['2025-12', 50_000, 0],
      ['2026-01', 0, 20_000],
    ])
    await db.close()
  })
})
