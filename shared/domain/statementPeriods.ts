/**
 * The rules of statement periods (对账确认), shared by every gateway backend and the app: which
 * status allows what, the snapshot an issue takes, and what changed since then. The life cycle is
 * documented in shared/api/statementPeriods.ts.
 */
import type { DomainError } from './errors'

type Status = 'issued' | 'confirmed' | 'disputed' | 'resolved'
type AccountType = 'deposit' | 'rebate' | 'credit'

interface Movement {
  id: string
  accountType: AccountType
  amount: number
}

export interface PeriodEntry {
  transactionId: string
  accountType: AccountType
  amount: number
}

export interface PeriodTotals {
  accountType: AccountType
  opening: number
  closing: number
  totalIn: number
  totalOut: number
}

/** A statement (opening, movements, closing per account type) as issued: totals and entries. */
export function snapshotStatement(statement: {
  accounts: readonly (PeriodTotals & { movements: readonly Movement[] })[]
}): { totals: PeriodTotals[]; entries: PeriodEntry[] } {
  return {
    totals: statement.accounts.map(({ accountType, opening, closing, totalIn, totalOut }) => ({
      accountType,
      opening,
      closing,
      totalIn,
      totalOut,
    })),
    entries: statement.accounts.flatMap((account) =>
      account.movements.map((movement) => ({
        transactionId: movement.id,
        accountType: movement.accountType,
        amount: movement.amount,
      })),
    ),
  }
}

export interface StatementChanges {
  /** Entries in the period now that were not when it was issued. */
  added: string[]
  /** Entries issued that are no longer in the period. */
  removed: string[]
  /** Entries whose amount or account changed. */
  changed: string[]
}

export function statementChanges(
  issued: readonly PeriodEntry[],
  current: readonly PeriodEntry[],
): StatementChanges {
  const before = new Map(issued.map((entry) => [entry.transactionId, entry]))
  const now = new Map(current.map((entry) => [entry.transactionId, entry]))
  const added = [...now.keys()].filter((id) => !before.has(id))
  const removed = [...before.keys()].filter((id) => !now.has(id))
  const changed = [...now.values()]
    .filter((entry) => {
      const old = before.get(entry.transactionId)
      return old && (old.amount !== entry.amount || old.accountType !== entry.accountType)
    })
    .map((entry) => entry.transactionId)
  return { added, removed, changed }
}

export function hasChanges(changes: StatementChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length > 0
}

/** The `statement.changedSinceIssued` error of a set of changes (ids listed up to 50). */
export function changedSinceIssued(changes: StatementChanges): DomainError {
  const ids = [...changes.added, ...changes.removed, ...changes.changed]
  return {
    code: 'statement.changedSinceIssued',
    params: {
      added: changes.added.length,
      removed: changes.removed.length,
      changed: changes.changed.length,
      transactionIds: ids.slice(0, 50).join(','),
    },
  }
}

export const isConfirmable = (status: Status) => status === 'issued' || status === 'resolved'
export const isDisputable = (status: Status) => status === 'issued' || status === 'resolved'

/** Why the dealer may not confirm, or null. `changes` = current entries against the issued ones. */
export function confirmProblem(status: Status, changes: StatementChanges): DomainError | null {
  if (!isConfirmable(status)) return { code: 'statement.notConfirmable', params: { status } }
  return hasChanges(changes) ? changedSinceIssued(changes) : null
}

/** Why the dispute is refused, or null: status, entries not issued in the period, duplicates. */
export function disputeProblem(
  status: Status,
  issued: readonly PeriodEntry[],
  entries: readonly { transactionId: string }[],
): DomainError | null {
  if (!isDisputable(status)) return { code: 'statement.notDisputable', params: { status } }
  const known = new Set(issued.map((entry) => entry.transactionId))
  const seen = new Set<string>()
  for (const { transactionId } of entries) {
    if (!known.has(transactionId))
      return { code: 'statement.entryNotInPeriod', params: { transactionId } }
    if (seen.has(transactionId))
      return { code: 'statement.duplicateEntry', params: { transactionId } }
    seen.add(transactionId)
  }
  return null
}

/** Why the manufacturer may not resolve, or null. */
export function resolveProblem(status: Status): DomainError | null {
  return status === 'disputed' ? null : { code: 'statement.notDisputed', params: { status } }
}

/** Why the manufacturer may not (re-)issue, or null: a confirmed period is final. */
export function issueProblem(status: Status | null): DomainError | null {
  return status === 'confirmed' ? { code: 'statement.alreadyConfirmed' } : null
}
