/**
 * Orders: quote (price and validate a cart without committing), submit (idempotent), cancel, and
 * the order record served by `GET orders/:id` and the `orders` change feed. Rules: domain.md
 * "Orders"; the server re-checks everything the client previews with shared/domain.
 */
import { z } from 'zod'
import { ORDER_STATUSES } from '../domain/orderStatus'
import { Address, EpochMs, Fen, Id, NonNegativeFen, StatusChange, feedPageSchema } from './common'
import { PriceTier } from './catalog'
import { ProductSnapshot } from './productSnapshot'

/** The order life cycle (domain.md "Orders"), defined once in shared/domain. */
export const ORDER_STATUS_VALUES = ORDER_STATUSES
export const OrderStatus = z.enum(ORDER_STATUS_VALUES)
export type OrderStatus = z.infer<typeof OrderStatus>

/** How an order total is paid; the three parts must add up to the total exactly. */
export const PaymentAllocation = z.strictObject({
  deposit: NonNegativeFen,
  rebate: NonNegativeFen,
  credit: NonNegativeFen,
})
export type PaymentAllocation = z.infer<typeof PaymentAllocation>

/** A positive whole quantity; min quantity and pack step are rule checks (`order.*`). */
export const CartLine = z.strictObject({
  productId: Id,
  quantity: z.int().positive().max(1_000_000_000),
})
export type CartLine = z.infer<typeof CartLine>

export const MAX_ORDER_LINES = 2000

export const QuoteRequest = z.strictObject({
  lines: z.array(CartLine).min(1).max(MAX_ORDER_LINES),
  /** Optional: when given, the quote also validates this allocation. */
  payment: PaymentAllocation.optional(),
})
export type QuoteRequest = z.infer<typeof QuoteRequest>

/** A rule violation as data: an i18n key plus its parameters. */
export const RuleProblem = z.object({
  code: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  /** Index into the request's lines when the problem belongs to one line. */
  lineIndex: z.int().nonnegative().optional(),
})
export type RuleProblem = z.infer<typeof RuleProblem>

export const RebateRule = z.object({
  minOrderAmount: NonNegativeFen.nullable(),
  maxAmount: NonNegativeFen.nullable(),
  /** Percent of the order total, 0..100 (may be fractional, e.g. 12.5). */
  maxPercent: z.number().min(0).max(100).nullable(),
})
export type RebateRule = z.infer<typeof RebateRule>

export const QuoteLine = z.object({
  productId: Id,
  quantity: z.int(),
  priceListId: Id.nullable(),
  /** Base price of the item (fen); `unitPrice` differs when a tier applies. */
  listPrice: NonNegativeFen.nullable(),
  unitPrice: NonNegativeFen.nullable(),
  amount: NonNegativeFen.nullable(),
  tierApplied: PriceTier.nullable(),
  minQuantity: z.int().nullable(),
  step: z.int().nullable(),
  problems: z.array(RuleProblem),
})
export type QuoteLine = z.infer<typeof QuoteLine>

export const PaymentCapacity = z.object({
  depositAvailable: NonNegativeFen,
  rebateAvailable: NonNegativeFen,
  creditAvailable: NonNegativeFen,
})

export const Quote = z.object({
  quotedAt: EpochMs,
  lines: z.array(QuoteLine),
  /** Sum of the priced lines' amounts (fen). */
  total: NonNegativeFen,
  rebateAllowance: NonNegativeFen,
  rebateRule: RebateRule.nullable(),
  balances: PaymentCapacity,
  suggestedPayment: z.object({
    deposit: NonNegativeFen,
    rebate: NonNegativeFen,
    credit: NonNegativeFen,
  }),
  /** Every problem (line problems repeated with `lineIndex`, then payment problems). */
  problems: z.array(RuleProblem),
})
export type Quote = z.infer<typeof Quote>

