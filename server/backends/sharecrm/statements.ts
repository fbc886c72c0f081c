/**
 * Statement periods over ShareCRM (shared/api/statementPeriods.ts, rules in
 * shared/domain/statementPeriods.ts). The state lives in the gateway database
 * (`statement_periods`, one row per dealer and period, the Portal record as JSON) and every change
 * is written to ShareCRM as the dealer's record of the custom object `dd_statement__c`
 * (`account_id`, `period`, `status`, `note`, `confirmed_by`, `confirmed_at`: the field map's
 * `statement`), one record per dealer and period:
 * - ShareCRM first, then the gateway database: a refused or failed CRM write changes nothing
 *   here (the client retries with its key); a crash in between leaves ShareCRM ahead, and the
 *   retry writes the same values again.
 * - Idempotent: the record is created with `dd_idempotency_key__c` = `dd-statement:<dealer>:<period>`
 *   (the client finds it before creating again), its `_id` kept in the row; later changes update it.
 * - One change of a period at a time, on any instance: a database lock per dealer and period.
 * Issuing and resolving are the manufacturer's: the gateway CLI `statements issue|resolve|list`.
 */
import type {
  DisputeStatementRequest,
  Statement,
  StatementPeriod,
  StatementPeriodList,
} from '../../../shared/api'
import { DisputeStatementRequest as DisputeSchema } from '../../../shared/api'
import {
  chinaPeriod,
  chinaPeriodBounds,
  confirmProblem,
  disputeProblem,
  issueProblem,
  resolveProblem,
  snapshotStatement,
  statementChanges,
} from '../../../shared/domain'
import type { StatementsPort, WriteContext } from '../../backend'
import { fromDomainErrors, notFound } from '../../errors'
import type { GatewayDb } from './db/driver'
import type { FieldMap } from './fieldMap'
import type { ShareCrmPort } from './upstream'

/** The custom field every DealerDesk write carries (sharecrm.md). */
const IDEMPOTENCY_FIELD = 'dd_idempotency_key__c'

export const STATEMENTS_MIGRATION = `
  -- Statement periods (statements.ts): the Portal record in json; crm_id = the dd_statement__c _id.
  CREATE TABLE statement_periods (dealer_id text NOT NULL, period text NOT NULL, status text NOT NULL,
    json text NOT NULL, crm_id text, modified_at bigint NOT NULL, PRIMARY KEY (dealer_id, period));
`

export interface ShareCrmStatementsOptions {
  db: GatewayDb
  api: ShareCrmPort
  map: FieldMap
  clock: () => number
  /** The dealer's statement of [from, to) from the mirror. */
  statement(dealerId: string, from: number, to: number): Promise<Statement>
  /** Upstream errors as Portal problems (index.ts `upstream`). */
  upstream<T>(work: () => Promise<T>): Promise<T>
}

export interface ShareCrmStatements extends StatementsPort {
  /** The manufacturer issues (or re-issues) a period of the dealer. */
  issue(dealerId: string, period: string, by: string): Promise<StatementPeriod>
  /** The manufacturer resolves the dealer's dispute of a period. */
  resolve(
    dealerId: string,
    period: string,
    by: string,
    resolution: string,
  ): Promise<StatementPeriod>
}

/** What ShareCRM's `note` says: the dispute (note and entries), or the resolution. */
function crmNote(record: StatementPeriod): string {
  if (record.status === 'disputed') {
    const entries = record.disputedEntries.map(
      (entry) => `${entry.transactionId}${entry.note ? `: ${entry.note}` : ''}`,
    )
    return [record.disputeNote ?? '', ...entries].join('\n').slice(0, 2000)
  }
  if (record.status === 'resolved') return record.resolution ?? ''
  return ''
}

