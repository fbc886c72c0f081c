/**
 * Operator side of the sandbox (`/sandbox/...`, header `X-Operator-Token`): what the
 * manufacturer's staff do upstream. `:ref` accepts a record id or its document number.
 */
import { z } from 'zod'
import { Id, NonNegativeFen } from './common'
import { PriceTier, ProductStatus } from './catalog'

export const OperatorNote = z.strictObject({ note: z.string().max(500).optional() })
export const OperatorReject = z.strictObject({ reason: z.string().min(1).max(500) })

/** Lines omitted → ship everything still open. */
export const ShipOrderRequest = z.strictObject({
  lines: z
    .array(z.strictObject({ orderLineId: Id, quantity: z.int().positive() }))
    .max(2000)
    .optional(),
  carrier: z.string().max(100).optional(),
  trackingNumber: z.string().max(100).optional(),
  warehouse: z.string().max(100).optional(),
})
export type ShipOrderRequest = z.infer<typeof ShipOrderRequest>

export const IssueInvoiceRequest = z.strictObject({
  invoiceNumber: z.string().min(1).max(40).optional(),
})

export const AmountRequest = z.strictObject({
  amount: z.int().positive(),
  note: z.string().max(500).optional(),
})
export const CreditLimitRequest = z.strictObject({
  limit: NonNegativeFen,
  note: z.string().max(500).optional(),
})
export const RebateRuleRequest = z.strictObject({
  minOrderAmount: NonNegativeFen.nullable(),
  maxAmount: NonNegativeFen.nullable(),
  maxPercent: z.number().min(0).max(100).nullable(),
})

/**
 * Price changes. Per change: a new `price`/`tiers`/`minQuantity`/`step`, or `withdraw: true` to
 * remove the item from the list (→ tombstone in the item feed). Without `changes`, `percent`
 * reprices the first `count` items of `priceListId` by that percent (rounded half up).
 */
export const PriceChangeRequest = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        priceListId: Id,
        productId: Id,
        price: NonNegativeFen.optional(),
        tiers: z.array(PriceTier).max(10).optional(),
        minQuantity: z.int().positive().optional(),
        step: z.int().positive().optional(),
        withdraw: z.boolean().optional(),
      }),
    )
    .max(10_000)
    .optional(),
  priceListId: Id.optional(),
  percent: z.number().min(-90).max(1000).optional(),
  count: z.int().positive().max(1_000_000).optional(),
})
export type PriceChangeRequest = z.infer<typeof PriceChangeRequest>

export const ProductStatusRequest = z.strictObject({ status: ProductStatus })

export const FaultSettings = z.strictObject({
  /** Added to every Portal API request, ms. */
  latencyMs: z.number().min(0).max(60_000).optional(),
  /** Fraction 0..1 of requests answered 500 or 503 (alternating). */
  errorRate: z.number().min(0).max(1).optional(),
  /** Fraction 0..1 of requests whose connection is reset without an answer. */
  resetRate: z.number().min(0).max(1).optional(),
  /** Fraction 0..1 of responses cut off halfway through the body. */
  truncateRate: z.number().min(0).max(1).optional(),
  /** Requests per second per client address before 429 `rateLimit.exceeded` (0 = off). */
  rateLimitPerSecond: z.number().int().min(0).max(100_000).optional(),
})
export type FaultSettings = z.infer<typeof FaultSettings>

export const AutopilotRequest = z.strictObject({
  enabled: z.boolean(),
  intervalMs: z.int().min(100).max(3_600_000).optional(),
})
