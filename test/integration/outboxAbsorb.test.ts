/**
 * The document a gateway answers a submission with is written into the cache before the outbox
 * item counts as sent (absorbingResults → SyncEngine.absorb), so the screen that follows (the new
 * return's detail, the cancelled order) finds it without the sync that comes after. Here no sync
 * follows a send at all: what the cache shows came from the answers alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order, Return } from '../../shared/api'
import type { RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import type { Outbox } from '../../electron/services/outbox/outbox'
import { absorbingResults } from '../../electron/services/outbox/outboxSender'
import {
  createReturnsService,
  type ReturnsService,
} from '../../electron/services/returns/returnsService'
import type { SyncEngine } from '../../electron/services/sync/syncEngine'
import type { SyncFeed } from '../../shared/contract/workspace'
import { dealerFixture, operator, type DealerFixture } from './helpers'

const DEALER = 'd_sh'
let fixture: DealerFixture
let sandbox: RunningSandbox
let db: CacheDatabase
let engine: SyncEngine
let outbox: Outbox
let returns: ReturnsService
const applied: SyncFeed[][] = []
let absorbedReturn = ''

beforeAll(async () => {
  fixture = await dealerFixture({
    name: 'absorb',
    sandbox: { products: 200, seed: 12 },
    account: 'sh.admin',
    dealerId: DEALER,
    roles: ['admin'],
    engine: { onApplied: (feeds) => applied.push(feeds) },
    send: (send, engine) =>
      absorbingResults(send, (_item, feed, record) => engine.absorb(feed, record)),
  })
  ;({ sandbox, db, engine, outbox } = fixture)
  // Sends, and deliberately never syncs afterwards.
  const sendOutbox = async () => void (await outbox.process())
  returns = createReturnsService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, serverKey: sandbox.url }),
    outbox,
    sendOutbox,
    online: () => true,
    submitWaitMs: 10_000,
  })
}, 120_000)
afterAll(() => fixture.close())

const cachedOrder = async (id: string) => {
  const row = await db.get<{ record: string }>('SELECT record FROM orders WHERE id = ?', [id])
  return row ? (JSON.parse(row.record) as Order) : undefined
}

describe('outbox answers written into the cache', () => {
  it('a sent return is in the cache, with its detail and in the list, before any sync', async () => {
    const order = (await db.all<{ record: string }>('SELECT record FROM orders'))
      .map((row) => JSON.parse(row.record) as Order)
      .find((candidate) =>
        candidate.lines.some((line) => line.deliveredQuantity > line.returnedQuantity + 1),
      )
    expect(order).toBeDefined()
    const line = order!.lines.find(
      (candidate) => candidate.deliveredQuantity > candidate.returnedQuantity + 1,
    )!
    const before = (await db.get<{ n: number }>('SELECT count(*) AS n FROM returns'))!.n
    applied.length = 0
    const outcome = await returns.create({
      lines: [{ orderId: order!.id, orderLineId: line.lineId, quantity: 1 }],
      reason: 'quality',
      idempotencyKey: crypto.randomUUID(),
    })
    expect(outcome.state).toBe('sent')
    expect(outcome.return).toBeDefined()
    const detail = await returns.get(outcome.return!.id)
    expect(detail).toMatchObject({
      id: outcome.return!.id,
      number: outcome.return!.number,
      status: 'under_review',
    })
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM returns'))!.n).toBe(before + 1)
    const listed = await returns.list({ offset: 0, limit: 500 })
    expect(listed.items.filter((item) => item.number === outcome.return!.number)).toHaveLength(1)
    expect(applied).toContainEqual(['returns'])
    absorbedReturn = outcome.return!.number
  })

  it('a cancelled order shows cancelled at once; an older answer never overwrites a newer cached row', async () => {
    const order = (await db.all<{ record: string }>('SELECT record FROM orders'))
      .map((row) => JSON.parse(row.record) as Order)
      .find((candidate) => candidate.status === 'under_review')
    expect(order).toBeDefined()
    await outbox.enqueue({
      kind: 'order.cancel',
      dealerId: DEALER,
      serverUrl: sandbox.url,
      payload: { params: { id: order!.id }, body: {} },
      idempotencyKey: crypto.randomUUID(),
    })
    expect((await outbox.process()).sent).toBe(1)
    const cancelled = (await cachedOrder(order!.id))!
    expect(cancelled.status).toBe('cancelled')

    // The pre-cancel record is older than the cached one: kept out.
    expect(await engine.absorb('orders', order!)).toBe(false)
    expect((await cachedOrder(order!.id))!.status).toBe('cancelled')
    // A later answer (the operator changed it since) is taken.
    const newer = { ...cancelled, modifiedAt: cancelled.modifiedAt + 1, remark: 'newer' }
    expect(await engine.absorb('orders', newer)).toBe(true)
    expect(await cachedOrder(order!.id)).toMatchObject({ remark: 'newer' })
  })

  it('a refusal writes nothing, and a sync afterwards still reads the absorbed documents again', async () => {
    const count = (await db.get<{ n: number }>('SELECT count(*) AS n FROM returns'))!.n
    const order = (await db.all<{ record: string }>('SELECT record FROM orders')).map(
      (row) => JSON.parse(row.record) as Order,
    )[0]!
    await outbox.enqueue({
      kind: 'return.submit',
      dealerId: DEALER,
      serverUrl: sandbox.url,
      payload: {
        body: {
          lines: [{ orderId: order.id, orderLineId: 'no-such-line', quantity: 1 }],
          reason: 'quality',
        },
      },
      idempotencyKey: crypto.randomUUID(),
    })
    const report = await outbox.process()
    expect(report.failed).toBe(1)
    expect((await db.get<{ n: number }>('SELECT count(*) AS n FROM returns'))!.n).toBe(count)

    await operator(sandbox, 'POST', `/returns/${absorbedReturn}/approve`)
    expect((await engine.sync()).lastError).toBeNull()
    const synced = (await db.all<{ record: string }>('SELECT record FROM returns')).map(
      (row) => JSON.parse(row.record) as Return,
    )
    expect(synced.find((record) => record.number === absorbedReturn)?.status).toBe('approved')
  })
})
