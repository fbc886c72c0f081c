import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InvoiceProfile } from '../../shared/api'
import { invoiceableAmount } from '../../shared/domain/invoices'
import type { RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import {
  createInvoicesService,
  type InvoicesService,
} from '../../electron/services/invoices/invoicesService'
import type { Outbox } from '../../electron/services/outbox/outbox'
import type { SessionService } from '../../electron/services/session/sessionService'
import type { SyncEngine } from '../../electron/services/sync/syncEngine'
import { dealerFixture, operator, signedInClient, type DealerFixture } from './helpers'

const DEALER = 'd_cd'
let fixture: DealerFixture
let sandbox: RunningSandbox
let session: SessionService
let db: CacheDatabase
let engine: SyncEngine
let outbox: Outbox
let service: InvoicesService

const meProfiles = (): InvoiceProfile[] =>
  session.me()?.dealers.find((dealer) => dealer.id === DEALER)?.invoiceProfiles ?? []

function serviceWith(sendOutbox: () => Promise<void>): InvoicesService {
  return createInvoicesService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, serverKey: session.server()?.key, profiles: meProfiles() }),
    outbox,
    sendOutbox,
  })
}

beforeAll(async () => {
  fixture = await dealerFixture({
    name: 'invoices',
    sandbox: { products: 200, seed: 11 },
    account: 'cd.accountant',
    dealerId: DEALER,
    roles: ['accountant'],
  })
  ;({ sandbox, session, db, engine, outbox } = fixture)
  expect(session.state().dealerId).toBe(DEALER)
  service = serviceWith(fixture.sendAndSync)
}, 120_000)
afterAll(() => fixture.close())

