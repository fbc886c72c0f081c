/**
 * The order list (filters, summaries loaded page by page as the list scrolls) and the order open
 * in the detail view, all read from the cache through the bridge; reloaded when sync brings news.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  ExportedFile,
  OrderActionOutcome,
  OrderDetail,
  OrderFilter,
  OrderListStatus,
  OrderSummary,
  ReorderResult,
} from '../../shared/contract/orders'
import type { Language } from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

/** Rows fetched per request: a few screens of the virtual list. */
export const ORDER_PAGE_SIZE = 300

export interface OrderFilterState {
  statuses: OrderListStatus[]
  /** Epoch ms, both inclusive; null = open. */
  from: number | null
  to: number | null
  text: string
}

export const useOrdersStore = defineStore('orders', () => {
  const filter = ref<OrderFilterState>({ statuses: [], from: null, to: null, text: '' })
  const items = ref<OrderSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const detail = ref<OrderDetail | null>(null)
  const detailLoading = ref(false)
  const notices = useNoticeStore()
  /** Answers of an older request are dropped when the filter changed meanwhile. */
  let generation = 0

  function filterInput(): OrderFilter {
    const { statuses, from, to, text } = filter.value
    return {
      ...(statuses.length ? { statuses } : {}),
      ...(from !== null ? { from } : {}),
      ...(to !== null ? { to } : {}),
      ...(text.trim() ? { text: text.trim() } : {}),
    }
  }

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    try {
      const result = await getPortal().orders.list({
        ...filterInput(),
        offset: 0,
        limit: ORDER_PAGE_SIZE,
      })
      if (mine !== generation) return
      if (!result.ok) return notices.reportError(result.error)
      items.value = result.data.items
      total.value = result.data.total
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (loading.value || items.value.length >= total.value) return
    const mine = generation
    loading.value = true
    try {
      const result = await getPortal().orders.list({
        ...filterInput(),
        offset: items.value.length,
        limit: ORDER_PAGE_SIZE,
      })
      if (mine !== generation) return
      if (!result.ok) return notices.reportError(result.error)
      items.value = [...items.value, ...result.data.items]
      total.value = result.data.total
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function openDetail(id: string): Promise<void> {
    if (detail.value?.order.id !== id) detail.value = null
    detailLoading.value = true
    try {
      const result = await getPortal().orders.get({ id })
      if (result.ok) detail.value = result.data
      else notices.reportError(result.error)
    } finally {
      detailLoading.value = false
    }
  }

  /** Refused by the bridge → reported and null; otherwise the outbox outcome (the caller words it). */
  async function cancel(id: string): Promise<OrderActionOutcome | null> {
    const result = await getPortal().orders.cancel({ id })
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    if (result.data.state === 'failed' && result.data.error) notices.reportError(result.data.error)
    await openDetail(id)
    return result.data
  }

  async function reorder(id: string): Promise<ReorderResult | null> {
    const result = await getPortal().orders.reorder({ id })
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }

  async function exportList(
    format: 'xlsx' | 'csv',
    language: Language,
  ): Promise<ExportedFile | null> {
    const result = await getPortal().orders.export({ format, language, filter: filterInput() })
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }

  /**
   * Reloads what is shown when a sync or the outbox changed it; `viewing` = the detail on screen
   * (reopened even when it was missing).
   */
  function refresh(viewing?: string): void {
    void load()
    const id = viewing ?? (detail.value ? detail.value.order.id : undefined)
    if (id) void openDetail(id)
  }

  return {
    filter,
    items,
    total,
    loading,
    detail,
    detailLoading,
    load,
    loadMore,
    openDetail,
    cancel,
    reorder,
    exportList,
    refresh,
  }
})
