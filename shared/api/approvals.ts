/**
 * Orders approved inside the dealer: the dealer's approval rule (set by its admin), the queue of
 * held orders, approve (re-quoted, then submitted as usual) and decline with a reason. Rules:
 * shared/domain/approval.ts; README "Orders approved inside the dealer".
 */
import { z } from 'zod'
import { Role } from './auth'
import { EpochMs, Id, NonNegativeFen } from './common'
import { Order, PaymentAllocation, PriceChange } from './orders'

export const ApprovalRule = z.strictObject({
  /** Orders above this total (fen) wait for an admin; null: no amount limit. */
  amountAbove: NonNegativeFen.nullable(),
  /** Every order by these users waits for an admin. */
  ordererIds: z.array(Id).max(500),
})
export type ApprovalRule = z.infer<typeof ApprovalRule>

export const DealerMember = z.object({
  userId: Id,
  displayName: z.string(),
  roles: z.array(Role),
})
export type DealerMember = z.infer<typeof DealerMember>

export const ApprovalRuleState = z.object({
  rule: ApprovalRule,
  /** The dealer's users, for choosing orderers. */
  members: z.array(DealerMember),
  modifiedBy: z.string().nullable(),
  modifiedAt: EpochMs.nullable(),
})
export type ApprovalRuleState = z.infer<typeof ApprovalRuleState>

export const ApprovalQueue = z.object({ orders: z.array(Order) })
export type ApprovalQueue = z.infer<typeof ApprovalQueue>

export const ApproveOrderRequest = z.strictObject({
  /** The re-quoted total the admin saw; when prices changed and this differs → 409 pricesChanged. */
  expectedTotal: NonNegativeFen.optional(),
  /** The split to use when the total changed (default: the quote's suggested split). */
  payment: PaymentAllocation.optional(),
})
export type ApproveOrderRequest = z.infer<typeof ApproveOrderRequest>

export const DeclineOrderRequest = z.strictObject({ reason: z.string().trim().min(1).max(200) })
export type DeclineOrderRequest = z.infer<typeof DeclineOrderRequest>

export const ApproveOrderResult = z.object({
  /** The order as submitted upstream (under review). */
  order: Order,
  priceChanges: z.array(PriceChange),
})
export type ApproveOrderResult = z.infer<typeof ApproveOrderResult>
