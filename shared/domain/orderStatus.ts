// Life cycles: domain.md "Orders", "Deliveries", "Returns", "Invoice requests".

export const ORDER_STATUSES = [
  // held by the dealer's own approval rule: not sent upstream, nothing reserved (domain.md).
  'awaiting_approval',
  'under_review',
  'confirmed',
  'partially_delivered',
  'delivered',
  'received',
  'cancelled',
  'rejected',
  // declined by the dealer's admin (reason in the status history); final.
  'declined',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export const RETURN_STATUSES = [
  'under_review',
  'approved',
  'received',
  'refunded',
  'rejected',
] as const
export type ReturnStatus = (typeof RETURN_STATUSES)[number]

export const INVOICE_REQUEST_STATUSES = ['under_review', 'issued', 'rejected'] as const
export type InvoiceRequestStatus = (typeof INVOICE_REQUEST_STATUSES)[number]

export const DELIVERY_STATUSES = ['has_delivered', 'received'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/** ShareCRM record life status (未生效, 审核中, 正常, 变更中, 作废); data only, no transitions here. */
export const LIFE_STATUSES = [
  'ineffective',
  'under_review',
  'normal',
  'in_change',
  'invalid',
] as const
export type LifeStatus = (typeof LIFE_STATUSES)[number]

export type StatusKind = 'order' | 'return' | 'invoiceRequest' | 'delivery'

/**
 * Allowed moves, status → next statuses. A status absent as a key is final. Staying in the same
 * status is not a transition (a second partial delivery leaves an order partially_delivered).
 */
export const TRANSITIONS: {
  readonly order: Readonly<Record<OrderStatus, readonly OrderStatus[]>>
  readonly return: Readonly<Record<ReturnStatus, readonly ReturnStatus[]>>
  readonly invoiceRequest: Readonly<Record<InvoiceRequestStatus, readonly InvoiceRequestStatus[]>>
  readonly delivery: Readonly<Record<DeliveryStatus, readonly DeliveryStatus[]>>
} = {
  order: {
    // approved by the dealer's admin → submitted upstream (under_review), or declined; the
    // orderer may also cancel it while it waits.
    awaiting_approval: ['under_review', 'declined', 'cancelled'],
    // cancelled: by the dealer while under review; rejected: by the upstream review.
    under_review: ['confirmed', 'cancelled', 'rejected'],
    // one shipment may deliver everything at once.
    confirmed: ['partially_delivered', 'delivered'],
    partially_delivered: ['delivered'],
    // received: the dealer confirmed receipt of all deliveries.
    delivered: ['received'],
    received: [],
    cancelled: [],
    rejected: [],
    declined: [],
  },
  return: {
    under_review: ['approved', 'rejected'],
    approved: ['received'],
    received: ['refunded'],
    refunded: [],
    rejected: [],
  },
  invoiceRequest: {
    under_review: ['issued', 'rejected'],
    issued: [],
    rejected: [],
  },
  delivery: {
    has_delivered: ['received'],
    received: [],
  },
}

/** Whether a record of `kind` may move from `from` to `to`; false for unknown statuses. */
export function canTransition(kind: StatusKind, from: string, to: string): boolean {
  const next: Readonly<Record<string, readonly string[]>> = TRANSITIONS[kind]
  return Object.hasOwn(next, from) && (next[from] ?? []).includes(to)
}

export function isOrderStatus(value: unknown): value is OrderStatus {
  return (ORDER_STATUSES as readonly unknown[]).includes(value)
}

/** The dealer may cancel an order only while it is under review or awaiting its approval. */
export function isOrderCancellable(status: string): boolean {
  return status === 'under_review' || status === 'awaiting_approval'
}

const CLOSED_ORDER_STATUSES: readonly string[] = ['received', 'cancelled', 'rejected', 'declined']

/**
 * Whether the order still has something to happen to it (approval, review, delivery or receipt):
 * any known status except received, cancelled, rejected and declined.
 */
export function isOrderOpen(status: string): boolean {
  return isOrderStatus(status) && !CLOSED_ORDER_STATUSES.includes(status)
}
