/**
 * The statement confirmation service's cache side: a confirm / dispute the outbox sends later is
 * written into the open dealer's cache the moment it is sent (a sync already running when it was
 * sent would otherwise leave the old state on screen), never over a newer cached state; the
 * periods awaiting confirmation.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { StatementPeriod } from '../../../../shared/api'
import { openCacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import {
  absorbingStatementResults,
  awaitingConfirmation,
  createStatementPeriodsService,
  readStatementPeriod,
} from '../../../../electron/services/account/statementPeriodsService'
import type { OutboxItem } from '../../../../electron/services/outbox/outbox'

const record = (period: string, overrides: Partial<StatementPeriod> = {}): StatementPeriod => ({
  period,
  status: 'issued',
  from: 0,
  to: 1,
  totals: [],
  entries: [],
  issuedBy: 'operator',
  issuedAt: 1,
  confirmedBy: null,
  confirmedAt: null,
  disputedBy: null,
  disputedAt: null,
  disputeNote: null,
  disputedEntries: [],
  resolvedBy: null,
  resolvedAt: null,
  resolution: null,
  modifiedAt: 100,
  ...overrides,
})

const item = (kind: OutboxItem['kind']): OutboxItem => ({
  id: 'o1',
  kind,
  dealerId: 'd_cd',
  idempotencyKey: 'k-12345678',
  payload: { params: { period: '2026-10' }, body: {} },
  createdAt: 0,
  status: 'sending',
  attempts: 0,
})

async function cache() {
  const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-statement-unit-'))
  const db = await openCacheDatabase({
    file: join(directory, 'cache.sqlite'),
    migrations: CACHE_MIGRATIONS,
  })
  const put = (value: StatementPeriod) =>
    db.run(
      'INSERT OR REPLACE INTO statement_periods (period, status, modified_at, record) VALUES (?, ?, ?, ?)',
      [value.period, value.status, value.modifiedAt, JSON.stringify(value)],
    )
  return { db, put }
}

describe('statement periods in the cache', () => {
  it('writes a sent confirmation into the cache, unless the cache is newer or the send failed', async () => {
    const { db, put } = await cache()
    await put(record('2026-10', { status: 'resolved' }))
    const confirmed = record('2026-10', {
      status: 'confirmed',
      confirmedBy: '张敏',
      modifiedAt: 200,
    })
    const send = absorbingStatementResults(
      async () => ({ ok: true, result: confirmed }),
      () => db,
    )
    expect(await send(item('statement.confirm'))).toEqual({ ok: true, result: confirmed })
    expect(await readStatementPeriod(db, '2026-10')).toMatchObject({ status: 'confirmed' })

    const stale = absorbingStatementResults(
      async () => ({
        ok: true,
        result: record('2026-10', { status: 'disputed', modifiedAt: 150 }),
      }),
      () => db,
    )
    await stale(item('statement.dispute'))
    expect((await readStatementPeriod(db, '2026-10'))?.status).toBe('confirmed')

    await put(record('2026-09'))
    const refused = absorbingStatementResults(
      async () => ({ ok: false, retry: false, error: { code: 'statement.notConfirmable' } }),
      () => db,
    )
    await refused(item('statement.confirm'))
    expect((await readStatementPeriod(db, '2026-09'))?.status).toBe('issued')
    // Another dealer's cache (not the open one): nothing written, the send still counts.
    const elsewhere = absorbingStatementResults(
      async () => ({
        ok: true,
        result: record('2026-09', { status: 'confirmed', modifiedAt: 300 }),
      }),
      () => null,
    )
    expect((await elsewhere(item('statement.confirm'))).ok).toBe(true)
    expect((await readStatementPeriod(db, '2026-09'))?.status).toBe('issued')
    await db.close()
  })

  it('lists issued and resolved periods as awaiting confirmation, oldest first', async () => {
    const { db, put } = await cache()
    await put(record('2026-10', { status: 'resolved' }))
    await put(record('2026-08'))
    await put(record('2026-09', { status: 'confirmed' }))
    await put(record('2026-07', { status: 'disputed' }))
    expect(await awaitingConfirmation(db)).toEqual(['2026-08', '2026-10'])
    await db.close()
  })

  it('a new decision replaces a refused one of the other kind; one waiting is answered, not doubled', async () => {
    const { db, put } = await cache()
    await put(record('2026-10', { from: 0, to: 1 }))
    const refusedDispute = {
      ...item('statement.dispute'),
      id: 'old',
      status: 'failed' as const,
      lastError: { code: 'statement.notDisputable' },
    }
    let items: OutboxItem[] = [refusedDispute]
    const outbox = {
      list: vi.fn(async () => items),
      enqueue: vi.fn(async (input: { kind: OutboxItem['kind']; payload: unknown }) => {
        const made = { ...item(input.kind), id: 'new', status: 'pending' as const }
        items = [...items, made]
        return made
      }),
      resubmit: vi.fn(),
      discard: vi.fn(async (id: string) => {
        items = items.filter((entry) => entry.id !== id)
      }),
    }
    const service = createStatementPeriodsService({
      database: () => db,
      dealer: () => ({ dealerId: 'd_cd', roles: ['accountant'] }),
      outbox: outbox as never,
      sendOutbox: async () => undefined,
    })
    expect(await service.confirm({ period: '2026-10' })).toEqual({
      outboxId: 'new',
      state: 'pending',
    })
    expect(outbox.discard).toHaveBeenCalledWith('old')
    expect(outbox.resubmit).not.toHaveBeenCalled()
    expect(outbox.enqueue).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'statement.confirm', dealerId: 'd_cd' }),
    )
    expect((await service.list())[0]?.pending).toMatchObject({ kind: 'confirm', state: 'pending' })
    expect((await service.confirm({ period: '2026-10' })).outboxId).toBe('new')
    expect(outbox.enqueue).toHaveBeenCalledTimes(1)
    await db.close()
  })
})
