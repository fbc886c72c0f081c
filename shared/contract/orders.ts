/**
 * Bridge schemas of the orders area: the cached order list and detail, cancel (through the
 * outbox), reorder into the cart at today's prices, export to XLSX/CSV, and the status-change push.
 * Money is integer fen, times epoch ms.
 */
import { z } from 'zod'
import { EpochMs, Id, NonNegativeFen } from '../api/common'
import { ORDER_STATUS_VALUES, Order } from '../api/orders'
import { ProductName } from '../api/productSnapshot'
import { defineMethod } from './define'
import { Language } from './schemas'

/** Order statuses plus `pending`: a submission still in the outbox (no number yet). */
export const ORDER_LIST_STATUSES = [...ORDER_STATUS_VALUES, 'pending'] as const
export const OrderListStatus = z.enum(ORDER_LIST_STATUSES)
export type OrderListStatus = z.infer<typeof OrderListStatus>

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

const filterFields = {
  statuses: z.array(OrderListStatus).max(ORDER_LIST_STATUSES.length).optional(),
  /** Created at or after (epoch ms, inclusive). */
  from: EpochMs.optional(),
  /** Created at or before (epoch ms, inclusive). */
  to: EpochMs.optional(),
  /** Matches the order number, or the SKU / Chinese / English name of any line (case-insensitive). */
  text: z.string().max(100).optional(),
}
export const OrderFilter = z.strictObject(filterFields)
export type OrderFilter = z.infer<typeof OrderFilter>

export const OrderListRequest = z.strictObject({
  ...filterFields,
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(5000).default(200),
})
export type OrderListRequest = z.input<typeof OrderListRequest>

export const OrderSummary = z.object({
  /** The order id, or the outbox item id of a pending submission. */
  id: Id,
  number: z.string().nullable(),
  status: OrderListStatus,
  total: NonNegativeFen,
  lineCount: z.int().nonnegative(),
  createdAt: EpochMs,
  firstLine: ProductName.nullable(),
  /** Ship-to address on one line. */
  address: z.string(),
  /** Set for pending submissions: the outbox state and, once refused, why. */
  outbox: z
    .object({ state: z.enum(['pending', 'sending', 'failed']), error: ErrorData.nullable() })
    .nullable(),
})
export type OrderSummary = z.infer<typeof OrderSummary>

export const OrderListPage = z.object({
  total: z.int().nonnegative(),
  items: z.array(OrderSummary),
})
export type OrderListPage = z.infer<typeof OrderListPage>

/** A related document (delivery, return, invoice request); `amount` is the part for this order. */
export const RelatedDocument = z.object({
  id: Id,
  number: z.string(),
  status: z.string(),
  createdAt: EpochMs,
  amount: NonNegativeFen,
})
export type RelatedDocument = z.infer<typeof RelatedDocument>

export const OrderDetail = z.object({
  order: Order,
  deliveries: z.array(RelatedDocument),
  returns: z.array(RelatedDocument),
  invoiceRequests: z.array(RelatedDocument),
  /** A cancel of this order waits in the outbox. */
  cancelPending: z.boolean(),
  /** Per order line, what confirmed receipts found missing (shipped − received), when any. */
  shortages: z.array(z.object({ orderLineId: Id, quantity: z.int().positive() })),
})
export type OrderDetail = z.infer<typeof OrderDetail>

/** How a submission through the outbox went: sent now, waiting (offline), or refused (`error`). */
export const OrderActionOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  error: ErrorData.optional(),
})
export type OrderActionOutcome = z.infer<typeof OrderActionOutcome>

export const REORDER_SKIP_REASONS = ['notSellable', 'offSale', 'notInPriceList'] as const
export const ReorderSkipReason = z.enum(REORDER_SKIP_REASONS)
export type ReorderSkipReason = z.infer<typeof ReorderSkipReason>

export const ReorderResult = z.object({
  /** Lines added to the cart (one per product). */
  added: z.int().nonnegative(),
  skipped: z.array(z.object({ productId: Id, ...ProductName.shape, reason: ReorderSkipReason })),
  /** Added lines whose quantity was moved to today's minimum quantity / pack step. */
  adjusted: z.array(z.object({ productId: Id, sku: z.string(), from: z.int(), to: z.int() })),
})
export type ReorderResult = z.infer<typeof ReorderResult>

export const OrderExportRequest = z.strictObject({
  format: z.enum(['xlsx', 'csv']),
  /** Headers and status names are written in this language. */
  language: Language,
  filter: OrderFilter.default({}),
})
export type OrderExportRequest = z.input<typeof OrderExportRequest>

export const ExportedFile = z.object({ fileName: z.string(), contentBase64: z.string() })
export type ExportedFile = z.infer<typeof ExportedFile>

const ById = z.strictObject({ id: Id })

export const ordersMethods = {
  list: defineMethod(OrderListRequest, OrderListPage),
  get: defineMethod(ById, OrderDetail.nullable()),
  cancel: defineMethod(ById, OrderActionOutcome),
  reorder: defineMethod(ById, ReorderResult),
  export: defineMethod(OrderExportRequest, ExportedFile),
}

export const OrderStatusChange = z.object({
  dealerId: z.string(),
  orderId: z.string(),
  number: z.string(),
  from: z.string(),
  to: z.string(),
})
export type OrderStatusChange = z.infer<typeof OrderStatusChange>

/**
 * The message key of a status change notification: the dealer's own approval reads as such
 * (approved by the admin, declined by the admin), anything else as the new status.
 */
export function orderStatusMessageKey(change: { from: string; to: string }): string {
  if (change.from === 'awaiting_approval' && change.to === 'under_review')
    return 'orders.notification.approvedByAdmin'
  return `orders.notification.${change.to}`
}

export const ordersEvents = {
  /** A sync brought a new status for an order already in the cache. */
  'orders:statusChanged': OrderStatusChange,
}
