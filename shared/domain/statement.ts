/**
 * Statements (对账单) computed from the transaction flow, and their reconciliation.
 *
 * Per account type the booked figure is the deposit / rebate balance, or the credit `occupied`
 * (see shared/api/account.ts): every transaction's `amount` is the signed change of that figure
 * (fen) and `balanceAfter` the figure after it. A period is [from, to) in epoch ms.
 *
 * opening = balanceAfter − amount of the first movement in the period, else the last balanceAfter
 * before the period, else 0. closing = opening + Σ amount. The statement reconciles when every
 * movement's balanceAfter equals the running figure (no gap in the flow) and the closing equals
 * the last movement's balanceAfter.
 */
import { sumFen } from './money'
import { chinaDateParts, chinaMidnight } from './chinaTime'

export const STATEMENT_ACCOUNT_TYPES = ['deposit', 'rebate', 'credit'] as const
export type StatementAccountType = (typeof STATEMENT_ACCOUNT_TYPES)[number]

/** The fields of a Portal API Transaction the statement needs (structural: any Transaction fits). */
export interface StatementMovementInput {
  id: string
  at: number
  accountType: StatementAccountType
  amount: number
  balanceAfter: number
}

export interface StatementPeriod {
  /** Inclusive, epoch ms. */
  from: number
  /** Exclusive, epoch ms. */
  to: number
}

export interface StatementMismatch {
  /** The movement whose balanceAfter breaks the chain. */
  transactionId: string
  expected: number
  actual: number
}

export interface StatementAccountView<T> {
  accountType: StatementAccountType
  opening: number
  movements: T[]
  closing: number
  totalIn: number
  totalOut: number
  reconciled: boolean
  mismatches: StatementMismatch[]
}

export interface StatementView<T> extends StatementPeriod {
  accounts: StatementAccountView<T>[]
  reconciled: boolean
}

const byTimeThenId = (a: StatementMovementInput, b: StatementMovementInput) =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

function accountStatement<T extends StatementMovementInput>(
  accountType: StatementAccountType,
  all: readonly T[],
  period: StatementPeriod,
): StatementAccountView<T> {
  const flow = all.filter((movement) => movement.accountType === accountType).sort(byTimeThenId)
  const movements = flow.filter((movement) => movement.at >= period.from && movement.at < period.to)
  const before = flow.filter((movement) => movement.at < period.from).at(-1)
  const first = movements[0]
  const opening = first ? first.balanceAfter - first.amount : (before?.balanceAfter ?? 0)
  const amounts = movements.map((movement) => movement.amount)
  const closing = opening + sumFen(amounts)
  const mismatches: StatementMismatch[] = []
  // The opening derived from the first movement must agree with the flow before the period.
  if (first && before && before.balanceAfter !== opening) {
    mismatches.push({
      transactionId: first.id,
      expected: before.balanceAfter + first.amount,
      actual: first.balanceAfter,
    })
  }
  let running = opening
  for (const movement of movements) {
    running += movement.amount
    if (movement.balanceAfter !== running) {
      mismatches.push({
        transactionId: movement.id,
        expected: running,
        actual: movement.balanceAfter,
      })
      running = movement.balanceAfter
    }
  }
  return {
    accountType,
    opening,
    movements,
    closing,
    totalIn: sumFen(amounts.filter((amount) => amount > 0)),
    totalOut: 0 - sumFen(amounts.filter((amount) => amount < 0)),
    reconciled: mismatches.length === 0,
    mismatches,
  }
}

/** The statement of [from, to) for every account type, from the (cached) transaction flow. */
export function buildStatement<T extends StatementMovementInput>(
  transactions: readonly T[],
  period: StatementPeriod,
): StatementView<T> {
  if (!(period.to > period.from))
    throw new RangeError('statement period: `to` must be after `from`')
  const accounts = STATEMENT_ACCOUNT_TYPES.map((accountType) =>
    accountStatement(accountType, transactions, period),
  )
  return { ...period, accounts, reconciled: accounts.every((account) => account.reconciled) }
}

export interface StatementFigures {
  accountType: string
  opening: number
  closing: number
  totalIn: number
  totalOut: number
  movements: readonly { id: string }[]
}

/** Where two statements of the same period disagree (e.g. the local copy and the gateway's). */
export function compareStatements(
  local: { accounts: readonly StatementFigures[] },
  remote: { accounts: readonly StatementFigures[] },
): {
  accountType: string
  field: 'opening' | 'closing' | 'totalIn' | 'totalOut' | 'movements'
  local: number
  remote: number
}[] {
  const differences: ReturnType<typeof compareStatements> = []
  for (const mine of local.accounts) {
    const theirs = remote.accounts.find((account) => account.accountType === mine.accountType)
    if (!theirs) continue
    for (const field of ['opening', 'closing', 'totalIn', 'totalOut'] as const) {
      if (mine[field] !== theirs[field])
        differences.push({
          accountType: mine.accountType,
          field,
          local: mine[field],
          remote: theirs[field],
        })
    }
    if (mine.movements.length !== theirs.movements.length) {
      differences.push({
        accountType: mine.accountType,
        field: 'movements',
        local: mine.movements.length,
        remote: theirs.movements.length,
      })
    }
  }
  return differences
}

export type StatementPeriodKind = 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'lastQuarter'

/** A calendar period in China time containing / before `now`. */
export function statementPeriod(kind: StatementPeriodKind, now: number): StatementPeriod {
  const { year, month: calendarMonth } = chinaDateParts(now)
  const month = calendarMonth - 1
  const quarterStart = month - (month % 3)
  switch (kind) {
    case 'thisMonth':
      return { from: chinaMidnight(year, month), to: chinaMidnight(year, month + 1) }
    case 'lastMonth':
      return { from: chinaMidnight(year, month - 1), to: chinaMidnight(year, month) }
    case 'thisQuarter':
      return { from: chinaMidnight(year, quarterStart), to: chinaMidnight(year, quarterStart + 3) }
    case 'lastQuarter':
      return { from: chinaMidnight(year, quarterStart - 3), to: chinaMidnight(year, quarterStart) }
  }
}
