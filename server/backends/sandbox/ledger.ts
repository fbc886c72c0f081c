/**
 * The customer account and its transaction flow (收支流水); see shared/api/account.ts for the
 * meaning of amount / lockedChange per account type. Invariant, per dealer and account type:
 * Σ transactions.amount = accounts.balance and Σ lockedChange = accounts.locked. Every change to
 * an account goes through `post`, which writes the row with balance-after and available-after.
 */
import type { AccountType, Balances, Transaction, TransactionType } from '../../../shared/api'
import type { SandboxContext } from './context'

export interface DocumentRef {
  documentType: NonNullable<Transaction['documentType']>
  documentId: string | null
  documentNumber: string | null
}

export interface Posting {
  accountType: AccountType
  type: TransactionType
  /** Signed fen change of the booked figure (credit: occupied). */
  amount: number
  /** Signed fen change of the locked amount (deposit/rebate only). */
  lockedChange?: number
  document?: DocumentRef
  note?: string | null
}

interface AccountRow {
  balance: number
  locked: number
  credit_limit: number
}

export type Ledger = ReturnType<typeof createLedger>

export function createLedger(ctx: SandboxContext) {
  const { db } = ctx

  function account(dealerId: string, accountType: AccountType): AccountRow {
    const row = db.get<AccountRow>(
      'SELECT balance, locked, credit_limit FROM accounts WHERE dealer_id = ? AND account_type = ?',
      [dealerId, accountType],
    )
    if (!row) throw new Error(`no ${accountType} account for ${dealerId}`)
    return row
  }

  function available(accountType: AccountType, row: AccountRow): number {
    return accountType === 'credit' ? row.credit_limit - row.balance : row.balance - row.locked
  }

  function post(dealerId: string, posting: Posting): void {
    const lockedChange = posting.lockedChange ?? 0
    if (posting.amount === 0 && lockedChange === 0 && posting.type !== 'adjustment') return
    const before = account(dealerId, posting.accountType)
    const after = {
      ...before,
      balance: before.balance + posting.amount,
      locked: before.locked + lockedChange,
    }
    db.run('UPDATE accounts SET balance = ?, locked = ? WHERE dealer_id = ? AND account_type = ?', [
      after.balance,
      after.locked,
      dealerId,
      posting.accountType,
    ])
    db.run(
      `INSERT INTO transactions (id, dealer_id, at, account_type, type, amount, locked_change, balance_after,
         available_after, document_type, document_id, document_number, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        ctx.nextId('tx', 10),
        dealerId,
        ctx.now(),
        posting.accountType,
        posting.type,
        posting.amount,
        lockedChange,
        after.balance,
        available(posting.accountType, after),
        posting.document?.documentType ?? null,
        posting.document?.documentId ?? null,
        posting.document?.documentNumber ?? null,
        posting.note ?? null,
      ],
    )
  }

  function setCreditLimit(dealerId: string, limit: number, note: string | null): void {
    db.run("UPDATE accounts SET credit_limit = ? WHERE dealer_id = ? AND account_type = 'credit'", [
      limit,
      dealerId,
    ])
    post(dealerId, {
      accountType: 'credit',
      type: 'adjustment',
      amount: 0,
      document: { documentType: 'creditLimit', documentId: null, documentNumber: null },
      note: note ?? `credit limit ${limit}`,
    })
  }

  function capacity(dealerId: string) {
    const deposit = account(dealerId, 'deposit')
    const rebate = account(dealerId, 'rebate')
    const credit = account(dealerId, 'credit')
    return {
      depositAvailable: Math.max(0, available('deposit', deposit)),
      rebateAvailable: Math.max(0, available('rebate', rebate)),
      creditAvailable: Math.max(0, available('credit', credit)),
    }
  }

  function balances(
    dealerId: string,
    rule: Balances['rebate']['rule'],
    terms: Balances['credit']['terms'],
  ): Balances {
    const deposit = account(dealerId, 'deposit')
    const rebate = account(dealerId, 'rebate')
    const credit = account(dealerId, 'credit')
    return {
      asOf: ctx.now(),
      deposit: {
        balance: deposit.balance,
        available: available('deposit', deposit),
        locked: deposit.locked,
      },
      rebate: {
        balance: rebate.balance,
        available: available('rebate', rebate),
        locked: rebate.locked,
        rule,
      },
      credit: {
        limit: credit.credit_limit,
        occupied: credit.balance,
        available: available('credit', credit),
        terms,
      },
    }
  }

  return { account, post, setCreditLimit, capacity, balances }
}

export const TRANSACTION_COLUMNS =
  'id, at, account_type, type, amount, locked_change, balance_after, available_after, document_type, document_id, document_number, note'

export function transactionFromRow(row: Record<string, unknown>): Transaction {
  return {
    id: row.id as string,
    at: row.at as number,
    accountType: row.account_type as AccountType,
    type: row.type as TransactionType,
    amount: row.amount as number,
    lockedChange: row.locked_change as number,
    balanceAfter: row.balance_after as number,
    availableAfter: row.available_after as number,
    documentType: (row.document_type as Transaction['documentType']) ?? null,
    documentId: (row.document_id as string | null) ?? null,
    documentNumber: (row.document_number as string | null) ?? null,
    note: (row.note as string | null) ?? null,
  }
}
