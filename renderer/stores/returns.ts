/**
 * The return list (submissions still in the outbox on top), the return open in the detail view,
 * and what the return form needs: orders with something to return, returnable quantities per
 * line, and the submit through the outbox.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { usePagedList } from '../composables/usePagedList'
import type { Return } from '../../shared/api'
import type {
  CreateReturnInput,
  ReturnActionOutcome,
  ReturnableLine,
  ReturnableOrder,
  ReturnDraft,
  ReturnListStatus,
  ReturnSummary,
} from '../../shared/contract/returns'
import { getPortal } from '../bridge'
import { awaitingSubmission } from '../composables/awaitedSubmissions'
import { useNoticeStore } from './notices'

export const RETURN_PAGE_SIZE = 300

export const useReturnsStore = defineStore('returns', () => {
  const detail = ref<Return | null>(null)
  const notices = useNoticeStore()
  const { filter, items, total, loading, load, loadMore } = usePagedList<
    ReturnSummary,
    ReturnListStatus
  >(
    (query) => getPortal().returns.list(query),
    RETURN_PAGE_SIZE,
    (error) => notices.reportError(error),
  )

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
    // The form shows the outcome itself: no "accepted" toast while it waits (awaitedSubmissions).
    const result = await awaitingSubmission(input.idempotencyKey, () =>
      getPortal().returns.create(input),
    )
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    if (result.data.state === 'failed' && result.data.error) notices.reportError(result.data.error)
    void load()
    return result.data
  }

  /** A refused return to correct, or null when it is no longer refused (or the bridge refused: reported). */
  async function draft(outboxId: string): Promise<ReturnDraft | null> {
    const result = await getPortal().returns.draft({ outboxId })
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }

  /** Reloads what is shown; `viewing` = the detail on screen (reopened even when it was missing). */
  function refresh(viewing?: string): void {
    if (items.value.length > 0) void load()
    const id = viewing ?? (detail.value ? detail.value.id : undefined)
    if (id) void openDetail(id)
  }

  return {
    filter,
    items,
    total,
    loading,
    detail,
    load,
    loadMore,
    openDetail,
    returnableOrders,
    returnableLines,
    create,
    draft,
    refresh,
  }
})
