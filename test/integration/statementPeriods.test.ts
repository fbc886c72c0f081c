/**
 * Statement confirmation (对账确认) in the app against a real sandbox: the demo seed's issued
 * statement is synced into the cache, a dispute goes through the outbox, the operator resolves it,
 * a confirmation made offline waits in the outbox and is sent when back online; a period whose
 * flow changed after issue is refused locally with what changed; the home to-do lists periods
 * awaiting confirmation (not those waiting in the outbox); the printed statement carries the state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatementPeriod } from '../../shared/api'
import { PortalError } from '../../shared/contract/result'
import { DEFAULT_DOCUMENT_SETTINGS } from '../../shared/contract'
import { chinaPeriod, chinaPeriodBounds } from '../../shared/domain'
import { translatorFor } from '../../electron/main/messages'
import { pdfText } from '../unit/services/documents/fixtures'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import {
  awaitingConfirmation,
  createStatementPeriodsService,
  type StatementPeriodsService,
} from '../../electron/services/account/statementPeriodsService'
import { createHomeService } from '../../electron/services/home/homeService'
import type { Outbox } from '../../electron/services/outbox/outbox'
import type { SessionService } from '../../electron/services/session/sessionService'
import { createSyncEngine, type SyncEngine } from '../../electron/services/sync/syncEngine'
import { createDocumentsService } from '../../electron/services/documents/documentsService'
import type { RunningSandbox } from '../../server/sandbox'
import { dealerFixture, operator, temporaryCache, type DealerFixture } from './helpers'

const DEALER = 'd_cd'
let fixture: DealerFixture
let sandbox: RunningSandbox
let session: SessionService
let db: CacheDatabase
let engine: SyncEngine
let outbox: Outbox
let statements: StatementPeriodsService
let online = true
const lastMonth = chinaPeriod(chinaPeriodBounds(chinaPeriod(Date.now())).from - 1)
const thisMonth = chinaPeriod(Date.now())

beforeAll(async () => {
  fixture = await dealerFixture({
    name: 'statements',
    sandbox: { products: 200, seed: 21 },
    account: 'cd.accountant',
    dealerId: DEALER,
    roles: ['accountant'],
  })
  ;({ sandbox, session, db, engine, outbox } = fixture)
  statements = createStatementPeriodsService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, roles: ['accountant'], serverKey: sandbox.url }),
    outbox,
    sendOutbox: async () => {
      if (online) await fixture.sendAndSync()
    },
  })
}, 120_000)
afterAll(() => fixture.close())

const home = () =>
  createHomeService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, serverKey: sandbox.url }),
    outbox,
    translator: translatorFor,
    statementsAwaitingConfirmation: () => awaitingConfirmation(db),
  })
const periodView = async (period: string) =>
  (await statements.list()).find((view) => view.record.period === period)

async function refusal(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(PortalError)
  return error as PortalError
}

describe('statement periods in the app', () => {
  it('syncs from a gateway older than statement confirmation (no such route) without them', async () => {
    const older = createSyncEngine({
      db: await temporaryCache('statements-older-gateway'),
      dealerId: DEALER,
      roles: ['accountant'],
      client: () => {
        const client = session.client()
        return {
          ...client,
          call: ((route, options) =>
            route === 'statementPeriods'
              ? Promise.reject(new PortalError('request.routeNotFound', { method: 'GET' }))
              : client.call(route, options)) as typeof client.call,
        }
      },
    })
    expect((await older.sync()).lastError).toBeNull()
  }, 60_000)

  it('syncs the seeded issued statement; it is a home to-do and unchanged since issue', async () => {
    const view = await periodView(lastMonth)
    expect(view?.record.status).toBe('issued')
    expect(view?.changes).toEqual({ added: [], removed: [], changed: [] })
    expect(view?.pending).toBeNull()
    const overview = await home().overview()
    expect(overview?.todo).toContainEqual(
      expect.objectContaining({ kind: 'statement.awaitingConfirmation', period: lastMonth }),
    )
  })

  it('checks a dispute before queueing it, then sends it', async () => {
    const view = (await periodView(lastMonth))!
    const entry = view.record.entries[0]!.transactionId
    expect(
      (await refusal(statements.dispute({ period: lastMonth, note: '  ', entries: [] }))).code,
    ).toBe('statement.noteRequired')
    const outside = await refusal(
      statements.dispute({
        period: lastMonth,
        note: 'x',
        entries: [{ transactionId: 'tx_none', note: '' }],
      }),
    )
    expect(outside.code).toBe('statement.entryNotInPeriod')
    expect((await refusal(statements.confirm({ period: '2001-01' }))).code).toBe(
      'statement.notIssued',
    )
    const outcome = await statements.dispute({
      period: lastMonth,
      note: '返利少记 rebate missing',
      entries: [{ transactionId: entry, note: '金额不对 wrong amount' }],
    })
    expect(outcome.state).toBe('sent')
    const disputed = (await periodView(lastMonth))!.record
    expect(disputed).toMatchObject({
      status: 'disputed',
      disputedBy: '张敏',
      disputedEntries: [{ transactionId: entry, note: '金额不对 wrong amount' }],
    })
    expect(await awaitingConfirmation(db)).not.toContain(lastMonth)
    expect((await refusal(statements.confirm({ period: lastMonth }))).code).toBe(
      'statement.notConfirmable',
    )
  })

  it('prints the dispute on the statement PDF, the disputed entry marked', async () => {
    const record = (await periodView(lastMonth))!.record
    const pdf = await printed(record)
    expect(pdf).toContain('Disputed by 张敏')
    expect(pdf).toMatch(/\[Disputed\] 金额不对 wrong/)
  })

  it('a confirmation made offline waits in the outbox, then is sent when back online', async () => {
    await operator(sandbox, 'POST', `/dealers/${DEALER}/statement-periods/${lastMonth}/resolve`, {
      resolution: '已补记返利 rebate booked',
    })
    await engine.sync()
    expect((await periodView(lastMonth))!.record.status).toBe('resolved')
    expect(await awaitingConfirmation(db)).toContain(lastMonth)

    online = false
    const outcome = await statements.confirm({ period: lastMonth })
    expect(outcome.state).toBe('pending')
    const waiting = (await periodView(lastMonth))!
    expect(waiting.pending).toMatchObject({ kind: 'confirm', state: 'pending' })
    expect(waiting.record.status).toBe('resolved')
    // Waiting in the outbox: not a to-do of its own any more; a second confirm joins it.
    const overview = await home().overview()
    expect(
      overview?.todo.some(
        (item) => item.kind === 'statement.awaitingConfirmation' && item.period === lastMonth,
      ),
    ).toBe(false)
    expect((await statements.confirm({ period: lastMonth })).outboxId).toBe(outcome.outboxId)

    online = true
    const report = await outbox.process()
    expect(report.sent).toBe(1)
    await engine.sync()
    const confirmed = (await periodView(lastMonth))!
    expect(confirmed.pending).toBeNull()
    expect(confirmed.record).toMatchObject({ status: 'confirmed', confirmedBy: '张敏' })
    const pdf = await printed(confirmed.record)
    expect(pdf).toMatch(/Confirmed by 张敏 at \d{4}-\d{2}-\d{2}/)
  })

  it('refuses to confirm a period whose flow changed after issue, saying what changed', async () => {
    await operator(sandbox, 'POST', `/dealers/${DEALER}/statement-periods/${thisMonth}/issue`)
    await operator(sandbox, 'POST', `/dealers/${DEALER}/top-up`, { amount: 8_800 })
    await engine.sync()
    const view = (await periodView(thisMonth))!
    expect(view.changes.added).toHaveLength(1)
    const error = await refusal(statements.confirm({ period: thisMonth }))
    expect(error.code).toBe('statement.changedSinceIssued')
    expect(error.params).toMatchObject({ added: 1, removed: 0, changed: 0 })
    expect(String(error.params?.transactionIds)).toBe(view.changes.added[0])
  })
})

/** The statement PDF of the record's period from the cache, in English, as text (pdftotext). */
async function printed(record: StatementPeriod): Promise<string> {
  const documents = createDocumentsService({
    database: () => db,
    dealer: () => ({
      dealerId: DEALER,
      code: 'CD',
      nameZh: '成都',
      nameEn: 'Chengdu',
      roles: ['accountant'],
    }),
    documentSettings: async () => DEFAULT_DOCUMENT_SETTINGS,
    uiLanguage: async () => 'en-US',
    translator: translatorFor,
  })
  const rendered = await documents.render({
    kind: 'statement',
    period: { from: record.from, to: record.to },
    language: 'en-US',
    purpose: 'save',
  })
  return pdfText(Buffer.from(rendered.contentBase64, 'base64')).replace(/\s+/g, ' ')
}
