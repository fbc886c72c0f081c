/**
 * Orders approved inside the dealer, seen by the apps over the ShareCRM gateway (the simulator, a
 * gateway on embedded PostgreSQL, real HTTP, the app's sync engine and caches). ShareCRM creates
 * the approved order anew under its own id: the orderer's app still sees its held order become
 * the approved one (awaiting_approval → under_review, one order in its cache, not two), and the
 * admin's app is told of the order that arrived awaiting approval.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order } from '../../../shared/api'
import { buildFieldMap } from '../../../server/backends/sharecrm/fieldMap'
import type { GatewayConfig } from '../../../server/gateway/config'
import { startShareCrmGateway, type RunningGateway } from '../../../server/gateway/start'
import { startShareCrmSim, type RunningSim } from '../../../server/sharecrm-sim/server'
import type { CacheDatabase } from '../../../electron/services/cache/cacheDatabase'
import type { SessionService } from '../../../electron/services/session/sessionService'
import {
  createSyncEngine,
  type OrderStatusTransition,
  type SyncEngine,
} from '../../../electron/services/sync/syncEngine'
import { sandboxSession, temporaryCache } from '../helpers'

const PASSWORD = 'Approve@2026'
let sim: RunningSim
let gateway: RunningGateway
let dealerId: string
let productId: string
let addressId: string
const apps: Record<'orderer' | 'admin', { session: SessionService; db: CacheDatabase }> =
  {} as never
let ordererEngine: SyncEngine
let adminEngine: SyncEngine
const transitions: OrderStatusTransition[] = []
const arrivals: Order[] = []

async function signIn(account: string): Promise<{ session: SessionService; db: CacheDatabase }> {
  const session = sandboxSession(gateway.url, await mkdtemp(join(tmpdir(), 'dealerdesk-hsync-')))
  await session.login({
    server: { kind: 'url', url: gateway.url },
    account,
    password: PASSWORD,
    remember: false,
  })
  return { session, db: await temporaryCache(`approval-sync-${account}`) }
}

const cachedRow = async (db: CacheDatabase, id: string) =>
  db.get<{ status: string; record: string }>('SELECT status, record FROM orders WHERE id = ?', [id])

beforeAll(async () => {
  sim = await startShareCrmSim({ port: 0, products: 300, seed: 3, callsPer20s: 100_000 })
  const config: GatewayConfig = {
    database: 'memory:',
    host: '127.0.0.1',
    port: 0,
    sharecrm: {
      baseUrl: sim.url,
      appId: 'sim-app',
      appSecret: 'sim-secret',
      permanentCode: 'sim-code',
      openUserId: 'FSUID_SIM',
      pollSeconds: 3600,
      callsPer20s: 10_000,
    },
    mapping: {},
    fieldMap: buildFieldMap(),
  }
  gateway = await startShareCrmGateway(config, { poll: false, instanceId: 'approval-sync' })
  dealerId = String(sim.store.all('AccountObj')[0]?._id)
  const books = new Set(
    sim.store
      .all('PriceBookAccountObj')
      .filter((row) => row.account_id === dealerId)
      .map((row) => String(row.pricebook_id)),
  )
  const onSale = new Set(
    sim.store
      .all('ProductObj')
      .filter((row) => row.product_status === '1')
      .map((row) => row._id),
  )
  productId = String(
    sim.store
      .all('PriceBookProductObj')
      .find(
        (item) =>
          books.has(String(item.pricebook_id)) &&
          onSale.has(String(item.product_id)) &&
          [item.min_order_qty__c, item.order_step__c].every(
            (value) => value === undefined || value === null || value === '' || Number(value) === 1,
          ),
      )?.product_id,
  )
  addressId = String(
    sim.store.all('AccountAddrObj').find((row) => row.account_id === dealerId)?._id,
  )
  await fetch(`${sim.url}/sim/accounts/${dealerId}/top-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 100_000_000 }),
  })
  await gateway.mirror.tick()
  await gateway.backend.users.add({
    account: 'li.agent',
    displayName: '李业务',
    password: PASSWORD,
    memberships: [{ dealerId, roles: ['orderer'] }],
  })
  await gateway.backend.users.add({
    account: 'wang.admin',
    displayName: '王管理',
    password: PASSWORD,
    memberships: [{ dealerId, roles: ['admin'] }],
  })
  apps.orderer = await signIn('li.agent')
  apps.admin = await signIn('wang.admin')
  ordererEngine = createSyncEngine({
    db: apps.orderer.db,
    dealerId,
    roles: ['orderer'],
    client: () => apps.orderer.session.client(),
    onOrderStatusChanged: (changes) => transitions.push(...changes),
  })
  adminEngine = createSyncEngine({
    db: apps.admin.db,
    dealerId,
    roles: ['admin'],
    client: () => apps.admin.session.client(),
    onOrdersAwaitingApproval: (orders) => arrivals.push(...orders),
  })
  await apps.admin.session.client().call('setApprovalRule', {
    params: { dealerId },
    body: { amountAbove: 0, ordererIds: [] },
  })
  expect((await ordererEngine.sync()).lastError).toBeNull()
  expect((await adminEngine.sync()).lastError).toBeNull()
}, 180_000)

afterAll(async () => {
  await gateway?.close()
  await sim?.close()
})

describe('approval over the ShareCRM gateway, in the apps', () => {
  let held: Order

  it('tells the admin of an order that arrives awaiting approval', async () => {
    const client = apps.orderer.session.client()
    const lines = [{ productId, quantity: 2 }]
    const quote = await client.call('quote', { params: { dealerId }, body: { lines } })
    held = await client.call('submitOrder', {
      params: { dealerId },
      body: { lines, addressId, payment: { deposit: quote.total, rebate: 0, credit: 0 } },
      idempotencyKey: crypto.randomUUID(),
    })
    expect(held.status).toBe('awaiting_approval')
    expect(arrivals).toEqual([])
    expect((await adminEngine.sync()).lastError).toBeNull()
    expect(arrivals.map((order) => [order.id, order.approval?.reasons])).toEqual([
      [held.id, ['amountAbove']],
    ])
    // Seen once: the next sync does not tell again.
    expect((await adminEngine.sync()).lastError).toBeNull()
    expect(arrivals).toHaveLength(1)
    expect((await ordererEngine.sync()).lastError).toBeNull()
    expect((await cachedRow(apps.orderer.db, held.id))?.status).toBe('awaiting_approval')
  }, 60_000)

  it('shows the orderer the approval, although the order now has ShareCRM’s id', async () => {
    const { order } = await apps.admin.session.client().call('approveOrder', {
      params: { dealerId, id: held.id },
      body: {},
      idempotencyKey: crypto.randomUUID(),
    })
    expect(order.id).not.toBe(held.id)
    expect(order.heldOrderId).toBe(held.id)
    // The admin's app absorbs the answer: the held row goes at once (the queue empties).
    expect(await adminEngine.absorb('orders', order)).toBe(true)
    expect(await cachedRow(apps.admin.db, held.id)).toBeUndefined()

    expect((await ordererEngine.sync()).lastError).toBeNull()
    expect(transitions).toEqual([
      { orderId: order.id, number: order.number, from: 'awaiting_approval', to: 'under_review' },
    ])
    expect(await cachedRow(apps.orderer.db, held.id)).toBeUndefined()
    const approved = JSON.parse((await cachedRow(apps.orderer.db, order.id))!.record) as Order
    expect(approved).toMatchObject({
      status: 'under_review',
      heldOrderId: held.id,
      approval: { decidedBy: '王管理' },
    })
  }, 60_000)
})
