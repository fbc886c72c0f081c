/** Delivery notes (发货单): created upstream when goods ship; the dealer confirms receipt. */
import { z } from 'zod'
import { DELIVERY_STATUSES } from '../domain/orderStatus'
import { Address, EpochMs, feedPageSchema, Id, NonNegativeFen, StatusChange } from './common'
import { ProductSnapshot } from './productSnapshot'

export const DeliveryStatus = z.enum(DELIVERY_STATUSES)

export const DeliveryLine = z.object({
  deliveryLineId: Id,
  orderLineId: Id,
  productId: Id,
  ...ProductSnapshot.shape,
  quantity: z.int().positive(),
  unitPrice: NonNegativeFen,
  amount: NonNegativeFen,
  /** Set when the dealer confirmed receipt. */
  receivedQuantity: z.int().nonnegative().nullable(),
})

export const Delivery = z.object({
  id: Id,
  number: z.string(),
  dealerId: Id,
  orderId: Id,
  orderNumber: z.string(),
  status: DeliveryStatus,
  carrier: z.string(),
  trackingNumber: z.string(),
  warehouse: z.string(),
  shippedAt: EpochMs,
  address: Address,
  lines: z.array(DeliveryLine),
  amount: NonNegativeFen,
  receivedAt: EpochMs.nullable(),
  receiptRemark: z.string().nullable(),
  statusHistory: z.array(StatusChange),
  createdAt: EpochMs,
  modifiedAt: EpochMs,
})
export type Delivery = z.infer<typeof Delivery>

/** Lines omitted → everything received in full. */
export const ConfirmReceiptRequest = z.strictObject({
  lines: z
    .array(
      z.strictObject({ deliveryLineId: Id, receivedQuantity: z.int().min(0).max(1_000_000_000) }),
    )
    .max(2000)
    .optional(),
  remark: z.string().max(500).optional(),
})
export type ConfirmReceiptRequest = z.infer<typeof ConfirmReceiptRequest>

export const DeliveryFeedPage = feedPageSchema(Delivery)
