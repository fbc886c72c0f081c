/**
 * The cart screen's state: the cart as main priced it, quantity edits shown instantly (repriced
 * here with shared/domain, then confirmed by main), the gateway quote and its accepted prices, and
 * the submit (idempotency key made when the user presses Submit).
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { PortalErrorData } from '../../shared/contract'
import type {
  AcceptedQuote,
  CartCapacity,
  CartChange,
  CartLineView,
  CartView,
  PriceDifference,
  QuantityAdjustment,
  SubmitCartResult,
} from '../../shared/contract/cart'
import type { RebateRule } from '../../shared/api'
import { priceLine } from '../../shared/domain/pricing'
import { getPortal } from '../bridge'
import { awaitingSubmission } from '../composables/awaitedSubmissions'
import { useNoticeStore } from './notices'
import { useSessionStore } from './session'

export interface PaymentInput {
  deposit: number
  rebate: number
  credit: number
}

/** A line with the quantity the user typed, repriced locally (tier applied). */
function repriced(line: CartLineView, quantity: number): CartLineView {
  if (line.unitPrice === null || line.listPrice === null) return { ...line, quantity }
  const item = {
    priceListId: '',
    productId: line.productId,
    price: line.listPrice,
    tiers: line.tiers,
    minQuantity: line.minQuantity,
    step: line.step,
    validFrom: null,
    validTo: null,
  }
  try {
    const priced = priceLine(item, quantity)
    return {
      ...line,
      quantity,
      unitPrice: priced.unitPrice,
      amount: priced.amount,
      tierApplied: priced.tierApplied,
    }
  } catch {
    return { ...line, quantity }
  }
}

