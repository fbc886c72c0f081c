/**
 * The outbox's promise to the user: a process killed right after it said "saved" loses nothing: on
 * restart the item is pending and is sent exactly once. And 200 submissions through a connection
 * failing 30% of the time reach the upstream exactly once each, in order.
 */
import { spawn } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  createOutbox,
  type OutboxItem,
  type SendOutcome,
} from '../../../../electron/services/outbox/outbox'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const childScript = fileURLToPath(new URL('../../../fixtures/outboxEnqueue.ts', import.meta.url))

/** Runs the child, SIGKILLs it the moment it prints "saved", returns that line's id and key. */
function enqueueAndKill(file: string, marker: string): Promise<{ id: string; key: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, file, marker], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let saved: { id: string; key: string } | undefined
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^saved (\S+) (\S+)$/m.exec(stdout)
      if (match && !saved) {
        child.kill('SIGKILL')
        saved = { id: match[1]!, key: match[2]! }
      }
    })
    child.on('exit', (_code, signal) =>
      saved && signal === 'SIGKILL'
        ? resolve(saved)
        : reject(new Error(`child ended without saving: ${stderr}`)),
    )
  })
}

/** The gateway's side of idempotency: the first request with a key creates a record, repeats get the stored result. */
function createDedupingServer() {
  const results = new Map<string, { number: string }>()
  const accepted: string[] = []
  return {
    accepted,
    receive(key: string): { number: string } {
      let result = results.get(key)
      if (!result) {
        result = { number: `SO-${String(accepted.length + 1).padStart(5, '0')}` }
        results.set(key, result)
        accepted.push(key)
      }
      return result
    },
  }
}

describe('outbox crash safety', () => {
  it(
    'keeps an item saved just before a SIGKILL and sends it exactly once after restart',
    { timeout: 60_000 },
    async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-crash-')), 'outbox.json')
      const server = createDedupingServer()
      const sentKeys: string[] = []
      const send = async (item: Readonly<OutboxItem>): Promise<SendOutcome> => {
        sentKeys.push(item.idempotencyKey)
        return { ok: true, result: server.receive(item.idempotencyKey) }
      }
      for (let round = 0; round < 5; round++) {
        const saved = await enqueueAndKill(file, `round-${round}`)
        const outbox = createOutbox({ file, send, autoRetry: false })
        const pending = (await outbox.list()).filter((item) => item.status === 'pending')
        expect(
          pending.map((item) => [
            item.id,
            item.idempotencyKey,
            (item.payload as { marker: string }).marker,
          ]),
        ).toEqual([[saved.id, saved.key, `round-${round}`]])
        await outbox.process()
        await outbox.process() // nothing left: sends nothing more
        await outbox.close()
        expect(sentKeys.filter((key) => key === saved.key)).toHaveLength(1)
        expect(
          (await createOutbox({ file, send }).list()).find((item) => item.id === saved.id)?.status,
        ).toBe('sent')
      }
      expect(server.accepted).toHaveLength(5)
      expect(sentKeys).toHaveLength(5)
    },
  )
})

describe('outbox under a faulty connection', () => {
  it(
    'delivers 200 submissions exactly once each, in order, through 30% retryable failures',
    { timeout: 60_000 },
    async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-faults-')), 'outbox.json')
      const server = createDedupingServer()
      let faults = 0
      const send = async (item: Readonly<OutboxItem>): Promise<SendOutcome> => {
        const roll = Math.random()
        if (roll < 0.15) {
          faults++ // lost before the gateway saw it
          return { ok: false, retry: true, error: { code: 'upstream.unreachable' } }
        }
        const result = server.receive(item.idempotencyKey)
        if (roll < 0.3) {
          faults++ // processed, but the response was lost (reset, 502 from a proxy, timeout)
          return {
            ok: false,
            retry: true,
            error: { code: 'upstream.unavailable', params: { status: 502 } },
          }
        }
        return { ok: true, result }
      }
      const outbox = createOutbox({ file, send, backoff: () => 0, autoRetry: false })
      const keys: string[] = []
      for (let index = 0; index < 200; index++) {
        keys.push(
          (await outbox.enqueue({ kind: 'order.submit', dealerId: 'D-001', payload: { index } }))
            .idempotencyKey,
        )
      }
      let passes = 0
      while ((await outbox.pendingCount()) > 0 && passes < 10_000) {
        await outbox.process()
        passes++
      }
      const items = await outbox.list()
      expect(items.every((item) => item.status === 'sent')).toBe(true)
      expect(faults).toBeGreaterThan(20)
      expect(server.accepted).toEqual(keys) // each key accepted once, in submission order
      expect(items.map((item) => (item.result as { number: string }).number)).toEqual(
        keys.map((_key, index) => `SO-${String(index + 1).padStart(5, '0')}`),
      )
      await outbox.close()
    },
  )
})
