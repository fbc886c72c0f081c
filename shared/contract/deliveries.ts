/**
 * Bridge schemas of the deliveries area: the cached delivery notes, their detail
 * and the receipt confirmation through the outbox (`delivery.confirmReceipt`). Quantities are
 * integers in the sales unit; times epoch ms.
 */
import { z } from 'zod'
import { EpochMs, Id } from '../api/common'
import { DELIVERY_STATUSES } from '../domain/orderStatus'
import { Delivery } from '../api/deliveries'
import { defineMethod } from './define'

export const DeliveryStatusFilter = z.enum(DELIVERY_STATUSES)

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

export const DeliveryListRequest = z.strictObject({
  statuses: z.array(DeliveryStatusFilter).max(DELIVERY_STATUSES.length).optional(),
  /** Matches the delivery number, order number, carrier or tracking number (case-insensitive). */
  text: z.string().max(100).optional(),
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(5000).default(200),
})
export type DeliveryListRequest = z.input<typeof DeliveryListRequest>

export const DeliverySummary = z.object({
  id: Id,
  number: z.string(),
  status: z.string(),
  orderId: Id,
  orderNumber: z.string(),
  carrier: z.string(),
  trackingNumber: z.string(),
  shippedAt: EpochMs,
  /** A receipt confirmation waits in the outbox. */
  receiptPending: z.boolean(),
})
export type DeliverySummary = z.infer<typeof DeliverySummary>

export const DeliveryListPage = z.object({
  total: z.int().nonnegative(),
  items: z.array(DeliverySummary),
})
export type DeliveryListPage = z.infer<typeof DeliveryListPage>

/** Received quantities per delivery line; at most the shipped quantity. */
export const ReceiptLine = z.strictObject({
  deliveryLineId: Id,
  receivedQuantity: z.int().min(0).max(1_000_000_000),
})
export type ReceiptLine = z.infer<typeof ReceiptLine>

export const DeliveryDetail = z.object({
  delivery: Delivery,
  /** A confirmation still in the outbox (offline): what the user entered, shown as pending. */
  pendingReceipt: z
    .object({
      lines: z.array(ReceiptLine),
      remark: z.string(),
      state: z.enum(['pending', 'sending', 'failed']),
      error: ErrorData.nullable(),
    })
    .nullable(),
})
export type DeliveryDetail = z.infer<typeof DeliveryDetail>

export const ConfirmReceiptInput = z.strictObject({
  id: Id,
  lines: z.array(ReceiptLine).min(1).max(2000),
  remark: z.string().max(500).optional(),
})
export type ConfirmReceiptInput = z.infer<typeof ConfirmReceiptInput>

/** How a submission through the outbox went: sent now, waiting (offline), or refused (`error`). */
export const DeliveryActionOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  error: ErrorData.optional(),
})
export type DeliveryActionOutcome = z.infer<typeof DeliveryActionOutcome>

export const deliveriesMethods = {
  list: defineMethod(DeliveryListRequest, DeliveryListPage),
  get: defineMethod(z.strictObject({ id: Id }), DeliveryDetail.nullable()),
  confirmReceipt: defineMethod(ConfirmReceiptInput, DeliveryActionOutcome),
}