export const SubmitOrderRequest = z.strictObject({
  lines: z.array(CartLine).min(1).max(MAX_ORDER_LINES),
  addressId: Id,
  remark: z.string().max(500).optional(),
  requestedDeliveryDate: EpochMs.optional(),
  payment: PaymentAllocation,
  /** The total the user saw; a mismatch → 409 `order.pricesChanged` with the new quote. */
  expectedTotal: NonNegativeFen.optional(),
  /** The unit prices the user saw; any mismatch → 409 `order.pricesChanged`. */
  clientPrices: z
    .array(z.strictObject({ productId: Id, unitPrice: NonNegativeFen }))
    .max(MAX_ORDER_LINES)
    .optional(),
})
export type SubmitOrderRequest = z.infer<typeof SubmitOrderRequest>

export const CancelOrderRequest = z.strictObject({ reason: z.string().max(200).optional() })
export type CancelOrderRequest = z.infer<typeof CancelOrderRequest>

export const OrderLine = z.object({
  lineId: Id,
  productId: Id,
  ...ProductSnapshot.shape,
  quantity: z.int().positive(),
  unitPrice: NonNegativeFen,
  amount: NonNegativeFen,
  deliveredQuantity: z.int().nonnegative(),
  /** Quantity on returns that are not rejected. */
  returnedQuantity: z.int().nonnegative(),
})
export type OrderLine = z.infer<typeof OrderLine>

/** A line whose unit price changed between the held order and its approval (fen). */
export const PriceChange = z.object({
  productId: Id,
  quantity: z.int(),
  before: NonNegativeFen,
  after: NonNegativeFen.nullable(),
})
export type PriceChange = z.infer<typeof PriceChange>

/** Why and how the dealer's own approval rule held an order (orders that were held only). */
export const OrderApproval = z.object({
  reasons: z.array(z.enum(['amountAbove', 'orderer'])),
  /** The rule's amount limit (fen) when the order was placed. */
  amountAbove: NonNegativeFen.nullable(),
  /** The user id of the orderer (the rule may name orderers). */
  orderedBy: Id,
  decidedBy: z.string().nullable(),
  decidedAt: EpochMs.nullable(),
  declineReason: z.string().nullable(),
  /** Unit prices re-quoted at approval that differ from the held order's. */
  priceChanges: z.array(PriceChange),
})
export type OrderApproval = z.infer<typeof OrderApproval>

export const Order = z.object({
  id: Id,
  number: z.string(),
  dealerId: Id,
  status: OrderStatus,
  lines: z.array(OrderLine),
  total: NonNegativeFen,
  payment: z.object({ deposit: NonNegativeFen, rebate: NonNegativeFen, credit: NonNegativeFen }),
  /** Money actually deducted so far (at deliveries), per source. */
  deducted: z.object({ deposit: NonNegativeFen, rebate: NonNegativeFen, credit: NonNegativeFen }),
  address: Address,
  remark: z.string().nullable(),
  requestedDeliveryDate: EpochMs.nullable(),
  statusHistory: z.array(StatusChange),
  deliveredAmount: NonNegativeFen,
  returnedAmount: NonNegativeFen,
  /** Amount on invoice requests that are not rejected. */
  invoiceRequestedAmount: NonNegativeFen,
  /** deliveredAmount − returnedAmount − invoiceRequestedAmount, never below 0. */
  invoiceableAmount: Fen,
  deliveryIds: z.array(Id),
  returnIds: z.array(Id),
  invoiceRequestIds: z.array(Id),
  createdBy: z.string(),
  createdAt: EpochMs,
  modifiedAt: EpochMs,
  /** Present on orders the dealer's approval rule held (awaiting, approved or declined). */
  approval: OrderApproval.optional(),
  /**
   * On an order submitted when an admin approved it: the id it had while it awaited approval.
   * The same as `id` where the backend keeps the id (sandbox); another where the approved order
   * is created anew (ShareCRM: the held entry becomes a tombstone of this id). Clients replace
   * the held record with this one and tell the orderer it was approved.
   */
  heldOrderId: Id.optional(),
})
export type Order = z.infer<typeof Order>

export const OrderFeedPage = feedPageSchema(Order)
