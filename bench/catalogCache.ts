/**
 * A dealer cache with `count` realistic products (bilingual names, pinyin computed as sync does,
 * barcodes, categories, 1 % off sale) and one price-list item per product (every third with a
 * pack step of 12, every fifth with tiers), written through the sync feed definitions. Used by the
 * search and paste benchmarks.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PriceList, PriceListItem, Product } from '../shared/api'
import { openCacheDatabase, type CacheDatabase } from '../electron/services/cache/cacheDatabase'
import {
  createCursorStore,
  createFeedRepository,
  createPriceItemRepository,
} from '../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { priceItemFeed, priceListFeed, productFeed } from '../electron/services/sync/feeds'

const BRANDS = [
  ['宏达', 'Hongda'],
  ['金鹰', 'Golden Eagle'],
  ['华丰', 'Huafeng'],
  ['东方', 'Orient'],
  ['长城', 'Great Wall'],
  ['圆顶', 'Dome'],
] as const
export const ITEMS = [
  ['不锈钢螺丝刀', 'stainless screwdriver'],
  ['活动扳手', 'adjustable wrench'],
  ['电钻', 'power drill'],
  ['角磨机', 'angle grinder'],
  ['卷尺', 'tape measure'],
  ['水平仪', 'spirit level'],
  ['老虎钳', 'combination pliers'],
  ['电缆', 'power cable'],
  ['开关面板', 'switch panel'],
  ['节能灯泡', 'energy-saving bulb'],
  ['密封胶', 'sealant'],
  ['六角螺栓', 'hex bolt'],
  ['自攻螺钉', 'self-tapping screw'],
  ['膨胀螺丝', 'expansion bolt'],
  ['圆顶机', 'dome machine'],
] as const
const SPECS = ['6mm', '8mm', '10mm', '12寸', '5米', '220V', '1.5平方', 'A级', '加厚', '套装']
const T0 = 1_700_000_000_000

export function benchProduct(index: number): Product {
  const [brandZh, brandEn] = BRANDS[index % BRANDS.length]!
  const [itemZh, itemEn] = ITEMS[Math.floor(index / BRANDS.length) % ITEMS.length]!
  const spec = SPECS[index % SPECS.length]!
  const category = Math.floor(index / BRANDS.length) % ITEMS.length
  return {
    id: `P${String(index).padStart(6, '0')}`,
    sku: `SK${String(index % 997).padStart(3, '0')}-${String(index).padStart(6, '0')}`,
    barcode: String(6_900_000_000_000 + index),
    nameZh: `${brandZh}${itemZh} ${spec} 型号${index}`,
    nameEn: `${brandEn} ${itemEn} ${spec} model ${index}`,
    categoryId: `cat_${category}`,
    categoryNameZh: ITEMS[category]![0],
    categoryNameEn: ITEMS[category]![1],
    unitZh: index % 3 ? '把' : '箱',
    unitEn: index % 3 ? 'piece' : 'carton',
    specZh: `${spec}，适用于五金店与建材市场`,
    specEn: `${spec}, for hardware stores`,
    status: index % 100 === 7 ? 'offSale' : 'onSale',
    imageUrl: null,
    modifiedAt: T0 + index * 1000,
  }
}

function benchPriceItem(index: number): PriceListItem {
  const price = 1_000 + ((index * 7919) % 500_000)
  return {
    id: `pl_std.P${String(index).padStart(6, '0')}`,
    priceListId: 'pl_std',
    productId: `P${String(index).padStart(6, '0')}`,
    price,
    tiers: index % 5 === 0 ? [{ minQuantity: 100, price: Math.round(price * 0.95) }] : [],
    minQuantity: index % 3 ? 1 : 12,
    step: index % 3 ? 1 : 12,
    validFrom: null,
    validTo: null,
    modifiedAt: T0 + index * 1000,
  }
}

const LIST: PriceList = {
  id: 'pl_std',
  nameZh: '标准价',
  nameEn: 'Standard',
  priority: 30,
  active: true,
  validFrom: null,
  validTo: null,
  modifiedAt: T0,
}

export async function benchCatalogCache(
  count: number,
): Promise<{ db: CacheDatabase; dispose(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-catalog-'))
  const db = await openCacheDatabase({
    file: join(folder, 'cache.sqlite'),
    migrations: CACHE_MIGRATIONS,
    persistDelayMs: 3_600_000,
  })
  const products = createFeedRepository(db, productFeed.table, productFeed.toColumns)
  const items = createPriceItemRepository(db, priceItemFeed.toColumns as never)
  await createFeedRepository(db, priceListFeed.table, priceListFeed.toColumns).upsertMany([LIST])
  for (let start = 0; start < count; start += 1000) {
    const page = Array.from(
      { length: Math.min(1000, count - start) },
      (_, offset) => start + offset,
    )
    await products.upsertMany(page.map(benchProduct))
    await items.upsertMany(page.map(benchPriceItem))
  }
  // A synced cache: its first full sync of products and prices is recorded as done (while prices
  // still sync, the catalog lists only priced products, a slower walk).
  const cursors = createCursorStore(db)
  for (const feed of ['products', 'priceLists', `priceItems:${LIST.id}`])
    await cursors.set(feed, { since: T0, after: null, fullSyncDone: true })
  return {
    db,
    async dispose() {
      await db.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}
