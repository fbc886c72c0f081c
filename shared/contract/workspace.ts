/** Bridge schemas of the synced workspace: sync progress, the outbox and the Home summary. */
import { z } from 'zod'
import { Balances } from '../api/account'

export const SYNC_FEEDS = [
  'products',
  'priceLists',
  'priceItems',
  'balances',
  'transactions',
  'orders',
  'deliveries',
  'returns',
  'invoiceRequests',
  'statementPeriods',
  'approvalRule',
] as const
export const SyncFeed = z.enum(SYNC_FEEDS)
export type SyncFeed = z.infer<typeof SyncFeed>

export const FeedProgress = z.object({
  feed: SyncFeed,
  /** Records applied in this run. */
  done: z.int().nonnegative(),
  /** Known only when the gateway tells (null while paging an open-ended feed). */
  total: z.int().nonnegative().nullable(),
  finished: z.boolean(),
})
export type FeedProgress = z.infer<typeof FeedProgress>

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

export const SyncStatus = z.object({
  dealerId: z.string().nullable(),
  running: z.boolean(),
  /** Epoch ms of the last complete sync of this dealer, from the cache. */
  lastSyncedAt: z.number().nullable(),
  feeds: z.array(FeedProgress),
  lastError: ErrorData.nullable(),
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const SyncRequest = z.strictObject({ full: z.boolean().optional() }).optional()

export const OUTBOX_KINDS = [
  'order.submit',
  'order.cancel',
  'order.approve',
  'order.decline',
  'return.submit',
  'invoiceRequest.submit',
  'delivery.confirmReceipt',
  'invoiceProfile.save',
  'statement.confirm',
  'statement.dispute',
  'approvalRule.set',
] as const

export const OutboxEntry = z.object({
  id: z.string(),
  kind: z.enum(OUTBOX_KINDS),
  dealerId: z.string(),
  status: z.enum(['pending', 'sending', 'failed', 'sent']),
  createdAt: z.number(),
  attempts: z.int().nonnegative(),
  /** A short description for the list (e.g. the number of lines and the total), from the payload. */
  summary: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  lastError: ErrorData.nullable(),
})
export type OutboxEntry = z.infer<typeof OutboxEntry>

export const OutboxCounts = z.object({
  pending: z.int().nonnegative(),
  failed: z.int().nonnegative(),
})
export type OutboxCounts = z.infer<typeof OutboxCounts>

/** A submission that had waited in the outbox, accepted by the gateway: the document it made. */
export const SubmissionAccepted = z.object({
  dealerId: z.string(),
  /** The account that made it (only that user is told). */
  account: z.string().nullable(),
  kind: z.enum(['order.submit', 'return.submit', 'invoiceRequest.submit']),
  idempotencyKey: z.string(),
  document: z.object({ id: z.string(), number: z.string() }),
})
export type SubmissionAccepted = z.infer<typeof SubmissionAccepted>

/** A sync brought a new status for a cached return or invoice request (refunded, issued, ...). */
export const DocumentStatusChange = z.object({
  dealerId: z.string(),
  id: z.string(),
  number: z.string(),
  from: z.string(),
  to: z.string(),
})
export type DocumentStatusChange = z.infer<typeof DocumentStatusChange>

export const HomeSummary = z.object({
  dealerId: z.string(),
  balances: Balances.nullable(),
  counts: z.object({
    openOrders: z.int().nonnegative(),
    deliveriesInTransit: z.int().nonnegative(),
    pendingReturns: z.int().nonnegative(),
    pendingInvoiceRequests: z.int().nonnegative(),
  }),
  lastSyncedAt: z.number().nullable(),
})
export type HomeSummary = z.infer<typeof HomeSummary>
