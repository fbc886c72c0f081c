/**
 * The catalog of the signed-in dealer, read from its cache: categories, ranked search over the
 * in-memory index (catalogIndex.ts), products with their sellable price (priceBook.ts), and quick
 * order matching (quickOrderMatcher.ts). The index is built on first use for the open cache, and
 * dropped when another cache is open or a sync changed products (`onDataChanged`).
 * Errors: session.signedOut (no cache open), catalog.productNotFound.
 */
import { productSnapshot, type Product } from '../../../shared/api'
import type {
  CatalogCategory,
  CatalogProduct,
  CatalogSearchInput,
  CatalogSearchResult,
} from '../../../shared/contract/catalog'
import { PortalError } from '../../../shared/contract/result'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { decodeProduct, PRODUCT_ROW_COLUMNS } from '../cache/cacheRepositories'
import { buildCatalogIndexInSlices, indexedProduct, type CatalogIndex } from './catalogIndex'
import { createPriceBook, type ProductPrice } from './priceBook'
import { pricedMatches } from './pricedWhileSyncing'

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
  /** The index of the open cache (built if need be). */
  index(): Promise<CatalogIndex>
  /** Products by id in the order given; unknown ids are left out. */
  products(ids: readonly string[]): Promise<CatalogProduct[]>
}

export interface CatalogService extends CatalogReader {
  /** The index of the open cache, built in slices if need be (the event loop stays free). */
  ready(): Promise<CatalogIndex>
  categories(): Promise<CatalogCategory[]>
  search(input: CatalogSearchInput): Promise<CatalogSearchResult>
  product(id: string): Promise<CatalogProduct>
  /** Sync applied `feeds` (empty: another cache was opened): refreshes the index when products changed. */
  onDataChanged(feeds: readonly string[]): void
  /** A sync committed these products (and removals) to `db`: the index takes them at once. */
  onProductsSynced(
    db: CacheDatabase,
    products: readonly Product[],
    removedIds: readonly string[],
  ): void
  invalidate(): void
}

/** Above this share of stale slots, the index is rebuilt (in the background) after a sync. */
const MAX_WASTE = 0.3
const pause = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Whether the first full sync of products / of prices (price lists and every list's items) has
 * not completed yet in this cache (from the sync cursors).
 */
export async function catalogSyncing(
  db: CacheDatabase,
): Promise<{ products: boolean; prices: boolean }> {
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

export function createCatalogService(deps: CatalogServiceDependencies): CatalogService {
  const refreshDelayMs = deps.refreshDelayMs === undefined ? 500 : deps.refreshDelayMs
  /**
   * The index of one cache: `index` once built; while a sliced build runs, `building` and the sync
   * pages that landed meanwhile (`queued`, applied when it is done); `fed`: a sync fed it since.
   */
  type State = {
    db: CacheDatabase
    index: CatalogIndex | null
    building: Promise<CatalogIndex> | null
    queued: Array<{ products: readonly Product[]; removedIds: readonly string[] }>
    fed: boolean
  }
  let state: State | null = null
  let refresh: ReturnType<typeof setTimeout> | undefined

  function stateFor(db: CacheDatabase): State {
    if (state?.db !== db) state = { db, index: null, building: null, queued: [], fed: false }
    return state
  }

  function scheduleRefresh(db: CacheDatabase): void {
    clearTimeout(refresh)
    if (refreshDelayMs === null) return
    refresh = setTimeout(() => {
      if (deps.database() !== db) return
      ready().catch((error: unknown) =>
        console.error('catalog: could not rebuild the search index', error),
      )
    }, refreshDelayMs)
    refresh.unref?.()
  }

  function database(): CacheDatabase {
    const db = deps.database()
    if (!db) throw new PortalError('session.signedOut')
    return db
  }

  function adopt(current: State, index: CatalogIndex): CatalogIndex {
    for (const { products, removedIds } of current.queued.splice(0))
      feed(index, products, removedIds)
    current.index = index
    current.building = null
    return index
  }

  function feed(
    index: CatalogIndex,
    products: readonly Product[],
    removedIds: readonly string[],
  ): void {
    if (removedIds.length) index.remove(removedIds)
    if (products.length) index.upsert(products.map(indexedProduct))
  }

  function ready(): Promise<CatalogIndex> {
    const current = stateFor(database())
    if (current.index) return Promise.resolve(current.index)
    current.building ??= buildCatalogIndexInSlices(
      current.db,
      pause,
      () => state === current && current.index === null,
    ).then(
      (built) => {
        if (state !== current) throw new PortalError('session.signedOut')
        // index() may have built it at once meanwhile.
        return current.index ?? adopt(current, built!)
      },
      (error: unknown) => {
        current.building = null
        throw error
      },
    )
    return current.building
  }

  async function products(ids: readonly string[]): Promise<CatalogProduct[]> {
    const db = database()
    const records = new Map<string, Product>()
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK)
      const rows = await db.all<{ id: string; record: string }>(
        `SELECT ${PRODUCT_ROW_COLUMNS} FROM products WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      )
      for (const row of rows) records.set(row.id, decodeProduct(row))
    }
    const prices = await createPriceBook(db, deps.clock).pricesFor([...records.keys()])
    return ids.flatMap((id) => {
      const record = records.get(id)
      return record ? [toCatalogProduct(record, prices.get(id) ?? null)] : []
    })
  }

  return {
    index: ready,
    products,
    async categories() {
      const db = database()
      const counts = (await ready()).categoryCounts()
      // One record per category for its names (the columns do not hold them).
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
    },
    async search(input) {
      const options = {
        ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
        ...(input.includeOffSale !== undefined ? { includeOffSale: input.includeOffSale } : {}),
      }
      const db = database()
      const index = await ready()
      const syncing = await catalogSyncing(db)
      // While prices sync, only rows that can be ordered (pricedWhileSyncing.ts).
      const { total, ids } = syncing.prices
        ? await pricedMatches(
            (offset, limit) => index.search(input.query, options, offset, limit),
            async (window) =>
              new Set((await createPriceBook(db, deps.clock).pricesFor(window)).keys()),
            input.offset,
            input.limit,
          )
        : index.search(input.query, options, input.offset, input.limit)
      return { total, items: await products(ids), syncing }
    },
    async product(id) {
      const [found] = await products([id])
      if (!found) throw new PortalError('catalog.productNotFound', { id })
      return found
    },
    ready,
    onDataChanged(feeds) {
      if (feeds.length === 0) {
        clearTimeout(refresh)
        state = null
        // Another cache opened: have its index ready before the first search.
        if (deps.database() && refreshDelayMs !== null) scheduleRefresh(database())
      } else if (feeds.includes('products') && state) {
        const current = state
        // Fed page by page by the sync: current unless too much of it is stale.
        if (current.fed && current.index && current.index.waste <= MAX_WASTE) {
          current.fed = false
          return
        }
        state = null
        scheduleRefresh(current.db)
      }
    },
    onProductsSynced(db, synced, removedIds) {
      if (state?.db !== db) return
      state.fed = true
      if (state.index) feed(state.index, synced, removedIds)
      else if (state.building) state.queued.push({ products: synced, removedIds })
    },
    invalidate() {
      clearTimeout(refresh)
      state = null
    },
  }
}
