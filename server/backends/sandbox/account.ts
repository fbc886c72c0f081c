/**
 * Account views (balances, transaction pages, statements) and the operator's money actions
 * (top-up, rebate grant, credit limit, credit settlement). Statement per account type:
 * opening = Σ amount before `from`; closing = opening + Σ movements in [from, to).
 */
import type {
  AccountType,
  Balances,
  Statement,
  TransactionPage,
  TransactionsQuery,
} from '../../../shared/api'
import { ACCOUNT_TYPE_VALUES } from '../../../shared/api'
import { sumFen } from '../../../shared/domain'
import type { SandboxContext } from './context'
import type { Dealers } from './dealers'
import { TRANSACTION_COLUMNS, transactionFromRow, type Ledger } from './ledger'

export type Account = ReturnType<typeof createAccount>

export function createAccount(ctx: SandboxContext, deps: { ledger: Ledger; dealers: Dealers }) {
  const { db } = ctx
  const { ledger, dealers } = deps

  function balances(dealerId: string): Balances {
    return ledger.balances(dealerId, dealers.rebateRule(dealerId), dealers.creditTerms(dealerId))
  }

  function transactions(dealerId: string, query: TransactionsQuery): TransactionPage {
    const conditions = ['dealer_id = ?']
    const params: (string | number)[] = [dealerId]
    const add = (condition: string, value: string | number | undefined) => {
      if (value === undefined) return
      conditions.push(condition)
      params.push(value)
    }
    add('at >= ?', query.from)
    add('at < ?', query.to)
    add('type = ?', query.type)
    add('account_type = ?', query.accountType)
    add('id > ?', query.after)
    const limit = query.limit ?? 500
    const rows = db.all(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT ?`,
      [...params, limit + 1],
    )
    const items = rows.slice(0, limit).map(transactionFromRow)
    return { items, nextAfter: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null }
  }

  function statement(dealerId: string, from: number, to: number): Statement {
    const accounts = ACCOUNT_TYPE_VALUES.map((accountType: AccountType) => {
      const opening =
        db.get<{ total: number | null }>(
          'SELECT SUM(amount) AS total FROM transactions WHERE dealer_id = ? AND account_type = ? AND at < ?',
          [dealerId, accountType, from],
        )?.total ?? 0
      const movements = db
        .all(
          `SELECT ${TRANSACTION_COLUMNS} FROM transactions
           WHERE dealer_id = ? AND account_type = ? AND at >= ? AND at < ? ORDER BY id`,
          [dealerId, accountType, from, to],
        )
        .map(transactionFromRow)
      const amounts = movements.map((movement) => movement.amount)
      return {
        accountType,
        opening,
        movements,
        closing: opening + sumFen(amounts),
        totalIn: sumFen(amounts.filter((amount) => amount > 0)),
        totalOut: -sumFen(amounts.filter((amount) => amount < 0)),
      }
    })
    return { from, to, dealerId, accounts }
  }

  function topUp(dealerId: string, amount: number, note: string | null): Balances {
    db.transaction(() => {
      ledger.post(dealerId, {
        accountType: 'deposit',
        type: 'topUp',
        amount,
        document: {
          documentType: 'topUp',
          documentId: null,
          documentNumber: ctx.nextDocumentNumber('TX'),
        },
        note,
      })
    })
    ctx.changed()
    return balances(dealerId)
  }

  function grantRebate(dealerId: string, amount: number, note: string | null): Balances {
    db.transaction(() => {
      ledger.post(dealerId, {
        accountType: 'rebate',
        type: 'rebateGrant',
        amount,
        document: {
          documentType: 'rebateGrant',
          documentId: null,
          documentNumber: ctx.nextDocumentNumber('TX'),
        },
        note,
      })
    })
    ctx.changed()
    return balances(dealerId)
  }

  function setCreditLimit(dealerId: string, limit: number, note: string | null): Balances {
    db.transaction(() => ledger.setCreditLimit(dealerId, limit, note))
    ctx.changed()
    return balances(dealerId)
  }

  /** The dealer paid its credit bill: occupancy released (at most what is occupied). */
  function settleCredit(dealerId: string, amount: number, note: string | null): Balances {
    db.transaction(() => {
      const occupied = ledger.account(dealerId, 'credit').balance
      ledger.post(dealerId, {
        accountType: 'credit',
        type: 'creditRelease',
        amount: -Math.min(amount, occupied),
        document: {
          documentType: 'settlement',
          documentId: null,
          documentNumber: ctx.nextDocumentNumber('TX'),
        },
        note,
      })
    })
    ctx.changed()
    return balances(dealerId)
  }

  return { balances, transactions, statement, topUp, grantRebate, setCreditLimit, settleCredit }
}
