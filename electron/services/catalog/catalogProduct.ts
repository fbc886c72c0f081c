/**
 * What the catalog shows of a product, read from the cache: the record with its sellable price
 * (priceBook.ts), and whether the first full sync of products / prices is still under way. Run
 * where the cache is (the cache worker answers the catalog's ops with them, catalogWorker.ts);
 * `db` only needs `all`.
 */
import type { Product } from '../../../shared/api'
import type { CatalogProduct } from '../../../shared/contract/catalog'
import type { CacheSql } from '../cache/cacheDatabase'
import { decodeProduct, PRODUCT_ROW_COLUMNS } from '../cache/storedRecords'
import { createPriceBook, type ProductPrice } from './priceBook'

type Reads = Pick<CacheSql, 'all'>

export function toCatalogProduct(product: Product, price: ProductPrice | null): CatalogProduct {
  // The snapshot's fields (shared/api productSnapshot), picked here: this module runs in the
  // cache worker, which does not load zod (shared/api's schemas) for seven fields.
  const { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn } = product
  return {
    id: product.id,
    ...{ sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn },
    barcode: product.barcode,
    categoryId: product.categoryId,
    categoryNameZh: product.categoryNameZh,
    categoryNameEn: product.categoryNameEn,
    status: product.status,
    price: price
      ? {
          priceListId: price.priceListId,
          priceListNameZh: price.priceListNameZh,
          priceListNameEn: price.priceListNameEn,
          price: price.price,
          tiers: [...price.tiers]
            .sort((a, b) => a.minQuantity - b.minQuantity)
            .map(({ minQuantity, price: fen }) => ({ minQuantity, price: fen })),
          minQuantity: Math.max(1, price.minQuantity),
          step: Math.max(1, price.step),
          previousPrice: price.previousPrice,
          priceChangedAt: price.priceChangedAt,
        }
      : null,
  }
}

/** Products by id in the order given, priced at `now`; unknown ids are left out. */
export async function readCatalogProducts(
  db: Reads,
  ids: readonly string[],
  now: number,
): Promise<CatalogProduct[]> {
  const records = new Map<string, Product>()
  // The ids as one JSON parameter (json_each), not one placeholder each: measured half the time
  // of chunks of 500 placeholders for a 1,000-row paste (binding and preparing dominated).
  const rows = await db.all<{ id: string; record: string }>(
    `SELECT ${PRODUCT_ROW_COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  )
  for (const row of rows) records.set(row.id, decodeProduct(row))
  const prices = await createPriceBook(db, () => now).pricesFor([...records.keys()])
  return ids.flatMap((id) => {
    const record = records.get(id)
    return record ? [toCatalogProduct(record, prices.get(id) ?? null)] : []
  })
}

/**
 * Whether the first full sync of products / of prices (price lists and every list's items) has
 * not completed yet in this cache (from the sync cursors).
 */
export async function catalogSyncing(db: Reads): Promise<{ products: boolean; prices: boolean }> {
  const cursors = await db.all<{ feed: string; done: number }>(
    "SELECT feed, full_sync_done AS done FROM sync_cursors WHERE feed IN ('products', 'priceLists') OR feed LIKE 'priceItems:%'",
  )
  const done = new Map(cursors.map((cursor) => [cursor.feed, cursor.done === 1]))
  const lists = await db.all<{ id: string }>('SELECT id FROM price_lists')
  return {
    products: done.get('products') !== true,
    prices:
      done.get('priceLists') !== true ||
      lists.some((list) => done.get(`priceItems:${list.id}`) !== true),
  }
}

/** Category names (one record per category) with their on-sale counts, by id. */
export async function readCategories(
  db: Reads,
  counts: ReadonlyMap<string, number>,
): Promise<Array<{ id: string; nameZh: string; nameEn: string; count: number }>> {
  const rows = await db.all<{ record: string }>(
    `SELECT ${PRODUCT_ROW_COLUMNS} FROM products WHERE rowid IN (SELECT min(rowid) FROM products GROUP BY category_id)`,
  )
  return rows
    .map(decodeProduct)
    .map((product) => ({
      id: product.categoryId,
      nameZh: product.categoryNameZh,
      nameEn: product.categoryNameEn,
      count: counts.get(product.categoryId) ?? 0,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
