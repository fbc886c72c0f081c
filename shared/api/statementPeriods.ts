/**
 * Statement periods (对账确认): the manufacturer issues a month's statement, the dealer's
 * accountant confirms it or disputes it line by line, the manufacturer resolves the dispute.
 *
 * Life cycle (shared/domain/statementPeriods.ts holds the rules):
 * - `issued` (by the manufacturer: the period's entries and totals are snapshotted);
 * - `issued` | `resolved` → `confirmed` by confirm, refused with `statement.changedSinceIssued`
 *   when the period's entries differ from the snapshot (the manufacturer re-issues first);
 * - `issued` | `resolved` → `disputed` by dispute (a general note and any number of entries of the
 *   snapshot, each with its own note);
 * - `disputed` → `resolved` by the manufacturer, with a resolution note (the snapshot is taken
 *   again: a resolution may correct entries);
 * - re-issuing a period that is not confirmed takes a new snapshot and starts again at `issued`;
 *   a confirmed period is final.
 * Periods are Beijing-time calendar months `YYYY-MM`, [from, to) in epoch ms.
 */
import { z } from 'zod'
import { AccountType } from './account'
import { EpochMs, Fen, Id, NonNegativeFen } from './common'

export const STATEMENT_PERIOD_STATUS_VALUES = [
  'issued',
  'confirmed',
  'disputed',
  'resolved',
] as const
export const StatementPeriodStatus = z.enum(STATEMENT_PERIOD_STATUS_VALUES)
export type StatementPeriodStatus = z.infer<typeof StatementPeriodStatus>

/** `2026-11`. */
export const PeriodKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')

export const StatementPeriodTotals = z.object({
  accountType: AccountType,
  opening: Fen,
  closing: Fen,
  totalIn: NonNegativeFen,
  totalOut: NonNegativeFen,
})
export type StatementPeriodTotals = z.infer<typeof StatementPeriodTotals>

/** One movement of the period as it was when the statement was issued. */
export const IssuedEntry = z.object({ transactionId: Id, accountType: AccountType, amount: Fen })
export type IssuedEntry = z.infer<typeof IssuedEntry>

export const DisputedEntry = z.object({ transactionId: Id, note: z.string() })
export type DisputedEntry = z.infer<typeof DisputedEntry>

export const StatementPeriod = z.object({
  period: PeriodKey,
  status: StatementPeriodStatus,
  from: EpochMs,
  to: EpochMs,
  /** Per account type, as issued. */
  totals: z.array(StatementPeriodTotals),
  /** The period's movements as issued (what confirm compares with the current ledger). */
  entries: z.array(IssuedEntry),
  issuedBy: z.string(),
  issuedAt: EpochMs,
  confirmedBy: z.string().nullable(),
  confirmedAt: EpochMs.nullable(),
  disputedBy: z.string().nullable(),
  disputedAt: EpochMs.nullable(),
  disputeNote: z.string().nullable(),
  disputedEntries: z.array(DisputedEntry),
  resolvedBy: z.string().nullable(),
  resolvedAt: EpochMs.nullable(),
  resolution: z.string().nullable(),
  modifiedAt: EpochMs,
})
export type StatementPeriod = z.infer<typeof StatementPeriod>

/** Newest period first. */
export const StatementPeriodList = z.object({ items: z.array(StatementPeriod) })
export type StatementPeriodList = z.infer<typeof StatementPeriodList>

export const StatementPeriodParams = z.strictObject({ dealerId: Id, period: PeriodKey })

const NOTE_MAX = 1000

export const DisputeStatementRequest = z.strictObject({
  /** What the dealer disputes, in general. */
  note: z.string().trim().min(1).max(NOTE_MAX),
  entries: z
    .array(z.strictObject({ transactionId: Id, note: z.string().trim().max(NOTE_MAX).default('') }))
    .max(1000)
    .default([]),
})
export type DisputeStatementRequest = z.input<typeof DisputeStatementRequest>

export const ConfirmStatementRequest = z.strictObject({})
export type ConfirmStatementRequest = z.infer<typeof ConfirmStatementRequest>

/** The manufacturer's side (sandbox operator, gateway CLI). */
export const ResolveStatementRequest = z.strictObject({
  resolution: z.string().trim().min(1).max(NOTE_MAX),
})
