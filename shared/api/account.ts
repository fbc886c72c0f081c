/**
 * Customer account (客户账户): balances, the transaction flow (收支流水) and statements (对账单).
 *
 * Flow semantics (per account type, Σ amount of all transactions = the booked figure):
 * - deposit, rebate: `amount` changes the booked balance; reservations and releases move money
 *   between available and locked only, so their `amount` is 0 and `lockedChange` carries the sum.
 *   available = balance − locked.
 * - credit: the booked figure is `occupied`; creditOccupation is +, creditRelease is −.
 *   available = limit − occupied; a limit change is an `adjustment` with amount 0.
 */
import { z } from 'zod'
import { EpochMs, Fen, Id, NonNegativeFen, queryInteger } from './common'
import { RebateRule } from './orders'

export const ACCOUNT_TYPE_VALUES = ['deposit', 'rebate', 'credit'] as const
export const AccountType = z.enum(ACCOUNT_TYPE_VALUES)
export type AccountType = z.infer<typeof AccountType>

export const TRANSACTION_TYPE_VALUES = [
  'topUp',
  'orderReservation',
  'orderDeduction',
  'release',
  'refund',
  'rebateGrant',
  'rebateUse',
  'creditOccupation',
  'creditRelease',
  'adjustment',
] as const
export const TransactionType = z.enum(TRANSACTION_TYPE_VALUES)
export type TransactionType = z.infer<typeof TransactionType>

export const Balances = z.object({
  asOf: EpochMs,
  deposit: z.object({ balance: Fen, available: Fen, locked: NonNegativeFen }),
  rebate: z.object({
    balance: Fen,
    available: Fen,
    locked: NonNegativeFen,
    rule: RebateRule.nullable(),
  }),
  credit: z.object({
    limit: NonNegativeFen,
    occupied: NonNegativeFen,
    available: Fen,
    terms: z.object({
      days: z.int().nonnegative(),
      descriptionZh: z.string(),
      descriptionEn: z.string(),
    }),
  }),
})
export type Balances = z.infer<typeof Balances>

export const DocumentType = z.enum([
  'order',
  'delivery',
  'return',
  'topUp',
  'rebateGrant',
  'creditLimit',
  'settlement',
  'adjustment',
])

export const Transaction = z.object({
  /** Increasing with time: ordering by id is chronological. */
  id: Id,
  at: EpochMs,
  accountType: AccountType,
  type: TransactionType,
  /** Signed change of the booked figure (see the module comment), fen. */
  amount: Fen,
  /** Signed change of the locked amount (deposit/rebate reservations), fen. */
  lockedChange: Fen,
  balanceAfter: Fen,
  availableAfter: Fen,
  documentType: DocumentType.nullable(),
  documentId: Id.nullable(),
  documentNumber: z.string().nullable(),
  note: z.string().nullable(),
})
export type Transaction = z.infer<typeof Transaction>

export const TransactionsQuery = z.strictObject({
  from: queryInteger.optional(),
  to: queryInteger.optional(),
  type: TransactionType.optional(),
  accountType: AccountType.optional(),
  after: z.string().max(64).optional(),
  limit: queryInteger.pipe(z.int().min(1).max(5000)).optional(),
})
export type TransactionsQuery = z.output<typeof TransactionsQuery>

/** Oldest first; `nextAfter` is the `after` for the next page, null on the last page. */
export const TransactionPage = z.object({ items: z.array(Transaction), nextAfter: Id.nullable() })
export type TransactionPage = z.infer<typeof TransactionPage>

export const StatementAccount = z.object({
  accountType: AccountType,
  opening: Fen,
  movements: z.array(Transaction),
  /** opening + Σ movements.amount */
  closing: Fen,
  totalIn: NonNegativeFen,
  totalOut: NonNegativeFen,
})

/** Period [from, to) in epoch ms. */
export const Statement = z.object({
  from: EpochMs,
  to: EpochMs,
  dealerId: Id,
  accounts: z.array(StatementAccount),
})
export type Statement = z.infer<typeof Statement>
