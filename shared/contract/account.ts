/**
 * Bridge schemas of the account area: cached balances, the cached transaction flow (filtered,
 * paged), the statement of a period computed from the cached flow (reconciled, and cross-checked
 * with the gateway when online), and exports of the flow / statement to XLSX or CSV.
 * Money is integer fen, times epoch ms; periods are [from, to).
 */
import { z } from 'zod'
import { EpochMs, Fen, Id, NonNegativeFen } from '../api/common'
import { AccountType, Balances, Transaction, TransactionType } from '../api/account'
import { defineMethod } from './define'
import { ExportedFile } from './orders'
import { Language } from './schemas'

export const TransactionFilter = z.strictObject({
  accountType: AccountType.optional(),
  type: TransactionType.optional(),
  /** At or after (inclusive). */
  from: EpochMs.optional(),
  /** Before (exclusive). */
  to: EpochMs.optional(),
})
export type TransactionFilter = z.infer<typeof TransactionFilter>

export const TransactionListRequest = TransactionFilter.extend({
  offset: z.int().min(0).max(10_000_000).default(0),
  limit: z.int().min(1).max(5000).default(200),
})
export type TransactionListRequest = z.input<typeof TransactionListRequest>

/** Newest first. */
export const TransactionListPage = z.object({
  total: z.int().nonnegative(),
  items: z.array(Transaction),
})
export type TransactionListPage = z.infer<typeof TransactionListPage>

export const StatementPeriodRequest = z
  .strictObject({ from: EpochMs, to: EpochMs })
  .refine((period) => period.to > period.from, { message: 'account.periodInvalid', path: ['to'] })
export type StatementPeriodRequest = z.infer<typeof StatementPeriodRequest>

export const StatementMismatch = z.object({ transactionId: Id, expected: Fen, actual: Fen })

export const StatementAccountView = z.object({
  accountType: AccountType,
  opening: Fen,
  movements: z.array(Transaction),
  closing: Fen,
  totalIn: NonNegativeFen,
  totalOut: NonNegativeFen,
  /** opening + Σ movements = closing and every balanceAfter follows from the one before. */
  reconciled: z.boolean(),
  mismatches: z.array(StatementMismatch),
})
export type StatementAccountView = z.infer<typeof StatementAccountView>

export const StatementDifference = z.object({
  accountType: z.string(),
  field: z.enum(['opening', 'closing', 'totalIn', 'totalOut', 'movements']),
  local: z.number(),
  remote: z.number(),
})

export const StatementView = z.object({
  from: EpochMs,
  to: EpochMs,
  accounts: z.array(StatementAccountView),
  reconciled: z.boolean(),
  /**
   * The gateway's statement of the same period: `matches` (no difference), `differs` (see
   * `differences`), or `unavailable` (offline, or the gateway refused): the view is the local copy.
   */
  crossCheck: z.object({
    state: z.enum(['matches', 'differs', 'unavailable']),
    differences: z.array(StatementDifference),
  }),
})
export type StatementView = z.infer<typeof StatementView>

export const AccountExportRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('flow'),
    format: z.enum(['xlsx', 'csv']),
    language: Language,
    filter: TransactionFilter.default({}),
  }),
  z.strictObject({
    kind: z.literal('statement'),
    format: z.enum(['xlsx', 'csv']),
    language: Language,
    period: StatementPeriodRequest,
  }),
])
export type AccountExportRequest = z.input<typeof AccountExportRequest>

export const accountMethods = {
  /** The cached balances; null before the first sync. */
  balances: defineMethod(z.undefined(), Balances.nullable()),
  transactions: defineMethod(TransactionListRequest, TransactionListPage),
  statement: defineMethod(StatementPeriodRequest, StatementView),
  export: defineMethod(AccountExportRequest, ExportedFile),
}
