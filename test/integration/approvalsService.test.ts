/**
 * The app's approvals service over a real sandbox gateway: the admin's queue comes from the
 * cache, the rule and the price preview from the gateway; approve and decline go through the
 * outbox, and their answers are in the cache before any sync. An approval whose prices moved is
 * refused with the quote (nothing left in the outbox), then accepted at the new total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order } from '../../shared/api'
import { PortalError } from '../../shared/contract/result'
import type { RunningSandbox } from '../../server/sandbox'
import {
  createApprovalsService,
  type ApprovalsService,
} from '../../electron/services/approvals/approvalsService'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import type { Outbox } from '../../electron/services/outbox/outbox'
import { absorbingResults } from '../../electron/services/outbox/outboxSender'
import type { SessionService } from '../../electron/services/session/sessionService'
import type { SyncEngine } from '../../electron/services/sync/syncEngine'
import { readApprovalRule } from '../../electron/services/sync/approvalRuleCache'
import { dealerFixture, operator, type DealerFixture } from './helpers'

const DEALER = 'd_sh'
const PRODUCT = 'P000003'
let fixture: DealerFixture
let sandbox: RunningSandbox
let session: SessionService
let db: CacheDatabase
let engine: SyncEngine
let outbox: Outbox
let approvals: ApprovalsService
let roles: string[] = ['admin']

/** An order placed by agent.li on the gateway (as the agent's own computer would). */
async function agentOrder(quantity: number): Promise<Order> {
  const backend = sandbox.backend
  const tokens = (await backend.auth.login('agent.li', 'Demo@2026'))!
  const principal = await backend.auth.authenticate(tokens.accessToken)
  const lines = [{ productId: PRODUCT, quantity }]
  const quote = await backend.orders.quote(DEALER, { lines })
  return backend.orders.submit(
    DEALER,
    { lines, addressId: 'adr_sh_1', payment: { deposit: quote.total, rebate: 0, credit: 0 } },
    { principal, idempotencyKey: crypto.randomUUID() },
  )
}

const cached = async (id: string) => {
  const row = await db.get<{ record: string }>('SELECT record FROM orders WHERE id = ?', [id])
  return row ? (JSON.parse(row.record) as Order) : undefined
}

beforeAll(async () => {
  fixture = await dealerFixture({
    name: 'approvals',
    sandbox: { products: 200, seed: 12 },
    account: 'sh.admin',
    dealerId: DEALER,
    roles: ['admin'],
    send: (send, engine) =>
      absorbingResults(send, (_item, feed, record) => engine.absorb(feed, record)),
    sync: false,
  })
  ;({ sandbox, session, db, engine, outbox } = fixture)
  approvals = createApprovalsService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, serverKey: sandbox.url, roles }),
    outbox,
    // Sends, and deliberately never syncs afterwards.
    sendOutbox: async () => void (await outbox.process()),
    client: () => session.client(),
  })
  await operator(sandbox, 'POST', `/dealers/${DEALER}/top-up`, { amount: 50_000_000 })
}, 120_000)
afterAll(() => fixture.close())

