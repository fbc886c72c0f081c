/**
 * Bridge schemas of the returns area: cached returns plus submissions still in the
 * outbox, the returnable quantity per delivered order line, and the submit (`return.submit`) with
 * the user's idempotency key. Money is integer fen; quantities integers in the sales unit.
 */
import { z } from 'zod'
import { EpochMs, Id, NonNegativeFen } from '../api/common'
import { ProductSnapshot } from '../api/productSnapshot'
import { CreateReturnRequest, Return } from '../api/returns'
import { RETURN_STATUSES } from '../domain/orderStatus'
import { defineMethod } from './define'

/** Return statuses plus `pending`: a submission still in the outbox (no number yet). */
export const RETURN_LIST_STATUSES = [...RETURN_STATUSES, 'pending'] as const
export const ReturnListStatus = z.enum(RETURN_LIST_STATUSES)
export type ReturnListStatus = z.infer<typeof ReturnListStatus>

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

export const ReturnListRequest = z.strictObject({
  statuses: z.array(ReturnListStatus).max(RETURN_LIST_STATUSES.length).optional(),
  /** Matches the return number, an order number or a line's SKU / names (case-insensitive). */
  text: z.string().max(100).optional(),
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(5000).default(200),
})
export type ReturnListRequest = z.input<typeof ReturnListRequest>

export const ReturnSummary = z.object({
  /** The return id, or the outbox item id of a pending submission. */
  id: Id,
  number: z.string().nullable(),
  status: ReturnListStatus,
  reason: z.string(),
  amount: NonNegativeFen,
  lineCount: z.int().nonnegative(),
  orderNumbers: z.array(z.string()),
  createdAt: EpochMs,
  outbox: z
    .object({ state: z.enum(['pending', 'sending', 'failed']), error: ErrorData.nullable() })
    .nullable(),
})
export type ReturnSummary = z.infer<typeof ReturnSummary>

export const ReturnListPage = z.object({
  total: z.int().nonnegative(),
  items: z.array(ReturnSummary),
})
export type ReturnListPage = z.infer<typeof ReturnListPage>

/** An order with something left to return (for the "New return" picker). */
export const ReturnableOrder = z.object({
  id: Id,
  number: z.string(),
  status: z.string(),
  createdAt: EpochMs,
  returnableLines: z.int().nonnegative(),
})
export type ReturnableOrder = z.infer<typeof ReturnableOrder>

/** One delivered order line: delivered / already returned (not rejected, incl. pending) / returnable. */
export const ReturnableLine = z.object({
  orderId: Id,
  orderNumber: z.string(),
  orderLineId: Id,
  productId: Id,
  ...ProductSnapshot.shape,
  unitPrice: NonNegativeFen,
  delivered: z.int().nonnegative(),
  returned: z.int().nonnegative(),
  returnable: z.int().nonnegative(),
})
export type ReturnableLine = z.infer<typeof ReturnableLine>

export const CreateReturnInput = CreateReturnRequest.extend({
  /** Made by the renderer when the user presses Submit; the same key never enqueues twice. */
  idempotencyKey: z.string().regex(/^[\x21-\x7e]{8,128}$/),
  /**
   * The refused submission (outbox item id) this one corrects: it is resubmitted with these lines
   * under a new key instead of a second return being queued.
   */
  replacesOutboxId: Id.optional(),
})
export type CreateReturnInput = z.infer<typeof CreateReturnInput>

export const ReturnActionOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  return: z.object({ id: Id, number: z.string() }).optional(),
  error: ErrorData.optional(),
})
export type ReturnActionOutcome = z.infer<typeof ReturnActionOutcome>

/** A refused return still in the outbox, to correct: its orders, what was asked and why it was refused. */
export const ReturnDraft = z.object({
  outboxId: Id,
  orderIds: z.array(Id),
  request: CreateReturnRequest,
  error: ErrorData.nullable(),
})
export type ReturnDraft = z.infer<typeof ReturnDraft>

export const returnsMethods = {
  list: defineMethod(ReturnListRequest, ReturnListPage),
  get: defineMethod(z.strictObject({ id: Id }), Return.nullable()),
  returnableOrders: defineMethod(z.undefined(), z.array(ReturnableOrder)),
  returnableLines: defineMethod(
    z.strictObject({ orderIds: z.array(Id).min(1).max(200) }),
    z.array(ReturnableLine),
  ),
  create: defineMethod(CreateReturnInput, ReturnActionOutcome),
  /** The refused return `outboxId` of the signed-in dealer, or null when it is no longer refused. */
  draft: defineMethod(z.strictObject({ outboxId: Id }), ReturnDraft.nullable()),
}
