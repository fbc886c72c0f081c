/**
 * Bridge schemas of the account area: cached balances, the cached transaction flow (filtered,
 * paged), the statement of a period computed from the cached flow (reconciled, and cross-checked
 * with the gateway when online), and exports of the flow / statement to XLSX or CSV.
 * Money is integer fen, times epoch ms; periods are [from, to).
 */
import { z } from 'zod'
import { EpochMs, Fen, Id, NonNegativeFen } from '../api/common'
import { AccountType, Balances, Transaction, TransactionType } from '../api/account'
import { PeriodKey, StatementPeriod } from '../api/statementPeriods'
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

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

/**
 * An issued statement period (对账确认) as the app shows it: the gateway's record from the cache,
 * what changed in the cached flow since it was issued (confirming is refused while anything did),
 * and a confirmation or dispute still in the outbox.
 */
export const StatementPeriodView = z.object({
  record: StatementPeriod,
  changes: z.object({
    added: z.array(Id),
    removed: z.array(Id),
    changed: z.array(Id),
  }),
  pending: z
    .object({
      kind: z.enum(['confirm', 'dispute']),
      state: z.enum(['pending', 'sending', 'failed']),
      error: ErrorData.nullable(),
    })
    .nullable(),
})
export type StatementPeriodView = z.infer<typeof StatementPeriodView>

export const ConfirmStatementInput = z.strictObject({ period: PeriodKey })
export type ConfirmStatementInput = z.infer<typeof ConfirmStatementInput>

export const DisputeStatementInput = z.strictObject({
  period: PeriodKey,
  note: z.string().max(1000),
  entries: z.array(z.strictObject({ transactionId: Id, note: z.string().max(1000) })).max(1000),
})
export type DisputeStatementInput = z.infer<typeof DisputeStatementInput>

/** How a confirmation or dispute went: sent now, waiting in the outbox, or refused (`error`). */
export const StatementActionOutcome = z.object({
  outboxId: Id,
  state: z.enum(['sent', 'pending', 'failed']),
  error: ErrorData.optional(),
})
export type StatementActionOutcome = z.infer<typeof StatementActionOutcome>

export const accountMethods = {
  /** The cached balances; null before the first sync. */
  balances: defineMethod(z.undefined(), Balances.nullable()),
  transactions: defineMethod(TransactionListRequest, TransactionListPage),
  statement: defineMethod(StatementPeriodRequest, StatementView),
  export: defineMethod(AccountExportRequest, ExportedFile),
  /** The issued statement periods, newest first (accountants and admins). */
  statementPeriods: defineMethod(z.undefined(), z.array(StatementPeriodView)),
  confirmStatement: defineMethod(ConfirmStatementInput, StatementActionOutcome),
  disputeStatement: defineMethod(DisputeStatementInput, StatementActionOutcome),
}
