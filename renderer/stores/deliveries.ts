/**
 * The delivery list (filters, pages loaded as the list scrolls) and the delivery open in the
 * detail view, read from the cache through the bridge; receipt confirmation through the outbox.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { usePagedList } from '../composables/usePagedList'
import type {
  DeliveryActionOutcome,
  DeliveryDetail,
  DeliverySummary,
  ReceiptLine,
} from '../../shared/contract/deliveries'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const DELIVERY_PAGE_SIZE = 300

export const useDeliveriesStore = defineStore('deliveries', () => {
  const detail = ref<DeliveryDetail | null>(null)
  const notices = useNoticeStore()
  const { filter, items, total, loading, load, loadMore } = usePagedList<
    DeliverySummary,
    'has_delivered' | 'received'
  >(
    (query) => getPortal().deliveries.list(query),
    DELIVERY_PAGE_SIZE,
    (error) => notices.reportError(error),
  )

  async function openDetail(id: string): Promise<void> {
    if (detail.value?.delivery.id !== id) detail.value = null
    const result = await getPortal().deliveries.get({ id })
    if (result.ok) detail.value = result.data
    else notices.reportError(result.error)
  }

  /** Refused by the bridge → reported and null; otherwise the outbox outcome (the caller words it). */
  async function confirmReceipt(
    id: string,
    lines: ReceiptLine[],
    remark: string,
  ): Promise<DeliveryActionOutcome | null> {
    const result = await getPortal().deliveries.confirmReceipt({
      id,
      lines,
      ...(remark.trim() ? { remark: remark.trim() } : {}),
    })
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    if (result.data.state === 'failed' && result.data.error) notices.reportError(result.data.error)
    await openDetail(id)
    return result.data
  }

  /** Reloads what is shown; `viewing` = the detail on screen (reopened even when it was missing). */
  function refresh(viewing?: string): void {
    if (items.value.length > 0) void load()
    const id = viewing ?? (detail.value ? detail.value.delivery.id : undefined)
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
    confirmReceipt,
    refresh,
  }
})
