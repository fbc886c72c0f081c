/** Returns (退货单) against delivered order lines; refunds go back to where the order was paid from. */
import { z } from 'zod'
import { RETURN_STATUSES } from '../domain/orderStatus'
import { EpochMs, feedPageSchema, Id, NonNegativeFen, StatusChange } from './common'
import { ProductSnapshot } from './productSnapshot'

export const RETURN_REASON_VALUES = [
  'quality',
  'wrongItem',
  'damagedInTransit',
  'overShipment',
  'other',
] as const
export const ReturnReason = z.enum(RETURN_REASON_VALUES)
export const ReturnStatus = z.enum(RETURN_STATUSES)

export const CreateReturnRequest = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        orderId: Id,
        orderLineId: Id,
        quantity: z.int().positive().max(1_000_000_000),
      }),
    )
    .min(1)
    .max(500),
  reason: ReturnReason,
  /** Required when reason is `other`. */
  reasonText: z.string().max(500).optional(),
  remark: z.string().max(500).optional(),
})
export type CreateReturnRequest = z.infer<typeof CreateReturnRequest>

export const ReturnLine = z.object({
  orderId: Id,
  orderNumber: z.string(),
  orderLineId: Id,
  productId: Id,
  /** No specification: return slips do not print one (returns made before it was kept have none). */
  ...ProductSnapshot.omit({ specZh: true, specEn: true }).shape,
  quantity: z.int().positive(),
  unitPrice: NonNegativeFen,
  amount: NonNegativeFen,
})

export const Refund = z.object({
  deposit: NonNegativeFen,
  rebate: NonNegativeFen,
  credit: NonNegativeFen,
})

export const Return = z.object({
  id: Id,
  number: z.string(),
  dealerId: Id,
  status: ReturnStatus,
  reason: ReturnReason,
  reasonText: z.string().nullable(),
  remark: z.string().nullable(),
  lines: z.array(ReturnLine),
  amount: NonNegativeFen,
  /** Set when refunded: per payment source (credit = occupancy released). */
  refund: Refund.nullable(),
  rejectReason: z.string().nullable(),
  statusHistory: z.array(StatusChange),
  createdBy: z.string(),
  createdAt: EpochMs,
  modifiedAt: EpochMs,
})
export type Return = z.infer<typeof Return>

export const ReturnFeedPage = feedPageSchema(Return)