describe('approvals service', () => {
  let priced: Order
  let declined: Order

  it('sets the rule online; held orders reach the queue and the badge count by sync', async () => {
    const state = await approvals.setRule({ amountAbove: 100, ordererIds: [] })
    expect(state.rule.amountAbove).toBe(100)
    expect((await approvals.rule()).modifiedBy).toBe('王芳')
    priced = await agentOrder(2)
    declined = await agentOrder(3)
    expect([priced.status, declined.status]).toEqual(['awaiting_approval', 'awaiting_approval'])
    expect((await engine.sync()).lastError).toBeNull()
    const queue = await approvals.queue()
    expect(queue.items.map((item) => item.order.id)).toEqual([priced.id, declined.id])
    expect(queue.items.every((item) => item.waiting === null)).toBe(true)
    expect(await approvals.count()).toEqual({ count: 2 })
  })

  it('reads the rule right after sign-in, before the dealer cache has opened', async () => {
    const opening = createApprovalsService({
      database: () => null,
      dealer: () => ({ dealerId: DEALER, serverKey: sandbox.url, roles }),
      outbox,
      sendOutbox: async () => undefined,
      client: () => session.client(),
    })
    expect((await opening.rule()).rule.amountAbove).toBe(100)
  })

  it('previews today’s prices, and an approval with moved prices is refused with the quote', async () => {
    expect((await approvals.requote(priced.id)).changes).toEqual([])
    const line = priced.lines[0]!
    const quote = await session.client().call('quote', {
      params: { dealerId: DEALER },
      body: { lines: [{ productId: PRODUCT, quantity: 2 }] },
    })
    await operator(sandbox, 'POST', '/prices', {
      changes: [
        {
          priceListId: quote.lines[0]!.priceListId,
          productId: PRODUCT,
          price: line.unitPrice + 50,
        },
      ],
    })
    const preview = await approvals.requote(priced.id)
    expect(preview.changes).toEqual([
      { productId: PRODUCT, quantity: 2, before: line.unitPrice, after: line.unitPrice + 50 },
    ])
    expect(preview.newTotal).toBe(priced.total + 100)

    const refused = await approvals.approve(priced.id)
    expect(refused.state).toBe('failed')
    expect(refused.error?.code).toBe('order.pricesChanged')
    expect(JSON.parse(String(refused.error?.params?.quote)).total).toBe(priced.total + 100)
    expect(await outbox.list({ dealerId: DEALER })).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ status: 'failed' })]),
    )
    expect((await cached(priced.id))?.status).toBe('awaiting_approval')

    const approved = await approvals.approve(priced.id, preview.newTotal)
    expect(approved.state).toBe('sent')
    // In the cache at once (the answer was absorbed; no sync ran).
    expect(await cached(priced.id)).toMatchObject({
      status: 'under_review',
      total: priced.total + 100,
      approval: { decidedBy: '王芳', priceChanges: preview.changes },
    })
  })

  it('declines with the reason, and leaves the queue empty', async () => {
    const outcome = await approvals.decline(declined.id, '超出本月预算')
    expect(outcome.state).toBe('sent')
    expect(await cached(declined.id)).toMatchObject({
      status: 'declined',
      approval: { declineReason: '超出本月预算' },
    })
    expect((await approvals.queue()).items).toEqual([])
    expect(await approvals.count()).toEqual({ count: 0 })
    await expect(approvals.approve(declined.id)).rejects.toMatchObject({
      code: 'order.notAwaitingApproval',
    })
  })

  it('is for admins only', async () => {
    roles = ['orderer']
    try {
      await expect(approvals.queue()).rejects.toBeInstanceOf(PortalError)
      await expect(approvals.queue()).rejects.toMatchObject({ code: 'auth.forbidden' })
      expect(await approvals.count()).toEqual({ count: 0 })
    } finally {
      roles = ['admin']
    }
  })

  it('caches the rule: read offline, changed offline through the outbox, sent on reconnect', async () => {
    expect((await engine.sync()).lastError).toBeNull()
    expect((await readApprovalRule(db))?.state.rule.amountAbove).toBe(100)
    let online = false
    const unreachable = {
      baseUrl: sandbox.url,
      call: () => Promise.reject(new PortalError('upstream.unreachable')),
    }
    const app = createApprovalsService({
      database: () => db,
      dealer: () => ({ dealerId: DEALER, serverKey: sandbox.url, roles }),
      outbox,
      sendOutbox: async () => void (online && (await outbox.process())),
      client: () => (online ? session.client() : (unreachable as never)),
    })
    const offline = await app.rule()
    expect(offline).toMatchObject({ rule: { amountAbove: 100 }, waiting: null })
    expect(offline.cachedAt).toEqual(expect.any(Number))
    expect(offline.members.map((member) => member.userId)).toContain('u_agent_li')

    const first = await app.setRule({ amountAbove: 5_000, ordererIds: [] })
    expect(first).toMatchObject({ rule: { amountAbove: 100 }, waiting: { amountAbove: 5_000 } })
    // A second change replaces the first in the outbox: the last one saved is sent.
    await app.setRule({ amountAbove: 6_000, ordererIds: ['u_agent_li'] })
    const waiting = (await outbox.list({ dealerId: DEALER })).filter(
      (item) => item.kind === 'approvalRule.set' && item.status === 'pending',
    )
    expect(waiting).toHaveLength(1)
    expect((await app.rule()).waiting).toEqual({ amountAbove: 6_000, ordererIds: ['u_agent_li'] })

    online = true
    expect((await outbox.process()).sent).toBe(1)
    expect(await app.rule()).toMatchObject({
      rule: { amountAbove: 6_000, ordererIds: ['u_agent_li'] },
      modifiedBy: '王芳',
      cachedAt: null,
      waiting: null,
    })
    expect((await readApprovalRule(db))?.state.rule.amountAbove).toBe(6_000)

    // Online, a refused change rejects with the gateway's code and leaves nothing waiting.
    await expect(app.setRule({ amountAbove: null, ordererIds: ['nobody'] })).rejects.toMatchObject({
      code: 'approval.ordererNotMember',
    })
    expect(
      (await outbox.list({ dealerId: DEALER })).filter(
        (item) => item.kind === 'approvalRule.set' && item.status !== 'sent',
      ),
    ).toEqual([])
  })
})
