/**
 * Statement confirmation (对账确认) over the signed-in dealer's cache: the issued periods (synced
 * into `statement_periods`), what changed in the cached flow since a period was issued, and the
 * dealer's confirm / dispute through the outbox (`statement.confirm` / `statement.dispute`,
 * payload { params: { period }, body }), sent at once when online and kept there when offline.
 *
 * Checked before anything is queued (the gateway checks again): the period is issued
 * (`statement.notIssued`), its status allows the action (`statement.notConfirmable`,
 * `statement.notDisputable`), a confirmation of a period whose cached flow has entries the issued
 * statement lacks or has different is refused (`statement.changedSinceIssued`), a dispute needs a
 * general note (`statement.noteRequired`) and entries of the issued statement, each once
 * (`statement.entryNotInPeriod`, `statement.duplicateEntry`). Also session.signedOut,
 * auth.forbidden (accountants and admins only), outbox.saveFailed / outbox.unreadable.
 */
import type {
  DisputeStatementRequest,
  Role,
  StatementPeriod,
  Transaction,
} from '../../../shared/api'
import type {
  DisputeStatementInput,
  StatementActionOutcome,
  StatementPeriodView,
} from '../../../shared/contract/account'
import { PortalError } from '../../../shared/contract/result'
import {
  confirmProblem,
  disputeProblem,
  statementChanges,
  type PeriodEntry,
  type StatementChanges,
} from '../../../shared/domain/statementPeriods'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox, OutboxItem, OutboxKind, SendOutcome } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { isUnsent, unsentRowState } from '../outbox/unsent'

export interface StatementPeriodsDependencies {
  database(): CacheDatabase | null
  dealer(): { dealerId: string; roles: readonly Role[]; serverKey?: string } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'resubmit' | 'discard'>
  /** Sends what waits in the outbox now, then syncs what it changed (core's sendOutbox). */
  sendOutbox(): Promise<void>
}

export interface StatementPeriodsService {
  list(): Promise<StatementPeriodView[]>
  confirm(input: { period: string }): Promise<StatementActionOutcome>
  dispute(input: DisputeStatementInput): Promise<StatementActionOutcome>
}

const KINDS: Record<'confirm' | 'dispute', OutboxKind> = {
  confirm: 'statement.confirm',
  dispute: 'statement.dispute',
}

/** The cached record of `period`, or null. */
export async function readStatementPeriod(
  db: CacheDatabase,
  period: string,
): Promise<StatementPeriod | null> {
  const row = await db.get<{ record: string }>(
    'SELECT record FROM statement_periods WHERE period = ?',
    [period],
  )
  return row ? (JSON.parse(row.record) as StatementPeriod) : null
}

/** The gateway's answer to a confirm / dispute (the period after it) into the cache, unless older. */
export async function absorbStatementPeriod(db: CacheDatabase, result: unknown): Promise<void> {
  const record = result as StatementPeriod | null
  if (!record || typeof record.period !== 'string' || typeof record.modifiedAt !== 'number') return
  const cached = await readStatementPeriod(db, record.period)
  if (cached && cached.modifiedAt > record.modifiedAt) return
  await db.run(
    `INSERT INTO statement_periods (period, status, modified_at, record) VALUES (?, ?, ?, ?)
     ON CONFLICT (period) DO UPDATE SET status = excluded.status,
       modified_at = excluded.modified_at, record = excluded.record`,
    [record.period, record.status, record.modifiedAt, JSON.stringify(record)],
  )
}

/**
 * Wraps an outbox sender so a sent confirmation or dispute is written into the dealer's cache
 * (when it is the open one) before the item counts as sent: the statement shows its new state
 * even when the sync that follows the send had already started before it.
 */
export function absorbingStatementResults(
  send: (item: Readonly<OutboxItem>) => Promise<SendOutcome>,
  database: (item: Readonly<OutboxItem>) => CacheDatabase | null,
): (item: Readonly<OutboxItem>) => Promise<SendOutcome> {
  return async (item) => {
    const outcome = await send(item)
    if (outcome.ok && (item.kind === KINDS.confirm || item.kind === KINDS.dispute)) {
      try {
        const db = database(item)
        if (db) await absorbStatementPeriod(db, outcome.result)
      } catch (error) {
        console.error('outbox: could not cache the answer of', item.kind, error)
      }
    }
    return outcome
  }
}

/** Periods issued (or resolved) and waiting for the dealer's confirmation, oldest first. */
export async function awaitingConfirmation(db: CacheDatabase): Promise<string[]> {
  const rows = await db.all<{ period: string }>(
    "SELECT period FROM statement_periods WHERE status IN ('issued', 'resolved') ORDER BY period",
  )
  return rows.map((row) => row.period)
}

/** The cached flow's entries of the period's [from, to). */
async function cachedEntries(db: CacheDatabase, record: StatementPeriod): Promise<PeriodEntry[]> {
  const rows = await db.all<{
    id: string
    account_type: Transaction['accountType']
    amount: number
  }>('SELECT id, account_type, amount FROM transactions WHERE at >= ? AND at < ?', [
    record.from,
    record.to,
  ])
  return rows.map((row) => ({
    transactionId: row.id,
    accountType: row.account_type,
    amount: Number(row.amount),
  }))
}

