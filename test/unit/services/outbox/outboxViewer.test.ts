import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createOutbox } from '../../../../electron/services/outbox/outbox'
import {
  outboxViewer,
  viewerCounts,
  visibleTo,
} from '../../../../electron/services/outbox/outboxViewer'
import { createHandlers, type HandlerServices } from '../../../../electron/main/handlers'
import { createOutboxSender } from '../../../../electron/services/outbox/outboxSender'

describe('whose outbox items a user sees', () => {
  it('only the signed-in user’s unsent items for the current server; legacy items by dealer', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-viewer-')), 'outbox.json')
    let owner: string | undefined = 'agent.li'
    const outbox = createOutbox({
      file,
      autoRetry: false,
      owner: () => owner,
      send: async (item) =>
        item.kind === 'order.cancel'
          ? { ok: true, result: null }
          : { ok: false, retry: true, error: { code: 'upstream.unreachable' } },
    })
    const sent = await outbox.enqueue({
      kind: 'order.cancel',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      payload: {},
    })
    await outbox.process()
    const mine = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      payload: {},
    })
    const otherServer = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'd_sh',
      serverUrl: 'https://other.example',
      payload: {},
    })
    owner = 'sh.admin'
    const colleague = await outbox.enqueue({
      kind: 'return.submit',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      payload: {},
    })
    owner = undefined
    const legacy = await outbox.enqueue({
      kind: 'return.submit',
      dealerId: 'd_cd',
      serverUrl: 'sandbox',
      payload: {},
    })
    expect(mine.account).toBe('agent.li')
    expect(colleague.account).toBe('sh.admin')

    const items = await outbox.list()
    const viewer = { account: 'Agent.Li', serverKey: 'sandbox', dealerIds: ['d_sh', 'd_cd'] }
    expect(items.filter(visibleTo(viewer)).map((item) => item.id)).toEqual([mine.id, legacy.id])
    expect(items.find((item) => item.id === sent.id)?.status).toBe('sent')
    expect(items.some((item) => item.id === otherServer.id)).toBe(true)
    expect(viewerCounts(items, viewer)).toEqual({ pending: 2, failed: 0 })
    expect(items.filter(visibleTo(null))).toEqual([])
    await outbox.close()
  })

  it('the outbox handlers answer what the session’s user sees', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-viewer-')), 'outbox.json')
    let account = 'agent.li'
    const outbox = createOutbox({
      file,
      autoRetry: false,
      owner: () => account,
      send: async () => ({ ok: false, retry: true, error: { code: 'x' } }),
    })
    await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      payload: {},
    })
    account = 'sh.admin'
    await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      payload: {},
    })
    const session = {
      state: () => ({
        status: 'signedIn',
        user: { account },
        dealers: [{ id: 'd_sh' }],
        dealerId: 'd_sh',
        connectivity: 'online',
        server: null,
      }),
      server: () => ({ key: 'sandbox', url: 'http://127.0.0.1:1' }),
    }
    const handlers = createHandlers({ session, outbox } as unknown as HandlerServices)
    account = 'agent.li'
    expect(outboxViewer(session)).toEqual({
      account: 'agent.li',
      serverKey: 'sandbox',
      dealerIds: ['d_sh'],
    })
    expect(await handlers.outbox.list(undefined, { senderUrl: 'app://dealerdesk/' })).toHaveLength(
      1,
    )
    expect(await handlers.outbox.counts(undefined, { senderUrl: 'app://dealerdesk/' })).toEqual({
      pending: 1,
      failed: 0,
    })
    await outbox.close()
  })
})

describe('sending another user’s submission', () => {
  it('waits for its user: never sent under the signed-in user’s token', async () => {
    const call = vi.fn(async () => ({ id: 'o1' }))
    const session = {
      state: () => ({ status: 'signedIn', user: { account: 'sh.admin' } }),
      server: () => ({ key: 'sandbox' }),
      client: () => ({ call }),
      setConnectivity: () => undefined,
    }
    const send = createOutboxSender(session as never)
    const item = {
      id: 'x',
      kind: 'order.submit',
      dealerId: 'd_sh',
      serverUrl: 'sandbox',
      idempotencyKey: 'k',
      payload: {},
      createdAt: 1,
      status: 'pending',
      attempts: 0,
    } as const
    expect(await send({ ...item, account: 'agent.li' })).toEqual({
      ok: false,
      retry: true,
      error: { code: 'session.otherUser' },
    })
    expect(call).not.toHaveBeenCalled()
    expect(await send({ ...item, account: 'SH.Admin' })).toEqual({ ok: true, result: { id: 'o1' } })
  })
})