describe('invoices service over a cache synced from the sandbox', () => {
  it('lists the orders with an invoiceable amount: delivered − returned − already requested', async () => {
    const orders = await service.invoiceableOrders()
    expect(orders.length).toBeGreaterThan(0)
    for (const order of orders) {
      expect(order.invoiceable).toBe(invoiceableAmount(order))
      expect(order.invoiceable).toBeGreaterThan(0)
    }
    const page = await service.list({ offset: 0, limit: 50 })
    expect(page.total).toBe(
      (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM invoice_requests'))!.n,
    )
    if (page.items[0])
      expect((await service.get(page.items[0].id))?.number).toBe(page.items[0].number)
  })

  it('refuses more than the invoiceable sum and a profile that does not exist', async () => {
    const [order] = await service.invoiceableOrders()
    const base = {
      orderIds: [order!.id],
      type: 'vatGeneral' as const,
      idempotencyKey: randomUUID(),
    }
    await expect(
      service.create({ ...base, profileId: meProfiles()[0]!.id, amount: order!.invoiceable + 1 }),
    ).rejects.toMatchObject({
      code: 'invoice.amountAboveInvoiceable',
      params: { invoiceable: order!.invoiceable },
    })
    await expect(
      service.create({ ...base, profileId: 'ipf_nope', amount: 1 }),
    ).rejects.toMatchObject({ code: 'invoice.profileNotFound' })
  })

  it('submits once per key through the outbox; the sync brings it back and lowers the invoiceable amount', async () => {
    const [order] = await service.invoiceableOrders()
    const before = (await service.list({ offset: 0, limit: 1 })).total
    const request = {
      orderIds: [order!.id],
      type: 'vatGeneral' as const,
      profileId: meProfiles()[0]!.id,
      amount: 100,
      idempotencyKey: randomUUID(),
    }
    const first = await service.create(request)
    expect(first.state).toBe('sent')
    const again = await service.create(request)
    expect(again.outboxId).toBe(first.outboxId)
    expect((await service.list({ offset: 0, limit: 1 })).total).toBe(before + 1)
    const after = (await service.invoiceableOrders()).find(
      (candidate) => candidate.id === order!.id,
    )
    expect(after?.invoiceable ?? 0).toBe(order!.invoiceable - 100)
  })

  it('saves a new profile once per key and offers it afterwards', async () => {
    const key = randomUUID()
    const profile = {
      type: 'electronicGeneral' as const,
      title: '成都蓉泰电子票',
      taxpayerId: '91110000600037341L',
      email: 'fin@rongtai.cn',
    }
    const saved = await service.saveProfile({ profile, idempotencyKey: key })
    expect(saved.state).toBe('sent')
    expect(saved.profile?.title).toBe(profile.title)
    const again = await service.saveProfile({ profile, idempotencyKey: key })
    expect(again.profile?.id).toBe(saved.profile?.id)
    expect(
      (await service.profiles()).filter((candidate) => candidate.title === profile.title),
    ).toHaveLength(1)
    const me = await session.client().call('me')
    expect(
      me.dealers
        .find((dealer) => dealer.id === DEALER)
        ?.invoiceProfiles.filter((candidate) => candidate.title === profile.title),
    ).toHaveLength(1)
    await expect(
      service.saveProfile({
        profile: { ...profile, taxpayerId: '91110000600037341X' },
        idempotencyKey: randomUUID(),
      }),
    ).rejects.toMatchObject({
      code: 'invoice.taxpayerIdChecksum',
      params: { position: 18, expected: 'L', actual: 'X' },
    })
  })

  it('creates a request with a new profile in one go', async () => {
    const [order] = await service.invoiceableOrders()
    const outcome = await service.create({
      orderIds: [order!.id],
      type: 'vatGeneral',
      profile: { type: 'vatGeneral', title: '成都蓉泰一步到位', taxpayerId: '91350100M000100Y43' },
      amount: 50,
      idempotencyKey: randomUUID(),
    })
    expect(outcome.state).toBe('sent')
    expect((await service.profiles()).some((profile) => profile.title === '成都蓉泰一步到位')).toBe(
      true,
    )
  })

  it('keeps a request offline in the outbox and counts it against the invoiceable amount', async () => {
    const offline = serviceWith(async () => undefined)
    const [order] = await offline.invoiceableOrders()
    const outcome = await offline.create({
      orderIds: [order!.id],
      type: 'vatGeneral',
      profileId: meProfiles()[0]!.id,
      amount: 30,
      idempotencyKey: randomUUID(),
    })
    expect(outcome.state).toBe('pending')
    const waiting = (await offline.invoiceableOrders()).find(
      (candidate) => candidate.id === order!.id,
    )
    expect(waiting?.invoiceable ?? 0).toBe(order!.invoiceable - 30)
    await outbox.process()
    await engine.sync()
    const synced = (await service.invoiceableOrders()).find(
      (candidate) => candidate.id === order!.id,
    )
    expect(synced?.invoiceable ?? 0).toBe(order!.invoiceable - 30)
  })

  it('queues a request with a new profile offline; once online it goes with exactly one new profile', async () => {
    const offline = serviceWith(async () => undefined)
    const [order] = await offline.invoiceableOrders()
    const profile = {
      type: 'vatGeneral' as const,
      title: '成都蓉泰离线开票',
      taxpayerId: '91350100M000100Y43',
    }
    const outcome = await offline.create({
      orderIds: [order!.id],
      type: 'vatGeneral',
      profile,
      amount: 40,
      idempotencyKey: randomUUID(),
    })
    expect(outcome.state).toBe('pending')
    const queued = (await outbox.list({ dealerId: DEALER })).filter(
      (item) => item.status === 'pending',
    )
    expect(queued.map((item) => item.kind)).toEqual([
      'invoiceProfile.save',
      'invoiceRequest.submit',
    ])
    expect(
      (await offline.invoiceableOrders()).find((candidate) => candidate.id === order!.id)
        ?.invoiceable ?? 0,
    ).toBe(order!.invoiceable - 40)
    const before = await offline.list({ offset: 0, limit: 1000 })
    expect(before.items[0]).toMatchObject({
      id: queued[1]!.id,
      number: null,
      status: 'pending',
      amount: 40,
      title: profile.title,
      orderNumbers: [order!.number],
      outbox: { state: 'pending', error: null },
    })
    expect(before.total).toBe(before.items.length)

    expect(await outbox.process()).toMatchObject({ sent: 2, failed: 0 })
    await engine.sync()
    const after = await service.list({ offset: 0, limit: 1000 })
    expect(after.items.filter((item) => item.status === 'pending')).toEqual([])
    expect(after.items[0]).toMatchObject({
      status: 'under_review',
      amount: 40,
      title: profile.title,
      outbox: null,
    })
    expect(after.total).toBe(before.total)
    const [savedProfile, request] = await Promise.all(
      queued.map(async (item) =>
        (await outbox.list({ dealerId: DEALER })).find((candidate) => candidate.id === item.id),
      ),
    )
    const profileId = (savedProfile!.result as InvoiceProfile).id
    expect((request!.result as { profile: InvoiceProfile }).profile).toMatchObject({
      id: profileId,
      title: profile.title,
    })
    const me = await session.client().call('me')
    expect(
      me.dealers
        .find((dealer) => dealer.id === DEALER)
        ?.invoiceProfiles.filter((candidate) => candidate.title === profile.title),
    ).toHaveLength(1)
  })

  it('creates the new profile with the request when the profile item is no longer in the outbox', async () => {
    const offline = serviceWith(async () => undefined)
    const [order] = await offline.invoiceableOrders()
    const profile = {
      type: 'vatGeneral' as const,
      title: '成都蓉泰随单开票',
      taxpayerId: '91350100M000100Y43',
    }
    expect(
      (
        await offline.create({
          orderIds: [order!.id],
          type: 'vatGeneral',
          profile,
          amount: 20,
          idempotencyKey: randomUUID(),
        })
      ).state,
    ).toBe('pending')
    const profileItem = (await outbox.list({ dealerId: DEALER })).find(
      (item) => item.kind === 'invoiceProfile.save' && item.status === 'pending',
    )
    await outbox.discard(profileItem!.id)
    expect(await outbox.process()).toMatchObject({ sent: 1, failed: 0 })
    await engine.sync()
    const [latest] = (await service.list({ offset: 0, limit: 1 })).items
    expect(latest).toMatchObject({ amount: 20, title: profile.title })
    const me = await session.client().call('me')
    expect(
      me.dealers
        .find((dealer) => dealer.id === DEALER)
        ?.invoiceProfiles.filter((candidate) => candidate.title === profile.title),
    ).toHaveLength(1)
  })

  it('a request the gateway refuses can be corrected: the draft gives it back, the edit resubmits the same item', async () => {
    const [order] = await service.invoiceableOrders()
    const profileId = meProfiles()[0]!.id
    // A colleague requests 10.00 of this order first; this cache does not know it yet.
    const elsewhere = await signedInClient(sandbox.url, 'cd.accountant')
    await elsewhere.call('createInvoiceRequest', {
      params: { dealerId: DEALER },
      body: { type: 'vatGeneral', profileId, orders: [{ orderId: order!.id, amount: 1_000 }] },
      idempotencyKey: randomUUID(),
    })
    const refused = await service.create({
      orderIds: [order!.id],
      type: 'vatGeneral',
      profileId,
      amount: order!.invoiceable,
      remark: '五月货款',
      idempotencyKey: randomUUID(),
    })
    expect(refused).toMatchObject({
      state: 'failed',
      error: { code: 'invoice.amountAboveInvoiceable' },
    })

    const draft = await service.draft(refused.outboxId)
    expect(draft).toEqual({
      outboxId: refused.outboxId,
      orderIds: [order!.id],
      type: 'vatGeneral',
      profileId,
      profile: null,
      amount: order!.invoiceable,
      remark: '五月货款',
      error: expect.objectContaining({ code: 'invoice.amountAboveInvoiceable' }),
    })
    const corrected = await service.create({
      orderIds: draft!.orderIds,
      type: draft!.type,
      profileId,
      amount: order!.invoiceable - 1_000,
      remark: draft!.remark,
      idempotencyKey: randomUUID(),
      replacesOutboxId: draft!.outboxId,
    })
    expect(corrected).toEqual({ outboxId: refused.outboxId, state: 'sent' })
    expect(await service.draft(refused.outboxId)).toBeNull()
    await expect(
      service.create({
        orderIds: [order!.id],
        type: 'vatGeneral',
        profileId,
        amount: 1,
        idempotencyKey: randomUUID(),
        replacesOutboxId: refused.outboxId,
      }),
    ).rejects.toMatchObject({ code: 'outbox.notResubmittable' })
    expect(
      (await service.invoiceableOrders()).find((candidate) => candidate.id === order!.id),
    ).toBeUndefined()
  })

  it('shows the invoice number once the operator issued it and the sync ran', async () => {
    const [latest] = (await service.list({ offset: 0, limit: 1 })).items
    await operator(sandbox, 'POST', `/invoice-requests/${latest!.number}/issue`, {
      invoiceNumber: '04419999',
    })
    await engine.sync()
    const issued = await service.get(latest!.id)
    expect(issued).toMatchObject({ status: 'issued', invoiceNumber: '04419999' })
    expect(issued?.issuedAt).toBeGreaterThan(0)
  })
})
