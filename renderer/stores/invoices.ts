/**
 * The invoice requests area: the cached requests (list, detail), the orders that can still be
 * invoiced and the dealer's invoice profiles, all through the bridge; saving a profile and
 * submitting a request go through the outbox (the caller makes the idempotency key).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { InvoiceProfile, InvoiceRequest } from '../../shared/api'
import type {
  CreateInvoiceRequestInput,
  InvoiceableOrder,
  InvoiceActionOutcome,
  InvoiceRequestDraft,
  InvoiceRequestSummary,
  SaveInvoiceProfileOutcome,
  SaveInvoiceProfileRequest,
} from '../../shared/contract/invoices'
import type { PortalErrorData } from '../../shared/contract'
import { getPortal } from '../bridge'
import { awaitingSubmission } from '../composables/awaitedSubmissions'
import { useNoticeStore } from './notices'

export const INVOICE_PAGE_SIZE = 500

export const useInvoicesStore = defineStore('invoices', () => {
  const items = ref<InvoiceRequestSummary[]>([])
  const total = ref(0)
  const loading = ref(false)
  const detail = ref<InvoiceRequest | null>(null)
  const detailLoading = ref(false)
  const invoiceableOrders = ref<InvoiceableOrder[]>([])
  const profiles = ref<InvoiceProfile[]>([])
  const notices = useNoticeStore()

  async function load(): Promise<void> {
    loading.value = true
    try {
      const result = await getPortal().invoices.list({ offset: 0, limit: INVOICE_PAGE_SIZE })
      if (!result.ok) return notices.reportError(result.error)
      items.value = result.data.items
      total.value = result.data.total
    } finally {
      loading.value = false
    }
  }

  async function openDetail(id: string): Promise<void> {
    if (detail.value?.id !== id) detail.value = null
    detailLoading.value = true
    try {
      const result = await getPortal().invoices.get({ id })
      if (result.ok) detail.value = result.data
      else notices.reportError(result.error)
    } finally {
      detailLoading.value = false
    }
  }

  /** The orders and profiles the request form picks from. */
  async function loadForm(): Promise<void> {
    const [orders, saved] = await Promise.all([
      getPortal().invoices.invoiceableOrders({}),
      getPortal().invoices.profiles({}),
    ])
    if (orders.ok) invoiceableOrders.value = orders.data
    else notices.reportError(orders.error)
    if (saved.ok) profiles.value = saved.data
    else notices.reportError(saved.error)
  }

  /** The bridge's refusal comes back as `error` (the form shows it next to the fields). */
  async function saveProfile(
    request: SaveInvoiceProfileRequest,
  ): Promise<SaveInvoiceProfileOutcome | { error: PortalErrorData }> {
    const result = await getPortal().invoices.saveProfile(request)
    if (!result.ok) return { error: result.error }
    const saved = result.data.profile
    if (saved && !profiles.value.some((profile) => profile.id === saved.id))
      profiles.value = [...profiles.value, saved]
    return result.data
  }

  async function create(
    request: CreateInvoiceRequestInput,
  ): Promise<InvoiceActionOutcome | { error: PortalErrorData }> {
    // The form shows the outcome itself: no "accepted" toast while it waits (awaitedSubmissions).
    const result = await awaitingSubmission(request.idempotencyKey, () =>
      getPortal().invoices.create(request),
    )
    return result.ok ? result.data : { error: result.error }
  }

  /** A refused request to correct, or null when it is no longer refused (a bridge refusal is reported). */
  async function draft(outboxId: string): Promise<InvoiceRequestDraft | null> {
    const result = await getPortal().invoices.draft({ outboxId })
    if (result.ok) return result.data
    notices.reportError(result.error)
    return null
  }

  /** Reloads what is shown; `viewing` = the detail on screen (reopened even when it was missing). */
  function refresh(viewing?: string): void {
    void load()
    const id = viewing ?? (detail.value ? detail.value.id : undefined)
    if (id) void openDetail(id)
  }

  return {
    items,
    total,
    loading,
    detail,
    detailLoading,
    invoiceableOrders,
    profiles,
    load,
    openDetail,
    loadForm,
    saveProfile,
    create,
    draft,
    refresh,
  }
})
