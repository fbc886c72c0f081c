import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createOutbox,
  type OutboxDependencies,
  type OutboxItem,
  type SendOutcome,
} from '../../../../electron/services/outbox/outbox'

const outboxFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-')), 'outbox.json')
const accept = async (item: Readonly<OutboxItem>): Promise<SendOutcome> => ({
  ok: true,
  result: { key: item.idempotencyKey },
})

function recordingSend(
  decide: (item: Readonly<OutboxItem>, call: number) => SendOutcome = (item) => ({
    ok: true,
    result: item.payload,
  }),
) {
  const calls: Array<{ key: string; payload: unknown }> = []
  const send = async (item: Readonly<OutboxItem>) => {
    calls.push({ key: item.idempotencyKey, payload: item.payload })
    return decide(item, calls.length)
  }
  return { calls, send }
}

async function newOutbox(deps: Partial<OutboxDependencies> = {}) {
  return createOutbox({ file: await outboxFile(), send: accept, autoRetry: false, ...deps })
}

describe('outbox', () => {
  it('writes the item with its idempotency key to disk before enqueue resolves', async () => {
    const file = await outboxFile()
    const outbox = createOutbox({ file, send: accept })
    const item = await outbox.enqueue({
      kind: 'return.submit',
      dealerId: 'D-001',
      payload: { orderId: 'SO-1', reason: '破损' },
    })
    const stored = JSON.parse(await readFile(file, 'utf8')) as { items: OutboxItem[] }
    expect(stored.items).toEqual([
      expect.objectContaining({
        id: item.id,
        idempotencyKey: item.idempotencyKey,
        status: 'pending',
        payload: { orderId: 'SO-1', reason: '破损' },
      }),
    ])
    expect(item.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(
      (
        await outbox.enqueue({
          kind: 'order.cancel',
          dealerId: 'D-001',
          payload: {},
          idempotencyKey: 'given-key',
        })
      ).idempotencyKey,
    ).toBe('given-key')
  })

  it('refuses to say saved when the write fails, and does not queue the item', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-'))
    const errors: unknown[] = []
    const outbox = createOutbox({
      file: join(folder, 'data', 'outbox.json'),
      send: accept,
      onPersistError: (error) => errors.push(error),
    })
    const first = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'D-001',
      payload: { n: 1 },
    })
    // The data folder becomes a file: every write fails from now on.
    await rm(join(folder, 'data'), { recursive: true })
    await writeFile(join(folder, 'data'), 'a file where the folder should be')
    await expect(
      outbox.enqueue({ kind: 'order.submit', dealerId: 'D-001', payload: { n: 2 } }),
    ).rejects.toMatchObject({ code: 'outbox.saveFailed' })
    expect((await outbox.list()).map((item) => item.id)).toEqual([first.id])
    expect(errors).toHaveLength(1)
  })

  it('sends in order, marks success as sent with the result, and reports counts', async () => {
    const changes: number[] = []
    const { calls, send } = recordingSend()
    const outbox = await newOutbox({
      send,
      onChange: (items) => changes.push(items.filter((item) => item.status === 'pending').length),
    })
    for (const index of [1, 2, 3])
      await outbox.enqueue({ kind: 'order.submit', dealerId: 'D-001', payload: { index } })
    expect(await outbox.counts()).toEqual({ pending: 3, failed: 0 })
    expect(await outbox.process()).toEqual({ sent: 3, failed: 0, pending: 0, nextAttemptAt: null })
    expect(calls.map((call) => call.payload)).toEqual([{ index: 1 }, { index: 2 }, { index: 3 }])
    const items = await outbox.list()
    expect(items.map((item) => [item.status, item.result])).toEqual([
      ['sent', { index: 1 }],
      ['sent', { index: 2 }],
      ['sent', { index: 3 }],
    ])
    expect(changes.at(-1)).toBe(0)
    expect(changes.length).toBeGreaterThanOrEqual(9) // 3 enqueues + sending/sent for each
  })

  it('retries a network fault with the same key after a backoff, holding back that dealer only', async () => {
    let now = 10_000
    const { calls, send } = recordingSend((item, call) =>
      (item.payload as { n: string }).n === 'a1' && call === 1
        ? { ok: false, retry: true, error: { code: 'upstream.unreachable' } }
        : { ok: true, result: null },
    )
    const outbox = await newOutbox({
      send,
      clock: () => now,
      backoff: (attempts) => attempts * 1000,
    })
    const first = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'A',
      payload: { n: 'a1' },
    })
    await outbox.enqueue({ kind: 'order.submit', dealerId: 'A', payload: { n: 'a2' } })
    await outbox.enqueue({ kind: 'order.submit', dealerId: 'B', payload: { n: 'b1' } })
    expect(await outbox.process()).toEqual({
      sent: 1,
      failed: 0,
      pending: 2,
      nextAttemptAt: 11_000,
    })
    expect(calls.map((call) => (call.payload as { n: string }).n)).toEqual(['a1', 'b1']) // a2 did not overtake a1
    const waiting = (await outbox.list()).find((item) => item.id === first.id)!
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: { code: 'upstream.unreachable' },
    })
    await outbox.process() // backoff not over: nothing sent
    expect(calls).toHaveLength(2)
    now = 11_000
    await outbox.process()
    expect(calls.map((call) => (call.payload as { n: string }).n)).toEqual(['a1', 'b1', 'a1', 'a2'])
    expect(calls[2]!.key).toBe(first.idempotencyKey)
    expect(await outbox.pendingCount()).toBe(0)
  })

  it('waits at least Retry-After and retries by itself when the backoff expires', async () => {
    let attempt = 0
    const send = async (): Promise<SendOutcome> =>
      ++attempt === 1
        ? { ok: false, retry: true, error: { code: 'upstream.throttled' }, retryAfterMs: 30 }
        : { ok: true, result: 1 }
    const sentAll = new Promise<void>((resolve) => {
      void newOutbox({
        send,
        backoff: () => 1,
        autoRetry: true,
        onChange: (items) => items.every((item) => item.status === 'sent') && resolve(),
      }).then(async (outbox) => {
        await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: {} })
        const report = await outbox.process()
        expect(report.nextAttemptAt! - Date.now()).toBeGreaterThan(15)
      })
    })
    await sentAll
    expect(attempt).toBe(2)
  })

  it('marks a definitive rejection failed, keeps the payload, and lets later items through', async () => {
    const { calls, send } = recordingSend((item) =>
      (item.payload as { n: number }).n === 1
        ? {
            ok: false,
            retry: false,
            error: { code: 'order.rebateAboveAllowance', params: { allowance: 120000 } },
          }
        : { ok: true, result: null },
    )
    const outbox = await newOutbox({ send })
    const rejected = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'D',
      payload: { n: 1 },
    })
    await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: { n: 2 } })
    expect(await outbox.process()).toMatchObject({ sent: 1, failed: 1, pending: 0 })
    const failed = (await outbox.list()).find((item) => item.id === rejected.id)!
    expect(failed).toMatchObject({
      status: 'failed',
      payload: { n: 1 },
      lastError: { code: 'order.rebateAboveAllowance', params: { allowance: 120000 } },
    })
    expect(await outbox.counts()).toEqual({ pending: 0, failed: 1 })
    await outbox.process()
    expect(calls).toHaveLength(2) // a failed item is not retried by itself

    const again = await outbox.resubmit(rejected.id, { n: 1, rebate: 100000 })
    expect(again.idempotencyKey).not.toBe(rejected.idempotencyKey)
    expect(again).toMatchObject({
      id: rejected.id,
      status: 'pending',
      attempts: 0,
      payload: { n: 1, rebate: 100000 },
    })
    expect(again.lastError).toBeUndefined()
    expect((await outbox.list()).at(-1)!.id).toBe(rejected.id) // back of the queue
    await expect(outbox.resubmit(rejected.id)).rejects.toMatchObject({
      code: 'outbox.notResubmittable',
    })
  })

  it('puts items left "sending" by a crash back to pending, to be sent under the same key', async () => {
    const file = await outboxFile()
    const item = {
      id: 'i-1',
      kind: 'delivery.confirmReceipt',
      dealerId: 'D',
      idempotencyKey: 'k-1',
      payload: { deliveryId: 'DN-1' },
      createdAt: 1,
      status: 'sending',
      attempts: 0,
    }
    await writeFile(file, JSON.stringify({ version: 1, items: [item] }))
    const { calls, send } = recordingSend()
    const outbox = createOutbox({ file, send, autoRetry: false })
    expect((await outbox.list())[0]!.status).toBe('pending')
    await outbox.process()
    expect(calls).toEqual([{ key: 'k-1', payload: { deliveryId: 'DN-1' } }])
  })

  it('runs one pass at a time: concurrent process calls join it and nothing is sent twice', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const { calls, send } = recordingSend()
    const outbox = await newOutbox({ send: async (item) => (await gate, send(item)) })
    await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: { n: 1 } })
    const first = outbox.process()
    await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: { n: 2 } })
    const second = outbox.process()
    expect(second).toBe(first)
    release()
    await Promise.all([first, second])
    expect(calls.map((call) => call.payload)).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('treats a throwing send as a retryable fault', async () => {
    const outbox = await newOutbox({
      send: async () => {
        throw new Error('socket hang up')
      },
    })
    await outbox.enqueue({ kind: 'invoiceRequest.submit', dealerId: 'D', payload: {} })
    await outbox.process()
    expect((await outbox.list())[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: { code: 'outbox.sendFailed' },
    })
  })

  it('discards items that are not being sent, and prunes old sent items', async () => {
    let now = 0
    const outbox = await newOutbox({ clock: () => now })
    const kept = await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: {} })
    await outbox.process()
    now = 10_000
    const dropped = await outbox.enqueue({
      kind: 'invoiceProfile.save',
      dealerId: 'D',
      payload: {},
    })
    await outbox.discard(dropped.id)
    await expect(outbox.discard('nope')).rejects.toMatchObject({ code: 'outbox.itemNotFound' })
    expect(await outbox.prune(20_000)).toBe(0)
    expect(await outbox.prune(5_000)).toBe(1)
    expect((await outbox.list()).map((item) => item.id)).not.toContain(kept.id)
    expect(await outbox.list()).toEqual([])
  })

  it('refuses to discard an item while it is being sent', async () => {
    let release!: () => void
    const outbox = await newOutbox({
      send: () => new Promise((resolve) => (release = () => resolve({ ok: true, result: null }))),
    })
    const item = await outbox.enqueue({ kind: 'order.submit', dealerId: 'D', payload: {} })
    const running = outbox.process()
    await new Promise((resolve) => setTimeout(resolve, 10))
    await expect(outbox.discard(item.id)).rejects.toMatchObject({ code: 'outbox.itemBusy' })
    release()
    await running
  })

  it('moves an unreadable file aside, keeps it, and starts empty', async () => {
    const file = await outboxFile()
    await mkdir(join(file, '..'), { recursive: true })
    await writeFile(file, '{"version":1,"items":[{"id":"x"') // torn
    const aside: string[] = []
    const outbox = createOutbox({ file, send: accept, onCorrupt: (path) => aside.push(path) })
    expect(await outbox.list()).toEqual([])
    expect(aside).toHaveLength(1)
    expect(await readFile(aside[0]!, 'utf8')).toBe('{"version":1,"items":[{"id":"x"')
    expect(
      (await readdir(join(file, '..'))).some((name) => name.startsWith('outbox.json.corrupt-')),
    ).toBe(true)
  })

  it('stops retrying a submission the server keeps answering 5xx: failed with the reason, resubmittable under the same key', async () => {
    const serverDown: SendOutcome = {
      ok: false,
      retry: true,
      serverError: true,
      error: { code: 'server.internal' },
    }
    const offline: SendOutcome = { ok: false, retry: true, error: { code: 'upstream.unreachable' } }
    let answer: SendOutcome = serverDown
    const { calls, send } = recordingSend(() => answer)
    const file = await outboxFile()
    const outbox = createOutbox({
      file,
      send,
      backoff: () => 0,
      autoRetry: false,
      maxServerErrors: 3,
    })
    const item = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'D-001',
      payload: { n: 1 },
    })
    const later = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: 'D-001',
      payload: { n: 2 },
    })
    for (let pass = 0; pass < 2; pass++) expect((await outbox.process()).failed).toBe(0)
    // Offline in between does not count towards the bound: being offline is retried without end.
    answer = offline
    for (let pass = 0; pass < 5; pass++) await outbox.process()
    answer = serverDown
    expect((await outbox.process()).failed).toBe(1)
    const failed = (await outbox.list()).find((entry) => entry.id === item.id)!
    expect(failed).toMatchObject({
      status: 'failed',
      serverErrors: 3,
      lastError: { code: 'server.internal' },
    })
    // The failed head no longer holds back the dealer's next submission.
    answer = { ok: true, result: {} }
    await outbox.process()
    expect((await outbox.list()).find((entry) => entry.id === later.id)?.status).toBe('sent')
    // The state survives a restart.
    const reopened = createOutbox({ file, send, autoRetry: false, maxServerErrors: 3 })
    expect((await reopened.list()).find((entry) => entry.id === item.id)).toMatchObject({
      status: 'failed',
      serverErrors: 3,
    })
    const again = await outbox.resubmit(item.id)
    expect(again).toMatchObject({
      status: 'pending',
      idempotencyKey: item.idempotencyKey,
      serverErrors: 0,
    })
    await outbox.process()
    expect(calls.filter((call) => call.key === item.idempotencyKey).length).toBe(2 + 5 + 1 + 1)
    expect((await outbox.list()).find((entry) => entry.id === item.id)?.status).toBe('sent')
  })

  it('removes the temporary files a crash left mid-write at start, keeping the queue', async () => {
    const file = await outboxFile()
    const first = createOutbox({ file, send: accept, autoRetry: false })
    const kept = await first.enqueue({ kind: 'order.submit', dealerId: 'D-001', payload: { n: 1 } })
    // What a kill -9 between creating and renaming the temporary file leaves behind.
    const leftovers = ['.outbox.json.0123456789ab.tmp', '.outbox.json.ffffffffffff.tmp']
    for (const name of leftovers) await writeFile(join(file, '..', name), '{"version":1,"items":[')
    await writeFile(join(file, '..', 'notes.tmp'), 'not ours')
    const second = createOutbox({ file, send: accept, autoRetry: false })
    expect((await second.list()).map((item) => item.id)).toEqual([kept.id])
    expect((await readdir(join(file, '..'))).sort()).toEqual(['notes.tmp', 'outbox.json'])
  })
})
