/**
 * Building blocks shared by every Portal API schema: money, time, ids and the change-feed paging
 * shapes. Money is always an integer number of fen (分); timestamps are epoch milliseconds; ids are
 * opaque strings. Request schemas are strict (unknown fields → `request.invalid`); response
 * schemas strip unknown fields so an older client tolerates a newer gateway.
 */
import { z } from 'zod'

/** Integer fen, possibly negative (transaction flows). */
export const Fen = z.int()
/** Integer fen ≥ 0 (prices, totals, payment parts). */
export const NonNegativeFen = z.int().nonnegative()
export const EpochMs = z.int().nonnegative()
export const Id = z.string().min(1).max(64)
/** A positive whole quantity in the product's sales unit. */
export const Quantity = z.int().positive().max(1_000_000_000)

/** A decimal integer in a query string (`?since=1700000000000`); beyond 2^53 − 1 it is refused, not rounded. */
const queryInteger = z
  .string()
  .regex(/^\d{1,16}$/, 'expected a non-negative integer')
  .transform((value) => Number(value))
  .pipe(z.int().nonnegative().max(Number.MAX_SAFE_INTEGER))

export const FEED_DEFAULT_LIMIT = 1000
export const FEED_MAX_LIMIT = 5000

/**
 * Change-feed query: entries strictly after the cursor (since, after) in (modifiedAt, id) order.
 * First sync: `since=0` and no `after`.
 */
export const FeedQuery = z.strictObject({
  since: queryInteger.optional(),
  after: z.string().max(64).optional(),
  limit: queryInteger.pipe(z.int().min(1).max(FEED_MAX_LIMIT)).optional(),
})
export type FeedQuery = z.output<typeof FeedQuery>

export const FeedCursor = z.object({ since: EpochMs, after: z.string() })
export type FeedCursor = z.infer<typeof FeedCursor>

export function feedEntrySchema<Record extends z.ZodType>(record: Record) {
  return z.discriminatedUnion('deleted', [
    z.object({ id: Id, modifiedAt: EpochMs, deleted: z.literal(false), record }),
    z.object({ id: Id, modifiedAt: EpochMs, deleted: z.literal(true) }),
  ])
}

/**
 * One page of a change feed. `nextCursor` is null when this page was the last one; the client then
 * keeps the last entry's (modifiedAt, id) as its cursor for the next incremental sync.
 */
export function feedPageSchema<Record extends z.ZodType>(record: Record) {
  return z.object({ items: z.array(feedEntrySchema(record)), nextCursor: FeedCursor.nullable() })
}

export type FeedEntry<Record> =
  | { id: string; modifiedAt: number; deleted: false; record: Record }
  | { id: string; modifiedAt: number; deleted: true }
export interface FeedPage<Record> {
  items: FeedEntry<Record>[]
  nextCursor: FeedCursor | null
}

export const DealerParams = z.strictObject({ dealerId: Id })
export const DealerRecordParams = z.strictObject({ dealerId: Id, id: Id })

/** `from`/`to` period in epoch ms, `to` exclusive. */
export const PeriodQuery = z.strictObject({ from: queryInteger, to: queryInteger })

/** A ship-to address of the dealer. */
export const Address = z.object({
  id: Id,
  contact: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  line: z.string(),
  isDefault: z.boolean(),
})
export type Address = z.infer<typeof Address>

/** One step of a document's life cycle. */
export const StatusChange = z.object({
  status: z.string(),
  at: EpochMs,
  note: z.string().nullable(),
})

export { queryInteger }
