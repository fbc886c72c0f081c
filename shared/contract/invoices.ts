/**
 * Bridge schemas of the invoice requests area (开票申请): the cached requests (list, detail), the
 * orders that can still be invoiced, the dealer's invoice profiles, saving a profile and creating a
 * request (both through the outbox with the idempotency key made when the user pressed the button).
 * Money is integer fen, times epoch ms.
 */
import { z } from 'zod'
import { EpochMs, Fen, Id, NonNegativeFen } from '../api/common'
import {
  CreateInvoiceProfileRequest,
  InvoiceProfile,
  InvoiceRequest,
  InvoiceType,
} from '../api/invoices'
import { defineMethod } from './define'

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

/** 8–128 printable ASCII characters, as the gateway accepts in the Idempotency-Key header. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,128}$/)

/**
 * A cached request, or (`status` 'pending', no number, `outbox` set) one still in the outbox: then
 * `id` is the outbox item's id.
 */
export const InvoiceRequestSummary = z.object({
  id: Id,
  number: z.string().nullable(),
  status: z.string(),
  type: InvoiceType,
  amount: NonNegativeFen,
  title: z.string(),
  orderNumbers: z.array(z.string()),
  invoiceNumber: z.string().nullable(),
  createdAt: EpochMs,
  outbox: z
    .object({ state: z.enum(['pending', 'sending', 'failed']), error: ErrorData.nullable() })
    .nullable(),
})
export type InvoiceRequestSummary = z.infer<typeof InvoiceRequestSummary>

export const InvoiceListRequest = z.strictObject({
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(5000).default(200),
})
export type InvoiceListRequest = z.input<typeof InvoiceListRequest>

export const InvoiceListPage = z.object({
  total: z.int().nonnegative(),
  items: z.array(InvoiceRequestSummary),
})
export type InvoiceListPage = z.infer<typeof InvoiceListPage>

/** An order that may still be invoiced; `invoiceable` already excludes requests waiting in the outbox. */
export const InvoiceableOrder = z.object({
  id: Id,
  number: z.string(),
  createdAt: EpochMs,
  total: NonNegativeFen,
  deliveredAmount: NonNegativeFen,
  returnedAmount: NonNegativeFen,
  requestedAmount: NonNegativeFen,
  invoiceable: Fen,
})
export type InvoiceableOrder = z.infer<typeof InvoiceableOrder>

export const SaveInvoiceProfileRequest = z.strictObject({
  profile: CreateInvoiceProfileRequest,
  idempotencyKey: IdempotencyKey,
})
export type SaveInvoiceProfileRequest = z.infer<typeof SaveInvoiceProfileRequest>

export const SaveInvoiceProfileOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  error: ErrorData.optional(),
  /** The saved profile once the gateway answered. */
  profile: InvoiceProfile.nullable(),
})
export type SaveInvoiceProfileOutcome = z.infer<typeof SaveInvoiceProfileOutcome>

export const CreateInvoiceRequestInput = z.strictObject({
  orderIds: z.array(Id).min(1).max(200),
  type: InvoiceType,
  /** A saved profile; or `profile` to save first (offline, the profile and the request wait in the outbox). */
  profileId: Id.optional(),
  profile: CreateInvoiceProfileRequest.optional(),
  /** Fen; ≤ the sum of the orders' invoiceable amounts, split over them oldest first. */
  amount: z.int().positive().max(1_000_000_000_000),
  remark: z.string().max(500).optional(),
  idempotencyKey: IdempotencyKey,
  /** The refused request (outbox item id) this one corrects: resubmitted with these values, under a new key. */
  replacesOutboxId: Id.optional(),
})
export type CreateInvoiceRequestInput = z.infer<typeof CreateInvoiceRequestInput>

export const InvoiceActionOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  error: ErrorData.optional(),
})
export type InvoiceActionOutcome = z.infer<typeof InvoiceActionOutcome>

/** A refused request still in the outbox, to correct: what was asked and why it was refused. */
export const InvoiceRequestDraft = z.object({
  outboxId: Id,
  orderIds: z.array(Id),
  type: InvoiceType,
  /** The saved profile it used, or the new profile it carried. */
  profileId: Id.nullable(),
  profile: CreateInvoiceProfileRequest.nullable(),
  amount: z.int().nonnegative(),
  remark: z.string(),
  error: ErrorData.nullable(),
})
export type InvoiceRequestDraft = z.infer<typeof InvoiceRequestDraft>

const ById = z.strictObject({ id: Id })

export const invoicesMethods = {
  list: defineMethod(InvoiceListRequest, InvoiceListPage),
  get: defineMethod(ById, InvoiceRequest.nullable()),
  invoiceableOrders: defineMethod(z.strictObject({}).optional(), z.array(InvoiceableOrder)),
  profiles: defineMethod(z.strictObject({}).optional(), z.array(InvoiceProfile)),
  saveProfile: defineMethod(SaveInvoiceProfileRequest, SaveInvoiceProfileOutcome),
  create: defineMethod(CreateInvoiceRequestInput, InvoiceActionOutcome),
  /** The refused request `outboxId` of the signed-in dealer, or null when it is no longer refused. */
  draft: defineMethod(z.strictObject({ outboxId: Id }), InvoiceRequestDraft.nullable()),
}
