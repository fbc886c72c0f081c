/**
 * Bridge schemas of the cart: the signed-in dealer's cart as priced from
 * the local cache, the gateway's quote compared with it, and the submit through the outbox.
 * Money is integer fen everywhere; quantities are integers in the product's sales unit.
 */
import { z } from 'zod'
import { Address } from '../api/common'
import { ProductName, ProductSnapshot } from '../api/productSnapshot'
import { RebateRule } from '../api/orders'
import { defineMethod } from './define'

const Fen = z.int()
const NonNegativeFen = z.int().nonnegative()
const ProductId = z.string().min(1).max(64)
const ErrorParams = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
/** A rule problem as data: an i18n key under `errors.` plus its params. */
export const CartProblem = z.object({ code: z.string(), params: ErrorParams.optional() })
export type CartProblem = z.infer<typeof CartProblem>

export const MAX_CART_LINES = 2000
/** Longest paste or reorder `add` accepts at once. */
export const MAX_CART_ADD = 5000

export const CartLineView = z.object({
  productId: ProductId,
  /** Every field '' when the product is not in the cache. */
  ...ProductSnapshot.shape,
  quantity: z.int().positive(),
  /** Fen per unit for this quantity (tier applied); null when not sellable. */
  unitPrice: NonNegativeFen.nullable(),
  /** The item's base price (fen); differs from unitPrice when a tier applies. */
  listPrice: NonNegativeFen.nullable(),
  /** unitPrice × quantity (fen), null when not sellable. */
  amount: NonNegativeFen.nullable(),
  tierApplied: z.boolean(),
  /** Quantity breaks, so the UI can reprice a typed quantity instantly (shared/domain unitPriceFor). */
  tiers: z.array(z.object({ minQuantity: z.int().positive(), price: NonNegativeFen })),
  minQuantity: z.int().positive(),
  step: z.int().positive(),
  /** The price before the last change a sync saw (fen), or null. */
  previousPrice: NonNegativeFen.nullable(),
  priceChangedAt: z.number().nullable(),
  problems: z.array(CartProblem),
})
export type CartLineView = z.infer<typeof CartLineView>

export const CartDetails = z.object({
  addressId: z.string().nullable(),
  remark: z.string(),
  /** Epoch ms of the requested day (local midnight), or null. */
  requestedDeliveryDate: z.number().nullable(),
})
export type CartDetails = z.infer<typeof CartDetails>

/** What the dealer can use, from the cached balances (fen; credit = limit − occupied). */
export const CartCapacity = z.object({
  depositAvailable: Fen,
  rebateAvailable: Fen,
  creditAvailable: Fen,
})
export type CartCapacity = z.infer<typeof CartCapacity>

export const PaymentSplit = z.object({ deposit: Fen, rebate: Fen, credit: Fen })
export type PaymentSplit = z.infer<typeof PaymentSplit>

export const CartView = z.object({
  dealerId: z.string(),
  lines: z.array(CartLineView),
  /** Sum of the priced lines (fen). */
  total: NonNegativeFen,
  /** Some line cannot be ordered as it is: the cart must not be submitted. */
  hasProblems: z.boolean(),
  addresses: z.array(Address),
  details: CartDetails,
  /** null until balances were synced once. */
  capacity: CartCapacity.nullable(),
  rebateRule: RebateRule.nullable(),
  /** shared/domain rebateAllowance for this total. */
  rebateAllowance: NonNegativeFen,
  /** shared/domain suggestAllocation: rebate to its allowance, then deposit, then credit. */
  suggestedPayment: PaymentSplit,
  /** Fen nothing can cover in the suggestion. */
  shortfall: NonNegativeFen,
})
export type CartView = z.infer<typeof CartView>

export const QuantityAdjustment = z.object({
  productId: ProductId,
  requested: z.number(),
  quantity: z.int().positive(),
  reason: z.enum(['belowMinimum', 'packStep']),
  minQuantity: z.int().positive(),
  step: z.int().positive(),
})
export type QuantityAdjustment = z.infer<typeof QuantityAdjustment>

/** After add/setQuantity: the cart, the lines whose quantity was changed and why, lines refused. */
export const CartChange = z.object({
  cart: CartView,
  adjusted: z.array(QuantityAdjustment),
  refused: z.array(
    z.object({ productId: z.string(), code: z.string(), params: ErrorParams.optional() }),
  ),
})
export type CartChange = z.infer<typeof CartChange>

/** The cart without its lines, addresses and details: what one line's change can alter. */
export const CartSummary = CartView.pick({
  dealerId: true,
  total: true,
  hasProblems: true,
  capacity: true,
  rebateRule: true,
  rebateAllowance: true,
  suggestedPayment: true,
  shortfall: true,
}).extend({ lineCount: z.int().nonnegative() })
export type CartSummary = z.infer<typeof CartSummary>

/**
 * After setQuantity: the one line as main priced it and the new totals, not the cart (a few
 * hundred bytes instead of ~400 KB at 1,000 lines); `adjusted` / `refused` as in CartChange.
 */
