/**
 * Statement periods in the sandbox (shared/api/statementPeriods.ts): the operator issues a month
 * (snapshot of its entries and totals from the ledger) and resolves disputes; the dealer's
 * accountant confirms or disputes. Rules: shared/domain/statementPeriods.ts. One row per (dealer,
 * period) holding the Portal record as JSON.
 */
import type {
  DisputeStatementRequest,
  StatementPeriod,
  StatementPeriodList,
  StatementPeriodStatus,
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
import { fromDomainErrors, notFound } from '../../errors'
import type { Account } from './account'
import type { SandboxContext } from './context'

export type Statements = ReturnType<typeof createStatements>

export function createStatements(ctx: SandboxContext, deps: { account: Account }) {
  const { db } = ctx

  function find(dealerId: string, period: string): StatementPeriod | null {
    const row = db.get<{ json: string }>(
      'SELECT json FROM statement_periods WHERE dealer_id = ? AND period = ?',
      [dealerId, period],
    )
    return row ? (JSON.parse(row.json) as StatementPeriod) : null
  }

  function load(dealerId: string, period: string): StatementPeriod {
    const found = find(dealerId, period)
    if (!found) throw notFound()
    return found
  }

  function save(dealerId: string, record: StatementPeriod): StatementPeriod {
    record.modifiedAt = ctx.stamp()
    db.run(
      `INSERT INTO statement_periods (dealer_id, period, status, modified_at, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (dealer_id, period) DO UPDATE SET status = excluded.status,
         modified_at = excluded.modified_at, json = excluded.json`,
      [dealerId, record.period, record.status, record.modifiedAt, JSON.stringify(record)],
    )
    ctx.changed()
    return record
  }

  /** Totals and entries of the period as the ledger has them now. */
  function current(dealerId: string, period: string) {
    const { from, to } = chinaPeriodBounds(period)
    return { from, to, ...snapshotStatement(deps.account.statement(dealerId, from, to)) }
  }

  function list(dealerId: string): StatementPeriodList {
    const items = db
      .all<{ json: string }>(
        'SELECT json FROM statement_periods WHERE dealer_id = ? ORDER BY period DESC',
        [dealerId],
      )
      .map((row) => JSON.parse(row.json) as StatementPeriod)
    return { items }
  }

  /** The manufacturer issues (or re-issues) a period: a new snapshot, status `issued`. */
  function issue(dealerId: string, period: string, issuedBy: string): StatementPeriod {
    return db.transaction(() => {
      const existing = find(dealerId, period)
      const problem = issueProblem(existing?.status ?? null)
      if (problem) throw fromDomainErrors([problem])
      if (period > chinaPeriod(ctx.now()))
        throw fromDomainErrors([{ code: 'statement.periodInFuture', params: { period } }])
      const now = ctx.now()
      return save(dealerId, {
        period,
        status: 'issued',
        ...current(dealerId, period),
        issuedBy,
        issuedAt: now,
        confirmedBy: null,
        confirmedAt: null,
        disputedBy: null,
        disputedAt: null,
        disputeNote: null,
        disputedEntries: [],
        resolvedBy: null,
        resolvedAt: null,
        resolution: null,
        modifiedAt: now,
      })
    })
  }

  /**
   * The dealer confirms. `recovering` (an interrupted attempt with the same key): a period that
   * attempt already confirmed is answered as it is.
   */
  function confirm(
    dealerId: string,
    period: string,
    by: string,
    recovering = false,
  ): StatementPeriod {
    return db.transaction(() => {
      const record = load(dealerId, period)
      if (recovering && record.status === 'confirmed' && record.confirmedBy === by) return record
      const problem = confirmProblem(
        record.status,
        statementChanges(record.entries, current(dealerId, period).entries),
      )
      if (problem) throw fromDomainErrors([problem])
      return save(dealerId, {
        ...record,
        status: 'confirmed',
        confirmedBy: by,
        confirmedAt: ctx.now(),
      })
    })
  }

  function dispute(
    dealerId: string,
    period: string,
    by: string,
    request: DisputeStatementRequest,
    recovering = false,
  ): StatementPeriod {
    const body = DisputeSchema.parse(request)
    return db.transaction(() => {
      const record = load(dealerId, period)
      if (
        recovering &&
        record.status === 'disputed' &&
        record.disputedBy === by &&
        record.disputeNote === body.note
      )
        return record
      const problem = disputeProblem(record.status, record.entries, body.entries)
      if (problem) throw fromDomainErrors([problem])
      return save(dealerId, {
        ...record,
        status: 'disputed',
        disputedBy: by,
        disputedAt: ctx.now(),
        disputeNote: body.note,
        disputedEntries: body.entries,
      })
    })
  }

  /** The manufacturer resolves a dispute; the snapshot is taken again (corrections included). */
  function resolve(
    dealerId: string,
    period: string,
    by: string,
    resolution: string,
  ): StatementPeriod {
    return db.transaction(() => {
      const record = load(dealerId, period)
      const problem = resolveProblem(record.status)
      if (problem) throw fromDomainErrors([problem])
      return save(dealerId, {
        ...record,
        ...current(dealerId, period),
        status: 'resolved' satisfies StatementPeriodStatus,
        resolvedBy: by,
        resolvedAt: ctx.now(),
        resolution,
      })
    })
  }

  /** The month before the sandbox's current one (what a demo issues). */
  function previousPeriod(): string {
    return chinaPeriod(chinaPeriodBounds(chinaPeriod(ctx.now())).from - 1)
  }

  return { list, load, issue, confirm, dispute, resolve, previousPeriod }
}
