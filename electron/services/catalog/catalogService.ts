/**
 * The catalog of the signed-in dealer, read from its cache: categories, ranked search over the
 * in-memory index (catalogIndex.ts), products with their sellable price (priceBook.ts), and quick
 * order matching (quickOrderMatcher.ts). The index is built on first use for the open cache, and
 * dropped when another cache is open or a sync changed products (`onDataChanged`).
 * Errors: session.signedOut (no cache open), catalog.productNotFound.
 */
import { productSnapshot, type Product } from '../../../shared/api'
import type { CatalogCategory, CatalogProduct, CatalogSearchInput, CatalogSearchResult } from '../../../shared/contract/catalog'
import { PortalError } from '../../../shared/contract/result'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { buildCatalogIndex, type CatalogIndex } from './catalogIndex'
import { createPriceBook, type ProductPrice } from './priceBook'

export interface CatalogServiceDependencies {
  /** The open dealer cache, or null when signed out. */
  database(): CacheDatabase | null
  clock?: () => number
  /**
   * After a sync changed the products of a cache whose index was in use, rebuild it this many ms
   * later (not at the next keystroke). Default 500; null = rebuild lazily only.
   */
  refreshDelayMs?: number | null
}

/** Reads products (record + price) by id for the current cache. */
export interface CatalogReader {
  index(): CatalogIndex
  /** Products by id in the order given; unknown ids are left out. */
  products(ids: readonly string[]): CatalogProduct[]
}

export interface CatalogService extends CatalogReader {
  categories(): CatalogCategory[]
  search(input: CatalogSearchInput): CatalogSearchResult
  product(id: string): CatalogProduct
  /** Sync applied `feeds` (empty: another cache was opened): drops the index when products changed. */
  onDataChanged(feeds: readonly string[]): void
  invalidate(): void
}

const CHUNK = 500

export function toCatalogProduct(product: Product, price: ProductPrice | null): CatalogProduct {
  return {
    id: product.id,
    ...productSnapshot(product),
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
          tiers: [...price.tiers].sort((a, b) => a.minQuantity - b.minQuantity).map(({ minQuantity, price: fen }) => ({ minQuantity, price: fen })),
          minQuantity: Math.max(1, price.minQuantity),
          step: Math.max(1, price.step),
          previousPrice: price.previousPrice,
          priceChangedAt: price.priceChangedAt,
        }
      : null,
  }
}

export function createCatalogService(deps: CatalogServiceDependencies): CatalogService {
  const refreshDelayMs = deps.refreshDelayMs === undefined ? 500 : deps.refreshDelayMs
  let built: { db: CacheDatabase; index: CatalogIndex } | null = null
  let refresh: ReturnType<typeof setTimeout> | undefined

  function scheduleRefresh(db: CacheDatabase): void {
    clearTimeout(refresh)
    if (refreshDelayMs === null) return
    refresh = setTimeout(() => {
      try {
        if (built === null && deps.database() === db) index()
      } catch (error) {
        console.error('catalog: could not rebuild the search index', error)
      }
    }, refreshDelayMs)
    refresh.unref?.()
  }

  function database(): CacheDatabase {
    const db = deps.database()
    if (!db) throw new PortalError('session.signedOut')
    return db
  }

  function index(): CatalogIndex {
    const db = database()
    if (built?.db !== db) built = { db, index: buildCatalogIndex(db) }
    return built.index
  }

  function products(ids: readonly string[]): CatalogProduct[] {
    const db = database()
    const records = new Map<string, Product>()
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK)
      const rows = db.all<{ id: string; record: string }>(
        `SELECT id, record FROM products WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      )
      for (const row of rows) records.set(row.id, JSON.parse(row.record) as Product)
    }
    const prices = createPriceBook(db, deps.clock).pricesFor([...records.keys()])
    return ids.flatMap((id) => {
      const record = records.get(id)
      return record ? [toCatalogProduct(record, prices.get(id) ?? null)] : []
    })
  }

  return {
    index,
    products,
    categories() {
      const db = database()
      const counts = index().categoryCounts()
      // One record per category for its names (the columns do not hold them).
      const rows = db.all<{ record: string }>(
        'SELECT record FROM products WHERE rowid IN (SELECT min(rowid) FROM products GROUP BY category_id)',
      )
      return rows
        .map((row) => JSON.parse(row.record) as Product)
        .map((product) => ({
          id: product.categoryId,
          nameZh: product.categoryNameZh,
          nameEn: product.categoryNameEn,
          count: counts.get(product.categoryId) ?? 0,
        }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    },
    search(input) {
      const options = {
        ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
        ...(input.includeOffSale !== undefined ? { includeOffSale: input.includeOffSale } : {}),
      }
      const { total, ids } = index().search(input.query, options, input.offset, input.limit)
      return { total, items: products(ids) }
    },
    product(id) {
      const [found] = products([id])
      if (!found) throw new PortalError('catalog.productNotFound', { id })
      return found
    },
    onDataChanged(feeds) {
      if (feeds.length === 0) {
        clearTimeout(refresh)
        built = null
      } else if (feeds.includes('products') && built) {
        const { db } = built
        built = null
        scheduleRefresh(db)
      }
    },
    invalidate() {
      clearTimeout(refresh)
      built = null
    },
  }
}
