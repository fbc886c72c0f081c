/**
 * The catalog over a cache synced from the real sandbox: the seed's 圆顶机 found by pinyin
 * initials and full pinyin (computed by sync), prices from the dealer's price lists, and a pasted
 * quick order matched against it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import { createCatalogService } from '../../electron/services/catalog/catalogService'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { parsePastedOrder } from '../../shared/domain/quickOrder'
import { signedInClient, temporaryCache } from './helpers'

let sandbox: RunningSandbox
let db: CacheDatabase

beforeAll(async () => {
  sandbox = await startSandbox({ products: 300, seed: 7 })
  const client = await signedInClient(sandbox.url, 'sh.admin')
  db = await temporaryCache('catalog')
  const status = await createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles: ['admin'],
    client: () => client,
  }).sync({ full: true })
  expect(status.lastError).toBeNull()
})

afterAll(async () => {
  await db.close()
  await sandbox.close()
})

describe('catalog over a synced cache', () => {
  it('finds 圆顶机 by initials, full pinyin, Chinese and SKU, exact SKU first', async () => {
    const catalog = createCatalogService({ database: () => db })
    for (const query of ['ydj', 'yuandingji', 'YuanDingJi', '圆顶机', 'ＹＤＪ']) {
      expect((await catalog.search({ query, offset: 0, limit: 5 })).items[0]).toMatchObject({
        id: 'P000001',
        nameZh: '圆顶机',
      })
    }
    const exact = await catalog.search({ query: 'ydj-2200', offset: 0, limit: 5 })
    expect(exact.items[0]).toMatchObject({ sku: 'YDJ-2200', price: { minQuantity: 1, step: 1 } })
  })

  it('prices products from the highest-priority list and shows the pack rule of P000002', async () => {
    const catalog = createCatalogService({ database: () => db })
    expect((await catalog.product('P000002')).price).toMatchObject({
      minQuantity: 20,
      step: 10,
    })
    expect((await catalog.product('P000005')).price).toBeNull()
    expect((await catalog.categories()).length).toBeGreaterThan(3)
  })

  it('matches a pasted order with unknown and off-sale rows', async () => {
    const catalog = createCatalogService({ database: () => db })
    const { rows } = await catalog.matchQuickOrder(
      parsePastedOrder('SKU\tQty\nYDJ-2200\t1\nHBA2-M8030-100\t25\nNOPE-1\t2\nAG-100-710\t1'),
    )
    expect(rows.map((row) => [row.status, row.quantity])).toEqual([
      ['matched', 1],
      ['matched', 30],
      ['notFound', null],
      ['notSellable', null],
    ])
  })
})
