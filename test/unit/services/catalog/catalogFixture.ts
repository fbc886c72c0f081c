/** A real sql.js dealer cache in a temp folder holding a few products and their price items. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PriceList, PriceListItem, Product } from '../../../../shared/api'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import {
  createFeedRepository,
  createPriceItemRepository,
} from '../../../../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { priceItemFeed, priceListFeed, productFeed } from '../../../../electron/services/sync/feeds'

export function product(id: string, fields: Partial<Product> = {}): Product {
  return {
    id,
    sku: `SKU-${id}`,
    barcode: `690${id.replace(/\D/g, '').padStart(10, '0')}`,
    nameZh: `商品${id}`,
    nameEn: `Product ${id}`,
    categoryId: 'cat_tools',
    categoryNameZh: '工具',
    categoryNameEn: 'Tools',
    unitZh: '个',
    unitEn: 'piece',
    specZh: '标准',
    specEn: 'standard',
    status: 'onSale',
    imageUrl: null,
    modifiedAt: 1_700_000_000_000,
    ...fields,
  }
}

export function priceItem(productId: string, fields: Partial<PriceListItem> = {}): PriceListItem {
  return {
    id: `pl_std.${productId}`,
    priceListId: 'pl_std',
    productId,
    price: 10_000,
    tiers: [],
    minQuantity: 1,
    step: 1,
    validFrom: null,
    validTo: null,
    modifiedAt: 1_700_000_000_000,
    ...fields,
  }
}

const STANDARD: PriceList = {
  id: 'pl_std',
  nameZh: '标准价',
  nameEn: 'Standard',
  priority: 30,
  active: true,
  validFrom: null,
  validTo: null,
  modifiedAt: 1_700_000_000_000,
}

/**
 * A cache holding `products` and the standard price list's `items`, its first full sync of
 * products and prices recorded as done (so the catalog lists unpriced products too; while prices
 * still sync it lists only priced ones: pass `synced: false`).
 */
export async function catalogCache(
  products: Product[],
  items: PriceListItem[],
  { synced = true }: { synced?: boolean } = {},
): Promise<{ db: CacheDatabase; dispose(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-catalog-test-'))
  const db = await openCacheDatabase({
    file: join(folder, 'cache.sqlite'),
    migrations: CACHE_MIGRATIONS,
  })
  await createFeedRepository(db, productFeed.table, productFeed.toColumns).upsertMany(products)
  await createFeedRepository(db, priceListFeed.table, priceListFeed.toColumns).upsertMany([
    STANDARD,
  ])
  await createPriceItemRepository(db, priceItemFeed.toColumns as never).upsertMany(items)
  if (synced) {
    for (const feed of ['products', 'priceLists', `priceItems:${STANDARD.id}`])
      await db.run(
        'INSERT INTO sync_cursors (feed, since, after, updated_at, full_sync_done) VALUES (?, 0, NULL, 0, 1)',
        [feed],
      )
  }
  return {
    db,
    async dispose() {
      await db.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}