export const useCartStore = defineStore('cart', () => {
  const view = ref<CartView | null>(null)
  const loading = ref(false)
  const submitting = ref(false)
  /** The order is with main / the gateway (after the confirmation), answer not there yet. */
  const sending = ref(false)
  /** The session was offline when the answer `pending` came (else: queued, gateway slow). */
  const queuedOffline = ref(false)
  const adjustments = ref<Record<string, QuantityAdjustment>>({})
  /** Lines in the current dealer's cart, for the navigation badge (kept live by followCount). */
  const lineCount = ref(0)
  const difference = ref<PriceDifference | null>(null)
  const accepted = ref<PriceDifference | null>(null)
  const result = ref<SubmitCartResult | null>(null)
  const submitError = ref<PortalErrorData | null>(null)
  const notices = useNoticeStore()
  /** Own changes in flight: their `cart:changed` echo needs no reload. */
  let changing = 0

  async function change<T>(work: () => Promise<T>): Promise<T> {
    changing++
    try {
      return await work()
    } finally {
      changing--
    }
  }

  /** Lines at the accepted quote's prices when there is one. */
  const lines = computed<CartLineView[]>(() => {
    const current = view.value?.lines ?? []
    const quote = accepted.value?.accepted
    if (!quote) return current
    const prices = new Map(quote.lines.map((line) => [line.productId, line.unitPrice]))
    return current.map((line) => {
      const unitPrice = prices.get(line.productId)
      return unitPrice === undefined
        ? line
        : { ...line, unitPrice, amount: unitPrice * line.quantity }
    })
  })
  const total = computed(
    () =>
      accepted.value?.accepted.total ??
      lines.value.reduce((sum, line) => sum + (line.amount ?? 0), 0),
  )
  const capacity = computed<CartCapacity | null>(
    () => accepted.value?.capacity ?? view.value?.capacity ?? null,
  )
  const rebateRule = computed<RebateRule | null>(() =>
    accepted.value ? accepted.value.rebateRule : (view.value?.rebateRule ?? null),
  )
  const hasProblems = computed(() => lines.value.some((line) => line.problems.length > 0))

  function replace(next: CartView): void {
    view.value = next
    lineCount.value = next.lines.length
    accepted.value = null
  }

  async function load(): Promise<void> {
    loading.value = true
    try {
      const answer = await getPortal().cart.get()
      if (answer.ok) replace(answer.data)
      else notices.reportError(answer.error)
    } finally {
      loading.value = false
    }
  }

  async function add(entries: Array<{ productId: string; quantity: number }>) {
    const answer = await change(() => getPortal().cart.add({ lines: entries }))
    if (!answer.ok) return notices.reportError(answer.error)
    replace(answer.data.cart)
    for (const adjustment of answer.data.adjusted)
      adjustments.value[adjustment.productId] = adjustment
    return answer.data
  }

  /** Shows the new quantity and amounts at once, then stores it; main's snap is the final word. */
  async function setQuantity(productId: string, quantity: number): Promise<void> {
    if (view.value) {
      view.value = {
        ...view.value,
        lines: view.value.lines.map((line) =>
          line.productId === productId ? repriced(line, quantity) : line,
        ),
      }
    }
    accepted.value = null
    const answer = await change(() => getPortal().cart.setQuantity({ productId, quantity }))
    if (!answer.ok) {
      notices.reportError(answer.error)
      return load()
    }
    // Another edit still in flight: its answer (the later state) replaces the view. The answer is
    // the line and the totals, not the cart: only that line is replaced (the others keep their
    // objects, so their rows need no re-render).
    if (changing === 0 && view.value) {
      const { line, summary } = answer.data
      const { lineCount, ...totals } = summary
      const lines = view.value.lines.map((current) =>
        current.productId === line.productId ? line : current,
      )
      if (lines.length === lineCount && totals.dealerId === view.value.dealerId)
        replace({ ...view.value, ...totals, lines })
      else await load()
    }
    const adjustment = answer.data.adjusted[0]
    if (adjustment) adjustments.value[productId] = adjustment
  }

  async function remove(productIds: string[]): Promise<void> {
    const answer = await change(() => getPortal().cart.remove({ productIds }))
    if (answer.ok) replace(answer.data)
    else notices.reportError(answer.error)
  }

  async function clear(): Promise<void> {
    const answer = await change(() => getPortal().cart.clear())
    if (answer.ok) replace(answer.data)
    else notices.reportError(answer.error)
  }

  async function setDetails(patch: {
    addressId?: string
    remark?: string
    requestedDeliveryDate?: number | null
  }): Promise<PortalErrorData | null> {
    const answer = await getPortal().cart.setDetails(patch)
    if (!answer.ok) return answer.error
    if (view.value) view.value = { ...view.value, details: answer.data.details }
    return null
  }

  /**
   * Online and no accepted quote: asks the gateway first; a change or a problem opens the
   * difference dialog and stops. Otherwise `confirm` (when given) is asked with the total, and the
   * order is submitted with a fresh idempotency key.
   */
  async function submit(
    payment: PaymentInput,
    confirm?: (total: number) => Promise<boolean>,
  ): Promise<void> {
    if (submitting.value) return
    submitting.value = true
    submitError.value = null
    result.value = null
    const idempotencyKey = crypto.randomUUID()
    try {
      if (!useSessionStore().offline && !accepted.value) {
        const quote = await getPortal().cart.quote()
        if (quote.ok && (quote.data.changed || quote.data.problems.length > 0)) {
          difference.value = quote.data
          return
        }
        // Unreachable or refused quote: the gateway checks the prices when the order is sent.
      }
      const acceptedQuote: AcceptedQuote | undefined = accepted.value?.accepted
      // The user confirms the total that will be submitted (the accepted quote's, if any).
      if (confirm && !(await confirm(acceptedQuote?.total ?? view.value?.total ?? 0))) return
      sending.value = true
      const answer = await awaitingSubmission(idempotencyKey, () =>
        getPortal().cart.submit({
          payment,
          idempotencyKey,
          ...(acceptedQuote ? { acceptedQuote } : {}),
        }),
      ).finally(() => (sending.value = false))
      queuedOffline.value = useSessionStore().offline
      if (!answer.ok) {
        submitError.value = answer.error
        return
      }
      result.value = answer.data
      if (answer.data.state === 'failed' && answer.data.error) submitError.value = answer.data.error
      await load()
    } finally {
      submitting.value = false
    }
  }

  function acceptDifference(): void {
    accepted.value = difference.value
    difference.value = null
  }

  /** An outbox order refused for changed prices: its difference, under review in the Outbox view. */
  const outboxReview = ref<{ outboxId: string; difference: PriceDifference } | null>(null)
  const acceptingReview = ref(false)

  async function reviewOutbox(outboxId: string): Promise<void> {
    const answer = await getPortal().cart.reviewOutboxPrices({ outboxId })
    if (answer.ok) outboxReview.value = { outboxId, difference: answer.data }
    else notices.reportError(answer.error)
  }

  /** A refused order back in the cart to edit (dropped from the outbox); null when refused (reported). */
  async function openRefusedOrder(outboxId: string): Promise<CartChange | null> {
    const answer = await change(() => getPortal().cart.openRefusedOrder({ outboxId }))
    if (!answer.ok) {
      notices.reportError(answer.error)
      return null
    }
    replace(answer.data.cart)
    for (const adjustment of answer.data.adjusted)
      adjustments.value[adjustment.productId] = adjustment
    return answer.data
  }

  /** An order the dealer's admin declined, back in the cart to edit; null when refused (reported). */
  async function openDeclinedOrder(orderId: string): Promise<CartChange | null> {
    const answer = await change(() => getPortal().cart.openDeclinedOrder({ id: orderId }))
    if (!answer.ok) {
      notices.reportError(answer.error)
      return null
    }
    replace(answer.data.cart)
    for (const adjustment of answer.data.adjusted)
      adjustments.value[adjustment.productId] = adjustment
    return answer.data
  }

  /** Resubmits the reviewed order at the new prices; resolves true when it is queued again. */
  async function acceptOutboxReview(): Promise<boolean> {
    const review = outboxReview.value
    if (!review || acceptingReview.value) return false
    acceptingReview.value = true
    try {
      const answer = await getPortal().cart.acceptOutboxPrices({ outboxId: review.outboxId })
      if (!answer.ok) {
        notices.reportError(answer.error)
        return false
      }
      outboxReview.value = null
      return true
    } finally {
      acceptingReview.value = false
    }
  }

  /** The line count for the badge, read once (sign-in, dealer switch); quiet when refused. */
  async function loadCount(): Promise<void> {
    const answer = await getPortal().cart.get()
    if (answer.ok) lineCount.value = answer.data.lines.length
  }

  /** Keeps the badge's count live: every change main makes to the current dealer's cart. */
  function followCount(): () => void {
    return getPortal().onCartChanged(({ dealerId, lineCount: count }) => {
      if (dealerId === useSessionStore().state.dealerId) lineCount.value = count
    })
  }

  function follow(): () => void {
    return getPortal().onCartChanged(() => {
      if (!submitting.value && changing === 0) void load()
    })
  }

  return {
    view,
    loading,
    submitting,
    sending,
    queuedOffline,
    adjustments,
    difference,
    accepted,
    result,
    submitError,
    lines,
    total,
    capacity,
    rebateRule,
    hasProblems,
    load,
    add,
    setQuantity,
    remove,
    clear,
    setDetails,
    submit,
    acceptDifference,
    outboxReview,
    acceptingReview,
    reviewOutbox,
    acceptOutboxReview,
    openRefusedOrder,
    openDeclinedOrder,
    follow,
    lineCount,
    loadCount,
    followCount,
  }
})
