/**
 * The orders area over the signed-in dealer's cache: list (with the submissions still in the
 * outbox on top), detail with related documents, cancel through the outbox, reorder into the cart
 * at today's prices, export of the filtered list. Reads never touch the network.
 *
 * Errors (PortalError codes): session.signedOut (no dealer cache open), resource.notFound (no such
 * cached order), order.notCancellable (not under review any more), and from the outbox
 * outbox.saveFailed / outbox.unreadable.
 */
import type { Address } from '../../../shared/api'
import type { Language } from '../../../shared/contract'
import { PortalError } from '../../../shared/contract/result'
import type {
  ExportedFile,
  OrderActionOutcome,
  OrderDetail,
  OrderFilter,
  OrderListPage,
  ReorderResult,
  ReorderSkipReason,
} from '../../../shared/contract/orders'
import { isOrderCancellable } from '../../../shared/domain/orderStatus'
import type { Translate } from '../../../shared/i18n/translate'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createPriceBook } from '../catalog/priceBook'
import type { Outbox, OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { exportFileName, ordersCsv, ordersXlsx, type ExportFormat } from './orderExport'
import { countOrders, listOrderSummaries, readOrder, readRelatedDocuments } from './orderQueries'
import { isPendingOrderSubmission, pendingOrderSummaries } from './pendingOrders'
import { pendingFirstPage } from '../outbox/unsent'
import { planReorder } from './reorderPlan'

/** The part of the cart service reorder needs (electron/services/cart); it may refuse lines. */
export interface CartAdder {
  add(lines: { productId: string; quantity: number }[]): CartAddAnswer | Promise<CartAddAnswer>
}
type CartAddAnswer = { refused?: readonly { productId: string; code: string }[] } | void

/** A line the cart refused, as a reorder skip reason. */
function skipReasonFor(code: string): ReorderSkipReason {
  if (code === 'order.productOffSale') return 'offSale'
  if (code === 'order.productNotInPriceList') return 'notInPriceList'
  return 'notSellable'
}

export interface OrdersDependencies {
  /** The signed-in dealer's cache, or null when signed out. */
  database(): CacheDatabase | null
  /** The signed-in dealer, the key of its server (outbox items carry it) and its addresses. */
  dealer(): { dealerId: string; serverKey?: string; addresses?: readonly Address[] } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'discard'>
  /** Sends what waits in the outbox now, then syncs what it changed (core's sendOutbox). */
  sendOutbox(): Promise<void>
  cart(): CartAdder
  translator(language: Language): Translate
  clock?: () => number
}

export interface OrdersService {
  list(request: OrderFilter & { offset: number; limit: number }): Promise<OrderListPage>
  get(id: string): Promise<OrderDetail | null>
  cancel(id: string): Promise<OrderActionOutcome>
  reorder(id: string): Promise<ReorderResult>
  export(request: {
    format: ExportFormat
    language: Language
    filter: OrderFilter
  }): Promise<ExportedFile>
}

/** Cart additions are sent in chunks of at most this many lines (the cart's own limit). */
const CART_ADD_CHUNK = 5000

export function createOrdersService(deps: OrdersDependencies): OrdersService {
  const clock = deps.clock ?? Date.now

  function open(): {
    db: CacheDatabase
    dealerId: string
    serverKey?: string
    addresses?: readonly Address[]
  } {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, ...dealer }
  }

  async function dealerItems(dealerId: string): Promise<OutboxItem[]> {
    return deps.outbox.list({ dealerId })
  }

  async function pendingSummaries(context: ReturnType<typeof open>, filter: OrderFilter) {
    const { db, dealerId, serverKey } = context
    const items = (await dealerItems(dealerId)).filter((item) =>
      isPendingOrderSubmission(item, dealerId, serverKey),
    )
    return pendingOrderSummaries(db, items, filter, context.addresses)
  }

  function isCancelOf(item: OutboxItem, orderId: string): boolean {
    return (
      item.kind === 'order.cancel' &&
      (item.payload as OutboxPayload | undefined)?.params?.id === orderId
    )
  }

  const outcomeOf = (item: OutboxItem | undefined, outboxId: string): OrderActionOutcome => {
    if (!item || item.status === 'sent') return { outboxId, state: 'sent' }
    if (item.status === 'failed')
      return { outboxId, state: 'failed', ...(item.lastError ? { error: item.lastError } : {}) }
    return { outboxId, state: 'pending' }
  }

  return {
    async list({ offset, limit, ...filter }) {
      const context = open()
      const { db } = context
      const pending = await pendingSummaries(context, filter)
      const items = await pendingFirstPage(pending, offset, limit, (from, count) =>
        listOrderSummaries(db, filter, from, count),
      )
      return { total: pending.length + (await countOrders(db, filter)), items }
    },

    async get(id) {
      const { db, dealerId } = open()
      const order = await readOrder(db, id)
      if (!order) return null
      const cancelPending = (await dealerItems(dealerId)).some(
        (item) => isCancelOf(item, id) && item.status !== 'sent' && item.status !== 'failed',
      )
      return { order, ...(await readRelatedDocuments(db, order)), cancelPending }
    },

    /**
     * Queues `order.cancel` and sends it at once when online. A cancel already waiting for this
     * order is answered instead of queueing a second one. A refused cancel is removed from the
     * outbox (there is nothing to edit) and answered as failed with the gateway's code.
     */
    async cancel(id) {
      const { db, dealerId, serverKey } = open()
      const order = await readOrder(db, id)
      if (!order) throw new PortalError('resource.notFound')
      if (!isOrderCancellable(order.status))
        throw new PortalError('order.notCancellable', { status: order.status })
      const waiting = (await dealerItems(dealerId)).find(
        (item) => isCancelOf(item, id) && (item.status === 'pending' || item.status === 'sending'),
      )
      const item =
        waiting ??
        (await deps.outbox.enqueue({
          kind: 'order.cancel',
          dealerId,
          ...(serverKey ? { serverUrl: serverKey } : {}),
          payload: { params: { id }, body: {} } satisfies OutboxPayload,
        }))
      await deps.sendOutbox()
      const after = (await dealerItems(dealerId)).find((candidate) => candidate.id === item.id)
      const outcome = outcomeOf(after, item.id)
      if (outcome.state === 'failed') await deps.outbox.discard(item.id).catch(() => undefined)
      return outcome
    },

    async reorder(id) {
      const { db } = open()
      const order = await readOrder(db, id)
      if (!order) throw new PortalError('resource.notFound')
      const plan = await planReorder(db, createPriceBook(db, clock), order.lines)
      const cart = deps.cart()
      const refused = new Map<string, string>()
      for (let start = 0; start < plan.lines.length; start += CART_ADD_CHUNK) {
        const answer = await cart.add(plan.lines.slice(start, start + CART_ADD_CHUNK))
        for (const line of answer?.refused ?? []) refused.set(line.productId, line.code)
      }
      const skipped = [...plan.skipped]
      for (const line of order.lines) {
        const code = refused.get(line.productId)
        if (code === undefined) continue
        refused.delete(line.productId)
        skipped.push({
          productId: line.productId,
          sku: line.sku,
          nameZh: line.nameZh,
          nameEn: line.nameEn,
          reason: skipReasonFor(code),
        })
      }
      const skippedIds = new Set(skipped.map((line) => line.productId))
      return {
        added: plan.lines.filter((line) => !skippedIds.has(line.productId)).length,
        skipped,
        adjusted: plan.adjusted.filter((line) => !skippedIds.has(line.productId)),
      }
    },

    async export({ format, language, filter }) {
      const context = open()
      const rows = [
        ...(await pendingSummaries(context, filter)),
        ...(await listOrderSummaries(context.db, filter, 0, null)),
      ]
      const t = deps.translator(language)
      const content = format === 'xlsx' ? await ordersXlsx(rows, t) : ordersCsv(rows, t)
      return {
        fileName: exportFileName(format, clock(), t),
        contentBase64: content.toString('base64'),
      }
    },
  }
}