export function createShareCrmStatements(options: ShareCrmStatementsOptions): ShareCrmStatements {
  const { db, api, map, clock } = options
  const f = map.statement

  async function find(
    dealerId: string,
    period: string,
  ): Promise<{ record: StatementPeriod; crmId: string | null } | null> {
    const rows = await db.query<{ json: string; crm_id: string | null }>(
      'SELECT json, crm_id FROM statement_periods WHERE dealer_id = $1 AND period = $2',
      [dealerId, period],
    )
    const row = rows[0]
    return row ? { record: JSON.parse(row.json) as StatementPeriod, crmId: row.crm_id } : null
  }

  async function current(dealerId: string, period: string) {
    const { from, to } = chinaPeriodBounds(period)
    return { from, to, ...snapshotStatement(await options.statement(dealerId, from, to)) }
  }

  /** Writes the record to ShareCRM (create once, update after); answers its `_id`. */
  async function pushToCrm(
    dealerId: string,
    record: StatementPeriod,
    crmId: string | null,
    context?: WriteContext,
  ): Promise<string> {
    const decided = record.status === 'confirmed' || record.status === 'disputed'
    const fields = {
      [f.dealer]: dealerId,
      [f.period]: record.period,
      [f.status]: record.status,
      [f.note]: crmNote(record),
      [f.by]: record.status === 'confirmed' ? record.confirmedBy : decided ? record.disputedBy : '',
      [f.at]:
        record.status === 'confirmed' ? record.confirmedAt : decided ? record.disputedAt : null,
    }
    const callOptions = context?.idempotencyKey ? { requestId: context.idempotencyKey } : {}
    if (crmId) {
      await options.upstream(() => api.update(f.object, { _id: crmId, ...fields }, callOptions))
      return crmId
    }
    const key = `dd-statement:${dealerId}:${record.period}`
    const { dataId } = await options.upstream(() =>
      api.create(
        f.object,
        { name: `${record.period}`, ...fields },
        { idempotency: { field: IDEMPOTENCY_FIELD, key } },
        callOptions,
      ),
    )
    return dataId
  }

  /** Runs one change of a period under its lock: ShareCRM first, then the gateway database. */
  async function change(
    dealerId: string,
    period: string,
    decide: (found: { record: StatementPeriod; crmId: string | null } | null) => Promise<{
      next: StatementPeriod
      unchanged?: boolean
    }>,
    context?: WriteContext,
  ): Promise<StatementPeriod> {
    const lock = await db.lock(`dealerdesk:statement:${dealerId}:${period}`)
    try {
      const found = await find(dealerId, period)
      const { next, unchanged } = await decide(found)
      if (unchanged) return next
      next.modifiedAt = Math.max(clock(), (found?.record.modifiedAt ?? 0) + 1)
      const crmId = await pushToCrm(dealerId, next, found?.crmId ?? null, context)
      await db.query(
        `INSERT INTO statement_periods (dealer_id, period, status, json, crm_id, modified_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (dealer_id, period) DO UPDATE SET status = excluded.status, json = excluded.json,
           crm_id = excluded.crm_id, modified_at = excluded.modified_at`,
        [dealerId, period, next.status, JSON.stringify(next), crmId, next.modifiedAt],
      )
      return next
    } finally {
      await lock.release()
    }
  }

  const existing = (found: { record: StatementPeriod } | null): StatementPeriod => {
    if (!found) throw notFound()
    return found.record
  }

  return {
    async list(dealerId): Promise<StatementPeriodList> {
      const rows = await db.query<{ json: string }>(
        'SELECT json FROM statement_periods WHERE dealer_id = $1 ORDER BY period DESC',
        [dealerId],
      )
      return { items: rows.map((row) => JSON.parse(row.json) as StatementPeriod) }
    },

    confirm: (dealerId, period, context) =>
      change(
        dealerId,
        period,
        async (found) => {
          const record = existing(found)
          const by = context.principal.displayName
          if (context.recovering && record.status === 'confirmed' && record.confirmedBy === by)
            return { next: record, unchanged: true }
          const now = await current(dealerId, period)
          const problem = confirmProblem(
            record.status,
            statementChanges(record.entries, now.entries),
          )
          if (problem) throw fromDomainErrors([problem])
          return {
            next: { ...record, status: 'confirmed', confirmedBy: by, confirmedAt: clock() },
          }
        },
        context,
      ),

    dispute: (dealerId, period, request: DisputeStatementRequest, context) =>
      change(
        dealerId,
        period,
        async (found) => {
          const record = existing(found)
          const body = DisputeSchema.parse(request)
          const by = context.principal.displayName
          if (
            context.recovering &&
            record.status === 'disputed' &&
            record.disputedBy === by &&
            record.disputeNote === body.note
          )
            return { next: record, unchanged: true }
          const problem = disputeProblem(record.status, record.entries, body.entries)
          if (problem) throw fromDomainErrors([problem])
          return {
            next: {
              ...record,
              status: 'disputed',
              disputedBy: by,
              disputedAt: clock(),
              disputeNote: body.note,
              disputedEntries: body.entries,
            },
          }
        },
        context,
      ),

    issue: (dealerId, period, by) =>
      change(dealerId, period, async (found) => {
        const problem = issueProblem(found?.record.status ?? null)
        if (problem) throw fromDomainErrors([problem])
        if (period > chinaPeriod(clock()))
          throw fromDomainErrors([{ code: 'statement.periodInFuture', params: { period } }])
        const at = clock()
        return {
          next: {
            period,
            status: 'issued',
            ...(await current(dealerId, period)),
            issuedBy: by,
            issuedAt: at,
            confirmedBy: null,
            confirmedAt: null,
            disputedBy: null,
            disputedAt: null,
            disputeNote: null,
            disputedEntries: [],
            resolvedBy: null,
            resolvedAt: null,
            resolution: null,
            modifiedAt: at,
          },
        }
      }),

    resolve: (dealerId, period, by, resolution) =>
      change(dealerId, period, async (found) => {
        const record = existing(found)
        const problem = resolveProblem(record.status)
        if (problem) throw fromDomainErrors([problem])
        return {
          next: {
            ...record,
            ...(await current(dealerId, period)),
            status: 'resolved',
            resolvedBy: by,
            resolvedAt: clock(),
            resolution,
          },
        }
      }),
  }
}
