/**
 * The account area over the signed-in dealer's cache: balances, the transaction flow (filtered,
 * paged, newest first), statements computed from the cached flow (shared/domain/statement) and
 * cross-checked with the gateway's statement when it answers, and exports of both.
 *
 * Errors (PortalError codes): session.signedOut (no dealer cache open), auth.forbidden (the
 * flow, statements and exports are for accountants and admins; the gateway refuses orderers too),
 * account.periodInvalid (a period whose end is not after its start).
 */
import {
  ACCOUNT_TYPE_VALUES,
  type Balances,
  type Role,
  type Statement,
  type Transaction,
} from '../../../shared/api'
import type { Language } from '../../../shared/contract'
import type {
  AccountExportRequest,
  StatementView,
  TransactionFilter,
  TransactionListPage,
} from '../../../shared/contract/account'
import type { ExportedFile } from '../../../shared/contract/orders'
import { PortalError } from '../../../shared/contract/result'
import { buildStatement, compareStatements } from '../../../shared/domain/statement'
import type { Translate } from '../../../shared/i18n/translate'
import type { CacheDatabase } from '../cache/cacheDatabase'
import {
  flowCsv,
  flowXlsx,
  statementCsv,
  statementXlsx,
  accountExportFileName,
} from './accountExport'

export interface AccountDependencies {
  /** The signed-in dealer's cache, or null when signed out. */
  database(): CacheDatabase | null
  /** The signed-in dealer and the user's roles for it. */
  dealer(): { dealerId: string; roles: readonly Role[] } | null
  /** The gateway's statement of [from, to); rejects when offline or refused. */
  remoteStatement(dealerId: string, from: number, to: number): Promise<Statement>
  translator(language: Language): Translate
  clock?: () => number
}

export interface AccountService {
  balances(): Promise<Balances | null>
  transactions(
    request: TransactionFilter & { offset: number; limit: number },
  ): Promise<TransactionListPage>
  statement(period: { from: number; to: number }): Promise<StatementView>
  export(request: AccountExportRequest): Promise<ExportedFile>
}

/** Newest first; the cache's transaction ids increase with time. */
function where(filter: TransactionFilter): { sql: string; params: (string | number)[] } {
  const conditions: string[] = []
  const params: (string | number)[] = []
  const add = (condition: string, value: string | number | undefined) => {
    if (value === undefined) return
    conditions.push(condition)
    params.push(value)
  }
  add('account_type = ?', filter.accountType)
  add('type = ?', filter.type)
  add('at >= ?', filter.from)
  add('at < ?', filter.to)
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

export function createAccountService(deps: AccountDependencies): AccountService {
  const clock = deps.clock ?? Date.now

  function open(accounting: boolean): { db: CacheDatabase; dealerId: string } {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    if (accounting && !dealer.roles.some((role) => role === 'accountant' || role === 'admin'))
      throw new PortalError('auth.forbidden')
    return { db, dealerId: dealer.dealerId }
  }

  async function flow(
    db: CacheDatabase,
    filter: TransactionFilter,
    page?: { offset: number; limit: number },
  ): Promise<Transaction[]> {
    const { sql, params } = where(filter)
    const paging = page ? ' LIMIT ? OFFSET ?' : ''
    const rows = await db.all<{ record: string }>(
      `SELECT record FROM transactions ${sql} ORDER BY at DESC, id DESC${paging}`,
      page ? [...params, page.limit, page.offset] : params,
    )
    return rows.map((row) => JSON.parse(row.record) as Transaction)
  }

  /** The movements of [from, to) plus, per account type, the last one before (for the opening). */
  async function localStatement(db: CacheDatabase, from: number, to: number) {
    if (!(to > from)) throw new PortalError('account.periodInvalid')
    const rows = await db.all<{ record: string }>(
      'SELECT record FROM transactions WHERE at >= ? AND at < ? ORDER BY at, id',
      [from, to],
    )
    for (const accountType of ACCOUNT_TYPE_VALUES) {
      const before = await db.get<{ record: string }>(
        'SELECT record FROM transactions WHERE account_type = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1',
        [accountType, from],
      )
      if (before) rows.push(before)
    }
    return buildStatement(
      rows.map((row) => JSON.parse(row.record) as Transaction),
      { from, to },
    )
  }

  return {
    async balances() {
      const { db } = open(false)
      const row = await db.get<{ record: string }>('SELECT record FROM balances WHERE id = 1')
      return row ? (JSON.parse(row.record) as Balances) : null
    },

    async transactions(request) {
      const { db } = open(true)
      const { offset, limit, ...filter } = request
      const { sql, params } = where(filter)
      const total =
        (
          await db.get<{ count: number }>(
            `SELECT COUNT(*) AS count FROM transactions ${sql}`,
            params,
          )
        )?.count ?? 0
      return { total, items: await flow(db, filter, { offset, limit }) }
    },

    async statement({ from, to }) {
      const { db, dealerId } = open(true)
      const local = await localStatement(db, from, to)
      let crossCheck: StatementView['crossCheck'] = { state: 'unavailable', differences: [] }
      try {
        const remote = await deps.remoteStatement(dealerId, from, to)
        const differences = compareStatements(local, remote)
        crossCheck = { state: differences.length ? 'differs' : 'matches', differences }
      } catch {
        // Offline or refused: the local copy stands, labelled as such by the view.
      }
      return { ...local, crossCheck }
    },

    async export(request) {
      const { db } = open(true)
      const t = deps.translator(request.language)
      const format = request.format
      let content: Buffer
      if (request.kind === 'flow') {
        const items = await flow(db, request.filter ?? {})
        content = format === 'csv' ? flowCsv(items, t) : await flowXlsx(items, t)
      } else {
        const statement = await localStatement(db, request.period.from, request.period.to)
        content = format === 'csv' ? statementCsv(statement, t) : await statementXlsx(statement, t)
      }
      return {
        fileName: accountExportFileName(request.kind, format, clock(), t),
        contentBase64: content.toString('base64'),
      }
    },
  }
}
