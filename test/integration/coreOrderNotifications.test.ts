import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createCore, type Core } from '../../electron/main/core'
import { createFileSecretStore } from '../../electron/services/session/secretStore'
import { operator } from './helpers'

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
  await vi.waitFor(() => expect(core.workspace.database()).not.toBeNull())
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
