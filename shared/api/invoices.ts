/** Invoice profiles and invoice requests (开票申请). Rules: domain.md "Invoice requests". */
import { z } from 'zod'
import { INVOICE_REQUEST_STATUSES } from '../domain/orderStatus'
import { EpochMs, feedPageSchema, Id, NonNegativeFen, StatusChange } from './common'

export const INVOICE_TYPE_VALUES = ['vatSpecial', 'vatGeneral', 'electronicGeneral'] as const
export const InvoiceType = z.enum(INVOICE_TYPE_VALUES)
export type InvoiceType = z.infer<typeof InvoiceType>
export const InvoiceRequestStatus = z.enum(INVOICE_REQUEST_STATUSES)

/**
 * What goes on the invoice. `taxpayerId` is the 18-character unified social credit code
 * (GB 32100-2015, check character validated). Bank fields are required for `vatSpecial`,
 * `email` for `electronicGeneral`.
 */
const profileFields = {
  title: z.string().min(1).max(100),
  taxpayerId: z.string().max(40),
  address: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  bankName: z.string().max(100).optional(),
  bankAccount: z.string().max(40).optional(),
  email: z.string().max(100).optional(),
}

export const CreateInvoiceProfileRequest = z.strictObject({
  /** The invoice type the profile is meant for; decides the required fields. */
  type: InvoiceType,
  ...profileFields,
  isDefault: z.boolean().optional(),
})
export type CreateInvoiceProfileRequest = z.infer<typeof CreateInvoiceProfileRequest>

export const InvoiceProfile = z.object({
  id: Id,
  type: InvoiceType,
  title: z.string(),
  taxpayerId: z.string(),
  address: z.string(),
  phone: z.string(),
  bankName: z.string(),
  bankAccount: z.string(),
  email: z.string(),
  isDefault: z.boolean(),
  modifiedAt: EpochMs,
})
export type InvoiceProfile = z.infer<typeof InvoiceProfile>

export const CreateInvoiceRequestRequest = z.strictObject({
  type: InvoiceType,
  profileId: Id,
  /** Amount (fen) requested per order; each ≤ that order's invoiceable amount. */
  orders: z
    .array(z.strictObject({ orderId: Id, amount: z.int().positive().max(1_000_000_000_000) }))
    .min(1)
    .max(200),
  remark: z.string().max(500).optional(),
})
export type CreateInvoiceRequestRequest = z.infer<typeof CreateInvoiceRequestRequest>

export const InvoiceRequest = z.object({
  id: Id,
  number: z.string(),
  dealerId: Id,
  status: InvoiceRequestStatus,
  type: InvoiceType,
  /** Snapshot of the profile at request time. */
  profile: InvoiceProfile,
  orders: z.array(z.object({ orderId: Id, orderNumber: z.string(), amount: NonNegativeFen })),
  amount: NonNegativeFen,
  remark: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  issuedAt: EpochMs.nullable(),
  rejectReason: z.string().nullable(),
  statusHistory: z.array(StatusChange),
  createdBy: z.string(),
  createdAt: EpochMs,
  modifiedAt: EpochMs,
})
export type InvoiceRequest = z.infer<typeof InvoiceRequest>

export const InvoiceRequestFeedPage = feedPageSchema(InvoiceRequest)
