import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../../../shared/api'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import { createFeedRepository } from '../../../../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { orderFeed } from '../../../../electron/services/sync/feeds'
import { orderRecord } from '../../../fixtures/homeRecords'

async function cacheFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'dealerdesk-order-lines-')), 'cache.sqlite')
}

const lines = async (db: CacheDatabase) =>
  await db.all<{
    order_id: string
    status: string
    product_id: string
    sku: string
    quantity: number
    amount: number
    created_at: number
  }>(
    'SELECT order_id, status, product_id, sku, quantity, amount, created_at FROM order_lines ORDER BY order_id, product_id',
  )

const first = orderRecord({
  id: 'o1',
  createdAt: 1_000,
  lines: [
    { productId: 'P1', sku: 'A', quantity: 2, unitPrice: 300 },
    { productId: 'P2', sku: 'B', quantity: 1, unitPrice: 50 },
  ],
})
const second = orderRecord({
  id: 'o2',
  createdAt: 2_000,
  lines: [{ productId: 'P1', sku: 'A', quantity: 5, unitPrice: 300 }],
})

describe('order_lines (cache migration 2)', () => {
  it('follows every upsert and tombstone of orders, single and bulk', async () => {
    const db = await openCacheDatabase({ file: await cacheFile(), migrations: CACHE_MIGRATIONS })
    const orders = createFeedRepository<Order>(db, orderFeed.table, orderFeed.toColumns)
    await orders.upsertMany([first, second])
    expect(await lines(db)).toEqual([
      {
        order_id: 'o1',
        status: 'confirmed',
        product_id: 'P1',
        sku: 'A',
        quantity: 2,
        amount: 600,
        created_at: 1_000,
      },
      {
        order_id: 'o1',
        status: 'confirmed',
        product_id: 'P2',
        sku: 'B',
        quantity: 1,
        amount: 50,
        created_at: 1_000,
      },
      {
        order_id: 'o2',
        status: 'confirmed',
        product_id: 'P1',
        sku: 'A',
        quantity: 5,
        amount: 1500,
        created_at: 2_000,
      },
    ])
    // A status change and a line removed arrive by sync (upsert of the changed record).
    await orders.upsertMany([
      { ...first, status: 'cancelled', lines: first.lines.slice(0, 1), total: 600 },
    ])
    expect((await lines(db)).filter((line) => line.order_id === 'o1')).toEqual([
      {
        order_id: 'o1',
        status: 'cancelled',
        product_id: 'P1',
        sku: 'A',
        quantity: 2,
        amount: 600,
        created_at: 1_000,
      },
    ])
    // The bulk path (json_each, from 20 records on) fires the same triggers.
    const many = Array.from({ length: 25 }, (_, index) =>
      orderRecord({
        id: `b${index}`,
        createdAt: 3_000 + index,
        lines: [{ productId: 'P9', quantity: 1, unitPrice: 10 }],
      }),
    )
    await orders.upsertMany(many)
    expect(
      (
        await db.get<{ n: number }>(
          "SELECT COUNT(*) AS n FROM order_lines WHERE order_id LIKE 'b%'",
        )
      )?.n,
    ).toBe(25)
    await orders.deleteMany(['o2', 'b0'])
    expect((await lines(db)).map((line) => line.order_id)).not.toContain('o2')
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM order_lines'))?.n).toBe(1 + 24)
    await db.close()
  })

  it('fills order_lines from the orders already cached when an older cache is migrated', async () => {
    const file = await cacheFile()
    const old = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS.slice(0, 1) })
    await createFeedRepository<Order>(old, orderFeed.table, orderFeed.toColumns).upsertMany([
      first,
      second,
    ])
    await old.close()
    const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
    expect(db.schemaChanged).toBe(false)
    expect((await lines(db)).map((line) => [line.order_id, line.product_id, line.amount])).toEqual([
      ['o1', 'P1', 600],
      ['o1', 'P2', 50],
      ['o2', 'P1', 1500],
    ])
    await db.close()
  })
})
