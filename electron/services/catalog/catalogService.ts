/**
 * The catalog of the signed-in dealer: categories, ranked search, products with their sellable
 * price, and quick order matching. A thin client: the search index lives in the cache worker next
 * to the data (catalogWorker.ts), built there in slices when the cache opens and fed there by
 * every write to the products, so each call here is one message and nothing but the answer (the
 * rows the screen shows) crosses to this thread.
 * Errors: session.signedOut (no cache open), catalog.productNotFound.
 */
import type {
  CatalogCategory,
  CatalogProduct,
  CatalogSearchInput,
  CatalogSearchResult,
  QuickOrderCandidate,
  QuickOrderResult,
} from '../../../shared/contract/catalog'
import { PortalError } from '../../../shared/contract/result'
import type { PastedRow } from '../../../shared/domain/quickOrder'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { CatalogIndexStatus } from './catalogWorker'

export { catalogSyncing, toCatalogProduct } from './catalogProduct'

export interface CatalogServiceDependencies {
  /** The open dealer cache, or null when signed out. */
  database(): CacheDatabase | null
  clock?: () => number
}

/** Reads products (record + price) by id for the current cache. */
export interface CatalogReader {
  /** Products by id in the order given; unknown ids are left out. */
  products(ids: readonly string[]): Promise<CatalogProduct[]>
}

export interface CatalogService extends CatalogReader {
  /** Resolves once the search index of the open cache is ready (built in the worker if need be). */
  ready(): Promise<CatalogIndexStatus>
  categories(): Promise<CatalogCategory[]>
  search(input: CatalogSearchInput): Promise<CatalogSearchResult>
  product(id: string): Promise<CatalogProduct>
  /** Quick-order rows matched to products (quickOrderMatcher.ts), in one message to the worker. */
  matchQuickOrder(rows: readonly PastedRow[]): Promise<QuickOrderResult>
  /** An ambiguous quick-order row's candidates (sellable, ranked), asked when its picker opens. */
  quickOrderCandidates(reference: string): Promise<QuickOrderCandidate[]>
  /** Sync applied `feeds` (empty: another cache was opened: its index starts building at once). */
  onDataChanged(feeds: readonly string[]): void
}

export function createCatalogService(deps: CatalogServiceDependencies): CatalogService {
  const clock = deps.clock ?? Date.now

  function database(): CacheDatabase {
    const db = deps.database()
    if (!db) throw new PortalError('session.signedOut')
    return db
  }

  async function products(ids: readonly string[]): Promise<CatalogProduct[]> {
    if (ids.length === 0) return []
    return database().catalog('catalogProducts', { ids: [...ids], now: clock() })
  }

  return {
    products,
    ready: async () => database().catalog('catalogReady', {}),
    categories: async () => database().catalog('catalogCategories', {}),
    async search(input) {
      return database().catalog('catalogSearch', {
        query: input.query,
        ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
        ...(input.includeOffSale !== undefined ? { includeOffSale: input.includeOffSale } : {}),
        offset: input.offset,
        limit: input.limit,
        now: clock(),
      })
    },
    async product(id) {
      const [found] = await products([id])
      if (!found) throw new PortalError('catalog.productNotFound', { id })
      return found
    },
    async matchQuickOrder(rows) {
      return database().catalog('catalogMatch', { rows: [...rows], now: clock() })
    },
    async quickOrderCandidates(reference) {
      return database().catalog('catalogCandidates', { reference, now: clock() })
    },
    onDataChanged(feeds) {
      if (feeds.length > 0) return
      // Another cache opened: have its index ready before the first search.
      deps
        .database()
        ?.catalog('catalogOpen', {})
        .catch((error: unknown) =>
          console.error('catalog: could not build the search index', error),
        )
    },
  }
}
