/**
 * Bridge schemas of orders approved inside the dealer (README "Orders approved inside the
 * dealer"): the admin's queue of held orders from the cache (with what waits in the outbox for
 * each), approve / decline through the outbox (so they wait offline), and, online only, the
 * dealer's approval rule and a re-quote preview of a held order. Money is integer fen.
 */
import { z } from 'zod'
import { ApprovalRule, ApprovalRuleState } from '../api/approvals'
import { EpochMs, Id, NonNegativeFen } from '../api/common'
import { Order, PriceChange } from '../api/orders'
import { defineMethod } from './define'
import { OrderActionOutcome } from './orders'

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

export const ApprovalQueueItem = z.object({
  order: Order,
  /** An approve or decline of this order saved in the outbox, not answered yet. */
  waiting: z.enum(['approve', 'decline']).nullable(),
})
export type ApprovalQueueItem = z.infer<typeof ApprovalQueueItem>

export const ApprovalQueueView = z.object({ items: z.array(ApprovalQueueItem) })
export type ApprovalQueueView = z.infer<typeof ApprovalQueueView>

/** The held order priced again now (online): what changed since it was placed. */
export const ApprovalRequote = z.object({
  orderId: Id,
  total: NonNegativeFen,
  newTotal: NonNegativeFen,
  changes: z.array(PriceChange),
  /** Problems that would refuse the approval (a product off sale, ...), as i18n codes. */
  problems: z.array(ErrorData),
})
export type ApprovalRequote = z.infer<typeof ApprovalRequote>

/**
 * The rule as the app shows it: from the gateway, or offline from the cache (`cachedAt`), with a
 * change saved in the outbox and not sent yet (`waiting`, what the form shows).
 */
export const ApprovalRuleView = ApprovalRuleState.extend({
  /** Read offline: the rule as the gateway last answered it, at this time (epoch ms). */
  cachedAt: EpochMs.nullable(),
  waiting: ApprovalRule.nullable(),
})
export type ApprovalRuleView = z.infer<typeof ApprovalRuleView>

const ById = z.strictObject({ id: Id })

export const approvalsMethods = {
  /** The held orders of the signed-in dealer (admins), oldest first. */
  queue: defineMethod(z.undefined(), ApprovalQueueView),
  /** How many orders await approval (for the navigation badge); 0 for non-admins. */
  count: defineMethod(z.undefined(), z.object({ count: z.int().nonnegative() })),
  /** From the gateway; offline from the cache (refused with the error when never synced). */
  rule: defineMethod(z.undefined(), ApprovalRuleView),
  /** Through the outbox: offline the change waits there (`waiting`) and is sent on reconnect. */
  setRule: defineMethod(ApprovalRule, ApprovalRuleView),
  /** Online only. */
  requote: defineMethod(ById, ApprovalRequote),
  approve: defineMethod(
    z.strictObject({ id: Id, expectedTotal: NonNegativeFen.optional() }),
    OrderActionOutcome,
  ),
  decline: defineMethod(
    z.strictObject({ id: Id, reason: z.string().trim().min(1).max(200) }),
    OrderActionOutcome,
  ),
}

/** Orders a sync brought that await the signed-in admin's approval (placed by other users). */
export const ApprovalsArrived = z.object({
  dealerId: z.string(),
  orders: z.array(z.object({ id: Id, number: z.string(), createdBy: z.string() })),
})
export type ApprovalsArrived = z.infer<typeof ApprovalsArrived>

export const approvalsEvents = {
  /** New orders await the admin's approval: a toast that opens the queue. */
  'approvals:arrived': ApprovalsArrived,
}
