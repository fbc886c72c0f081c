/**
 * The catalog screen's state: categories, the current search (query, category, off-sale filter),
 * its total and the pages of results loaded so far (the list asks for the rows it shows), and the
 * bridge calls of quick order. Adding to the cart goes through `addToCart` (cart.add).
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CartChange } from '../../shared/contract/cart'
import type {
  CatalogCategory,
  CatalogProduct,
  QuickOrderCandidate,
  QuickOrderResult,
} from '../../shared/contract/catalog'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const CATALOG_PAGE_SIZE = 200

export const useCatalogStore = defineStore('catalog', () => {
  const categories = ref<CatalogCategory[]>([])
  const query = ref('')
  const categoryId = ref<string | null>(null)
  const includeOffSale = ref(false)
  const total = ref(0)
  const loading = ref(false)
  /** The first sync of products / prices is still under way (the total may grow, prices come). */
  const syncing = ref({ products: false, prices: false })
  /** Loaded rows by position; a new search replaces the map (shallow: rows are read-only). */
  const rows = shallowRef(new Map<number, CatalogProduct>())
  /** Incremented by each new search, so late answers of an older one are dropped. */
  let generation = 0
  const pending = new Set<number>()

  async function loadCategories(): Promise<void> {
    const result = await getPortal().catalog.categories()
    if (result.ok) categories.value = result.data
    else useNoticeStore().reportError(result.error)
  }

  async function loadPage(page: number, current: number): Promise<void> {
    if (pending.has(page)) return
    pending.add(page)
    try {
      const result = await getPortal().catalog.search({
        query: query.value,
        ...(categoryId.value ? { categoryId: categoryId.value } : {}),
        includeOffSale: includeOffSale.value,
        offset: page * CATALOG_PAGE_SIZE,
        limit: CATALOG_PAGE_SIZE,
      })
      if (current !== generation) return
      if (!result.ok) {
        useNoticeStore().reportError(result.error)
        return
      }
      total.value = result.data.total
      syncing.value = result.data.syncing ?? { products: false, prices: false }
      const next = new Map(rows.value)
      result.data.items.forEach((item, index) => next.set(page * CATALOG_PAGE_SIZE + index, item))
      rows.value = next
    } finally {
      if (current === generation) pending.delete(page)
    }
  }

  /** Starts a new search with the current criteria (first page). */
  async function search(): Promise<void> {
    generation++
    pending.clear()
    const current = generation
    loading.value = true
    try {
      rows.value = new Map()
      await loadPage(0, current)
    } finally {
      if (current === generation) loading.value = false
    }
  }

  /** Makes sure rows [start, end) are loaded (or loading). */
  function ensureRows(start: number, end: number): void {
    const last = Math.min(end, total.value) - 1
    for (
      let page = Math.floor(Math.max(0, start) / CATALOG_PAGE_SIZE);
      page * CATALOG_PAGE_SIZE <= last;
      page++
    ) {
      if (!rows.value.has(page * CATALOG_PAGE_SIZE) && !pending.has(page))
        void loadPage(page, generation)
    }
  }

  /** cart.add; reports a bridge error and returns null, or the change (with per-line refusals). */
  async function addToCart(
    lines: Array<{ productId: string; quantity: number }>,
  ): Promise<CartChange | null> {
    const result = await getPortal().cart.add({ lines })
    if (result.ok) return result.data
    useNoticeStore().reportError(result.error)
    return null
  }

  async function matchRows(text: string): Promise<QuickOrderResult | null> {
    const result = await getPortal().catalog.matchRows({ text })
    if (result.ok) return result.data
    useNoticeStore().reportError(result.error)
    return null
  }

  /** An ambiguous quick-order row's candidates (its picker opened); null when that failed. */
  async function quickOrderCandidates(reference: string): Promise<QuickOrderCandidate[] | null> {
    const result = await getPortal().catalog.candidates({ reference })
    if (result.ok) return result.data
    useNoticeStore().reportError(result.error)
    return null
  }

  async function importFile(
    fileName: string,
    contentBase64: string,
  ): Promise<QuickOrderResult | null> {
    const result = await getPortal().catalog.importFile({ fileName, contentBase64 })
    if (result.ok) return result.data
    useNoticeStore().reportError(result.error)
    return null
  }

  /** Calls `listener` when a sync changed products or prices (or another cache opened). */
  function onCatalogChanged(listener: (dealerId: string) => void): () => void {
    return getPortal().onDataChanged(({ dealerId, feeds }) => {
      if (
        feeds.length === 0 ||
        feeds.includes('products') ||
        feeds.includes('priceItems') ||
        feeds.includes('priceLists')
      )
        listener(dealerId)
    })
  }

  return {
    onCatalogChanged,
    categories,
    query,
    categoryId,
    includeOffSale,
    total,
    loading,
    syncing,
    rows,
    loadCategories,
    search,
    ensureRows,
    addToCart,
    matchRows,
    quickOrderCandidates,
    importFile,
  }
})