export function createStatementPeriodsService(
  deps: StatementPeriodsDependencies,
): StatementPeriodsService {
  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    if (!dealer.roles.some((role) => role === 'accountant' || role === 'admin'))
      throw new PortalError('auth.forbidden')
    return { db, ...dealer }
  }

  const periodOf = (item: OutboxItem) =>
    String((item.payload as OutboxPayload | undefined)?.params?.period ?? '')

  async function unsent(dealerId: string, serverKey: string | undefined): Promise<OutboxItem[]> {
    return (await deps.outbox.list({ dealerId })).filter(
      (item) =>
        isUnsent(item, KINDS.confirm, serverKey) || isUnsent(item, KINDS.dispute, serverKey),
    )
  }

  async function view(
    db: CacheDatabase,
    record: StatementPeriod,
    waiting: OutboxItem[],
  ): Promise<StatementPeriodView> {
    const changes: StatementChanges = statementChanges(
      record.entries,
      await cachedEntries(db, record),
    )
    const item = waiting.filter((entry) => periodOf(entry) === record.period).at(-1)
    return {
      record,
      changes,
      pending: item
        ? { kind: item.kind === KINDS.confirm ? 'confirm' : 'dispute', ...unsentRowState(item) }
        : null,
    }
  }

  /** Queues the action (or answers the one already waiting), sends it when online. */
  async function submit(
    action: 'confirm' | 'dispute',
    period: string,
    body: DisputeStatementRequest | Record<string, never>,
  ): Promise<StatementActionOutcome> {
    const { db, dealerId, serverKey } = open()
    const earlier = (await unsent(dealerId, serverKey)).filter((item) => periodOf(item) === period)
    const waiting = earlier.find((item) => item.status === 'pending' || item.status === 'sending')
    if (waiting) return { outboxId: waiting.id, state: 'pending' }
    const refused = earlier
      .filter((item) => item.status === 'failed' && item.kind === KINDS[action])
      .at(-1)
    const payload = { params: { period }, body } satisfies OutboxPayload
    const item = refused
      ? await deps.outbox.resubmit(refused.id, payload)
      : await deps.outbox.enqueue({
          kind: KINDS[action],
          dealerId,
          ...(serverKey ? { serverUrl: serverKey } : {}),
          payload,
        })
    // The newer decision replaces a refused one of the other kind for this period.
    for (const stale of earlier.filter((entry) => entry.status === 'failed' && entry !== refused))
      await deps.outbox.discard(stale.id).catch(() => undefined)
    await deps.sendOutbox().catch(() => undefined)
    const after = (await deps.outbox.list({ dealerId })).find(
      (candidate) => candidate.id === item.id,
    )
    if (!after || after.status === 'sent') {
      if (after && deps.database() === db) await absorbStatementPeriod(db, after.result)
      return { outboxId: item.id, state: 'sent' }
    }
    if (after.status === 'failed')
      return {
        outboxId: item.id,
        state: 'failed',
        ...(after.lastError ? { error: after.lastError } : {}),
      }
    return { outboxId: item.id, state: 'pending' }
  }

  async function issued(db: CacheDatabase, period: string): Promise<StatementPeriod> {
    const record = await readStatementPeriod(db, period)
    if (!record) throw new PortalError('statement.notIssued', { period })
    return record
  }

  const fail = (problem: { code: string; params?: Record<string, string | number> }) =>
    new PortalError(problem.code, problem.params ?? {})

  return {
    async list() {
      const { db, dealerId, serverKey } = open()
      const waiting = await unsent(dealerId, serverKey)
      const rows = await db.all<{ record: string }>(
        'SELECT record FROM statement_periods ORDER BY period DESC',
      )
      return Promise.all(
        rows.map((row) => view(db, JSON.parse(row.record) as StatementPeriod, waiting)),
      )
    },

    async confirm({ period }) {
      const { db } = open()
      const record = await issued(db, period)
      const changes = statementChanges(record.entries, await cachedEntries(db, record))
      // Entries the cache has and the issued statement lacks (or has otherwise) are certain;
      // an issued entry missing from the cache may just not be synced yet: the gateway decides.
      const certain = { ...changes, removed: [] }
      const problem = confirmProblem(record.status, certain)
      if (problem) throw fail(problem)
      return submit('confirm', period, {})
    },

    async dispute({ period, note, entries }) {
      const { db } = open()
      const record = await issued(db, period)
      const trimmed = note.trim()
      if (!trimmed) throw new PortalError('statement.noteRequired')
      const problem = disputeProblem(record.status, record.entries, entries)
      if (problem) throw fail(problem)
      return submit('dispute', period, {
        note: trimmed,
        entries: entries.map((entry) => ({
          transactionId: entry.transactionId,
          note: entry.note.trim(),
        })),
      })
    },
  }
}
