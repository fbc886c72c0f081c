import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createCore, type Core } from '../../electron/main/core'
import { createFileSecretStore } from '../../electron/services/session/secretStore'
import { operator, signedInClient } from './helpers'

let sandbox: RunningSandbox
let core: Core
const notify = vi.fn()

beforeAll(async () => {
  sandbox = await startSandbox({ products: 300, seed: 7 })
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-core-orders-'))
  core = createCore({
    appInfo: {
      name: 'DealerDesk',
      version: '1.0.0',
      platform: 'linux',
      locale: 'zh-CN',
      dataDirectory,
      runtime: 'electron',
      electronVersion: null,
    },
    isTrustedSender: () => true,
    secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
    // The test's own sandbox stands in for the embedded one (warmed up at start).
    startSandbox: async () => ({ url: sandbox.url, close: async () => undefined }),
    notify,
  })
  await core.ready
})
afterAll(async () => {
  await core.close()
  await sandbox.close()
})

it('a status change brought by sync is pushed to the renderer and shown as a native notification in the app language', async () => {
  await core.session.login({
    server: { kind: 'url', url: sandbox.url },
    account: 'sh.admin',
    password: 'Demo@2026',
    remember: false,
  })
  // The cache opens in its worker after sign-in: wait for it (not a 1 s poll, too short under load).
  expect(await core.workspace.current()).not.toBeNull()
  await core.workspace.syncNow()
  const order = (await core.workspace
    .database()!
    .get<{ id: string; number: string }>(
      "SELECT id, number FROM orders WHERE status = 'under_review' LIMIT 1",
    ))!
  const events: unknown[] = []
  core.hub.subscribe((event, payload) => {
    if (event === 'orders:statusChanged') events.push(payload)
  })

  await operator(sandbox, 'POST', `/orders/${order.number}/approve`)
  await core.workspace.syncNow()

  expect(events).toEqual([
    {
      dealerId: 'd_sh',
      orderId: order.id,
      number: order.number,
      from: 'under_review',
      to: 'confirmed',
    },
  ])
  await vi.waitFor(() =>
    expect(notify).toHaveBeenCalledWith('订单状态更新', `订单 ${order.number} 已确认`),
  )
})

it('a return refunded and an invoice request issued, brought by sync, are pushed to the renderer', async () => {
  const db = core.workspace.database()!
  // A return and an invoice request under review, made by the dealer and cached by a sync.
  const delivered = (
    await db.all<{ record: string }>(
      "SELECT record FROM orders WHERE status IN ('delivered', 'received') ORDER BY number",
    )
  ).map(
    (row) =>
      JSON.parse(row.record) as {
        id: string
        invoiceableAmount: number
        lines: { lineId: string; deliveredQuantity: number; returnedQuantity?: number }[]
      },
  )
  const invoiceable = delivered.find((order) => order.invoiceableAmount > 0)!
  const returnable = delivered.find((order) =>
    order.lines.some((line) => line.deliveredQuantity > (line.returnedQuantity ?? 0)),
  )!
  const client = await signedInClient(sandbox.url, 'sh.admin')
  const created = await client.call('createReturn', {
    params: { dealerId: 'd_sh' },
    body: {
      lines: [
        {
          orderId: returnable.id,
          orderLineId: returnable.lines.find(
            (line) => line.deliveredQuantity > (line.returnedQuantity ?? 0),
          )!.lineId,
          quantity: 1,
        },
      ],
      reason: 'quality',
    },
    idempotencyKey: 'core-notifications-return',
  })
  const returned = { id: created.id, number: created.number, status: 'under_review' }
  const invoice = await client.call('createInvoiceRequest', {
    params: { dealerId: 'd_sh' },
    body: {
      type: 'vatGeneral',
      profileId: 'ipf_sh_1',
      orders: [{ orderId: invoiceable.id, amount: 1 }],
    },
    idempotencyKey: 'core-notifications-invoice',
  })
  await core.workspace.syncNow()
  const events: Array<{ event: string; payload: unknown }> = []
  core.hub.subscribe((event, payload) => {
    if (event === 'returns:statusChanged' || event === 'invoices:statusChanged')
      events.push({ event, payload })
  })
  const steps = ['approve', 'receive', 'refund']
  for (const step of steps) await operator(sandbox, 'POST', `/returns/${returned.number}/${step}`)
  await operator(sandbox, 'POST', `/invoice-requests/${invoice.number}/issue`, {
    invoiceNumber: '04418888',
  })
  await core.workspace.syncNow()

  expect(events).toEqual(
    expect.arrayContaining([
      {
        event: 'returns:statusChanged',
        payload: {
          dealerId: 'd_sh',
          id: returned.id,
          number: returned.number,
          from: returned.status,
          to: 'refunded',
        },
      },
      {
        event: 'invoices:statusChanged',
        payload: {
          dealerId: 'd_sh',
          id: invoice.id,
          number: invoice.number,
          from: 'under_review',
          to: 'issued',
        },
      },
    ]),
  )
  expect(events).toHaveLength(2)
})