export const CartLineChange = z.object({
  line: CartLineView,
  summary: CartSummary,
  adjusted: z.array(QuantityAdjustment),
  refused: z.array(
    z.object({ productId: z.string(), code: z.string(), params: ErrorParams.optional() }),
  ),
})
export type CartLineChange = z.infer<typeof CartLineChange>

const CartLineInput = z.strictObject({ productId: ProductId, quantity: z.number().finite() })

export const PriceDifferenceLine = z.object({
  productId: z.string(),
  ...ProductName.shape,
  quantity: z.int(),
  oldPrice: NonNegativeFen.nullable(),
  newPrice: NonNegativeFen.nullable(),
  /** (new − old) amount of the line, fen. */
  amountDelta: Fen,
})
export type PriceDifferenceLine = z.infer<typeof PriceDifferenceLine>

/** The prices the user accepted: submit sends them as clientPrices and total as expectedTotal. */
export const AcceptedQuote = z.strictObject({
  total: NonNegativeFen,
  rebateAllowance: NonNegativeFen,
  lines: z
    .array(
      z.strictObject({
        productId: ProductId,
        quantity: z.int().positive(),
        unitPrice: NonNegativeFen,
      }),
    )
    .max(MAX_CART_LINES),
})
export type AcceptedQuote = z.infer<typeof AcceptedQuote>

/** The gateway's prices against the ones the user saw. `lines` lists the changed lines only. */
export const PriceDifference = z.object({
  changed: z.boolean(),
  lines: z.array(PriceDifferenceLine),
  oldTotal: NonNegativeFen,
  newTotal: NonNegativeFen,
  rebateAllowance: z.object({ old: NonNegativeFen, new: NonNegativeFen }),
  /** Rule problems the gateway found (line problems carry productId). */
  problems: z.array(CartProblem),
  /** What accepting means: the new prices of every line. */
  accepted: AcceptedQuote,
  /** The gateway's view of the balances and rule, for the payment panel after accepting. */
  capacity: CartCapacity,
  rebateRule: RebateRule.nullable(),
  suggestedPayment: PaymentSplit,
  /** Outbox review only: the split that was sent and the one the resubmission will use. */
  payment: z.object({ before: PaymentSplit, after: PaymentSplit }).nullable(),
})
export type PriceDifference = z.infer<typeof PriceDifference>

export const SubmitCartInput = z.strictObject({
  payment: z.strictObject({ deposit: z.number(), rebate: z.number(), credit: z.number() }),
  /** Made by the renderer when the user presses Submit; the same key never enqueues twice. */
  idempotencyKey: z.string().regex(/^[\x21-\x7e]{8,128}$/),
  acceptedQuote: AcceptedQuote.optional(),
})
export type SubmitCartInput = z.infer<typeof SubmitCartInput>

export const SubmitCartResult = z.object({
  outboxId: z.string(),
  /** sent: the gateway made the order; pending: saved, sent when online; failed: refused. */
  state: z.enum(['sent', 'pending', 'failed']),
  /** `status`: `awaiting_approval` when the dealer's approval rule held it. */
  order: z.object({ id: z.string(), number: z.string(), status: z.string().optional() }).optional(),
  error: z.object({ code: z.string(), params: ErrorParams.optional() }).optional(),
})
export type SubmitCartResult = z.infer<typeof SubmitCartResult>

const OutboxItemRef = z.strictObject({ outboxId: z.string().min(1).max(64) })

export const cartMethods = {
  get: defineMethod(z.undefined(), CartView),
  add: defineMethod(
    z.strictObject({ lines: z.array(CartLineInput).min(1).max(MAX_CART_ADD) }),
    CartChange,
  ),
  setQuantity: defineMethod(CartLineInput, CartLineChange),
  remove: defineMethod(
    z.strictObject({ productIds: z.array(ProductId).min(1).max(MAX_CART_ADD) }),
    CartView,
  ),
  clear: defineMethod(z.undefined(), CartView),
  setDetails: defineMethod(
    z.strictObject({
      addressId: z.string().min(1).max(64).optional(),
      remark: z.string().max(2000).optional(),
      requestedDeliveryDate: z.number().int().nonnegative().nullable().optional(),
    }),
    CartView,
  ),
  /** Online only: the gateway's quote compared with the cart's local prices. */
  quote: defineMethod(z.undefined(), PriceDifference),
  submit: defineMethod(SubmitCartInput, SubmitCartResult),
  /** An outbox order refused with `order.pricesChanged`: its old prices against the gateway's. */
  reviewOutboxPrices: defineMethod(OutboxItemRef, PriceDifference),
  /** Accepts the new prices of such an item and resubmits it (new idempotency key). */
  acceptOutboxPrices: defineMethod(OutboxItemRef, z.object({ outboxId: z.string() })),
  /** A refused order put back into the cart to edit (then dropped from the outbox). */
  openRefusedOrder: defineMethod(OutboxItemRef, CartChange),
  /** An order the dealer's admin declined put back into the cart to edit, the same way. */
  openDeclinedOrder: defineMethod(z.strictObject({ id: z.string().min(1).max(64) }), CartChange),
}

export const cartEvents = {
  /** The cart changed in main (e.g. a reorder added lines): views reload. */
  'cart:changed': z.object({ dealerId: z.string(), lineCount: z.int().nonnegative() }),
} as const
