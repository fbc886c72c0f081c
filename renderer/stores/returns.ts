/**
 * The return list (submissions still in the outbox on top), the return open in the detail view,
 * and what the return form needs: orders with something to return, returnable quantities per
 * line, and the submit through the outbox.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Return } from '../../shared/api'
import type { CreateReturnInput, ReturnActionOutcome, ReturnableLine, ReturnableOrder, ReturnListStatus, ReturnSummary } from '../../shared/contract/returns'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const RETURN_PAGE_SIZE = 300

export const useReturnsStore = defineStore('returns', () => {
  const filter = ref<{ statuses: ReturnListStatus[]; text: string }>({ statuses: [], text: '' })
  const items = ref<ReturnSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const detail = ref<Return | null>(null)
  const notices = useNoticeStore()
  let generation = 0

  function filterInput() {
    const { statuses, text } = filter.value
    return { ...(statuses.length ? { statuses } : {}), ...(text.trim() ? { text: text.trim() } : {}) }
  }

  async function fetch(offset: number): Promise<void> {
    const mine = offset === 0 ? ++generation : generation
    loading.value = true
    try {
      const result = await getPortal().returns.list({ ...filterInput(), offset, limit: RETURN_PAGE_SIZE })
      if (mine !== generation) return
      if (!result.ok) return notices.reportError(result.error)
      items.value = offset === 0 ? result.data.items : [...items.value, ...result.data.items]
      total.value = result.data.total
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  const load = () => fetch(0)
  const loadMore = () => (loading.value || items.value.length >= total.value ? Promise.resolve() : fetch(items.value.length))

  async function openDetail(id: string): Promise<void> {
    if (detail.value?.id !== id) detail.value = null
    const result = await getPortal().returns.get({ id })
    if (result.ok) detail.value = result.data
    else notices.reportError(result.error)
  }

  async function returnableOrders(): Promise<ReturnableOrder[]> {
    const result = await getPortal().returns.returnableOrders()
    if (result.ok) return result.data
    notices.reportError(result.error)
    return []
  }

  async function returnableLines(orderIds: string[]): Promise<ReturnableLine[]> {
    if (orderIds.length === 0) return []
    const result = await getPortal().returns.returnableLines({ orderIds })
    if (result.ok) return result.data
    notices.reportError(result.error)
    return []
  }

  /** Refused by the bridge → reported and null; otherwise the outbox outcome (the caller words it). */
  async function create(input: CreateReturnInput): Promise<ReturnActionOutcome | null> {
    const result = await getPortal().returns.create(input)
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    if (result.data.state === 'failed' && result.data.error) notices.reportError(result.data.error)
    void load()
    return result.data
  }

  function refresh(): void {
    if (items.value.length > 0) void load()
    if (detail.value) void openDetail(detail.value.id)
  }

  return { filter, items, total, loading, detail, load, loadMore, openDetail, returnableOrders, returnableLines, create, refresh }
})
