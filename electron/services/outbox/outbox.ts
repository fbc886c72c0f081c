/**
 * The outbox: a durable, ordered queue of the user's submissions (domain.md, Offline: "Nothing the
 * user submitted is ever lost: it is on disk before the UI says saved").
 *
 * Durability. The whole queue is one JSON file replaced atomically with fsync (writeFileAtomic).
 * `enqueue` and `resubmit` resolve only after that write; if it fails they reject with
 * PortalError('outbox.saveFailed') and the item is not queued: the UI must not say "saved".
 * Later state changes (sent, failed, attempts) are written too, but a lost write there is harmless:
 * the item is simply sent again under the same key.
 *
 * Idempotency. Every item carries an Idempotency-Key generated once at enqueue and reused on every
 * retry, including after a crash or restart (an item found `sending` at startup goes back to
 * `pending`): the gateway returns the first result for a key it has seen, so a resend never
 * creates a second record. `resubmit` (after a definitive rejection, usually with edited data)
 * is a new submission and gets a NEW key.
 *
 * Order. Items are sent one at a time in queue order, per (server, dealer). A retryable failure
 * (network fault, 5xx, 429) keeps the item `pending` with `attempts + 1` and a backoff, and holds
 * back that dealer's later items until it goes through, so they never overtake it. Being offline
 * is retried without end, a failing server is not: after `maxServerErrors` 5xx answers the item
 * becomes `failed` with the server's error, to be resubmitted (under the SAME key when unchanged,
 * so a write the server did make is found, not made twice) or discarded by the user. A definitive
 * rejection (4xx with a code) marks the item `failed`, keeps its payload for editing, and does not
 * hold back later items. Success marks it `sent` with the upstream result.
 */
import { randomUUID } from 'node:crypto'
import { PortalError } from '../../../shared/contract/result'
import { OUTBOX_KINDS } from '../../../shared/contract/workspace'
import { removeStaleTemporaryFiles, writeFileAtomic } from '../../../node/atomicFile'
import { readOutboxFile } from './outboxFile'
import { retryDelayMs, type BackoffPolicy } from '../../../shared/retry/retryPolicy'
import type {
  Outbox,
  OutboxDependencies,
  OutboxItem,
  ProcessReport,
  SendOutcome,
} from './outboxTypes'

export type {
  EnqueueInput,
  Outbox,
  OutboxCounts,
  OutboxDependencies,
  OutboxItem,
  OutboxKind,
  OutboxStatus,
  ProcessReport,
  SendOutcome,
} from './outboxTypes'

/** A submission waits 0.5–1 s before its first retry, and never more than 5 minutes. */
const OUTBOX_BACKOFF: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 5 * 60_000 }

export function createOutbox(deps: OutboxDependencies): Outbox {
  const clock = deps.clock ?? Date.now
  const backoff = deps.backoff ?? ((attempts: number) => retryDelayMs(attempts, OUTBOX_BACKOFF))
  const maxServerErrors = deps.maxServerErrors ?? 6
  let items: OutboxItem[] = []
  let loading: Promise<void> | undefined
  let writing: Promise<void> = Promise.resolve()
  let running: Promise<ProcessReport> | undefined
  let lookAgain = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  function load(): Promise<void> {
    if (loading) return loading
    // Temporary files of a write a crash interrupted; nothing is written before the load.
    const stored = removeStaleTemporaryFiles(deps.file)
      .catch(() => 0)
      .then(() => readOutboxFile(deps.file, clock, deps.onCorrupt))
    loading = stored.then(
      (found) => {
        // A crash mid-send: send again, under the same key. Backoffs do not survive a restart.
        items = found.map((item) => ({
          ...item,
          status: item.status === 'sending' ? 'pending' : item.status,
          nextAttemptAt: undefined,
        }))
      },
      (error: unknown) => {
        loading = undefined // e.g. EACCES: try again next time
        deps.onPersistError?.(error)
        throw new PortalError('outbox.unreadable')
      },
    )
    return loading
  }

  /** Writes the queue as it is when the write starts; writes are serialized. */
  function persist(): Promise<void> {
    const next = writing
      .catch(() => undefined)
      .then(() => writeFileAtomic(deps.file, JSON.stringify({ version: 1, items }) + '\n'))
    writing = next
    return next
  }

  function changed(): void {
    deps.onChange?.(items.map((item) => ({ ...item })))
  }

  function find(id: string): OutboxItem {
    const item = items.find((candidate) => candidate.id === id)
    if (!item) throw new PortalError('outbox.itemNotFound', { id })
    return item
  }

  /** Persists a user-visible commitment; on failure undoes it and reports outbox.saveFailed. */
  async function commit(undo: () => void): Promise<void> {
    try {
      await persist()
    } catch (error) {
      undo()
      deps.onPersistError?.(error)
      changed()
      throw new PortalError('outbox.saveFailed')
    }
    changed()
  }

  const queueOf = (item: OutboxItem) => `${item.serverUrl ?? ''}\n${item.dealerId}`
  const matches = (dealerId?: string) => (item: OutboxItem) =>
    dealerId === undefined || item.dealerId === dealerId

  async function sendOne(item: OutboxItem): Promise<SendOutcome> {
    try {
      return await deps.send({ ...item })
    } catch {
      return { ok: false, retry: true, error: { code: 'outbox.sendFailed' } }
    }
  }

  async function pass(report: ProcessReport): Promise<void> {
    const heldBack = new Set<string>()
    for (;;) {
      const item = items.find(
        (candidate) => candidate.status === 'pending' && !heldBack.has(queueOf(candidate)),
      )
      if (!item || closed) return
      if ((item.nextAttemptAt ?? 0) > clock()) {
        heldBack.add(queueOf(item))
        continue
      }
      item.status = 'sending'
      changed()
      const outcome = await sendOne(item)
      if (outcome.ok) {
        Object.assign(item, {
          status: 'sent',
          result: outcome.result,
          sentAt: clock(),
          lastError: undefined,
          nextAttemptAt: undefined,
        })
        report.sent++
      } else if (
        outcome.retry &&
        outcome.serverError &&
        (item.serverErrors ?? 0) + 1 >= maxServerErrors
      ) {
        const serverErrors = (item.serverErrors ?? 0) + 1
        Object.assign(item, {
          status: 'failed',
          attempts: item.attempts + 1,
          serverErrors,
          lastError: outcome.error,
          nextAttemptAt: undefined,
        })
        report.failed++
      } else if (outcome.retry) {
        if (outcome.serverError) item.serverErrors = (item.serverErrors ?? 0) + 1
        item.status = 'pending'
        item.attempts++
        item.lastError = outcome.error
        item.nextAttemptAt = clock() + Math.max(backoff(item.attempts), outcome.retryAfterMs ?? 0)
        heldBack.add(queueOf(item))
      } else {
        Object.assign(item, {
          status: 'failed',
          attempts: item.attempts + 1,
          lastError: outcome.error,
          nextAttemptAt: undefined,
        })
        report.failed++
      }
      await persist().catch((error: unknown) => deps.onPersistError?.(error))
      changed()
    }
  }

  async function run(): Promise<ProcessReport> {
    await load()
    const report: ProcessReport = { sent: 0, failed: 0, pending: 0, nextAttemptAt: null }
    do {
      lookAgain = false
      await pass(report)
    } while (lookAgain && !closed)
    const waiting = items.filter((item) => item.status === 'pending')
    report.pending = waiting.length
    // Each queue moves when its head's backoff is over.
    const heads = new Map<string, OutboxItem>()
    for (const item of waiting) if (!heads.has(queueOf(item))) heads.set(queueOf(item), item)
    const retryAt = [...heads.values()].map((item) => item.nextAttemptAt ?? clock())
    report.nextAttemptAt = retryAt.length ? Math.min(...retryAt) : null
    scheduleRetry(report.nextAttemptAt)
    return report
  }

  function scheduleRetry(at: number | null): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = undefined
    if (at === null || closed || deps.autoRetry === false) return
    retryTimer = setTimeout(
      () => void outbox.process().catch(() => undefined),
      Math.max(0, at - clock()),
    )
    retryTimer.unref?.()
  }

  const outbox: Outbox = {
    async enqueue(input) {
      if (!(OUTBOX_KINDS as readonly string[]).includes(input.kind))
        throw new PortalError('outbox.unknownKind', { kind: String(input.kind) })
      await load()
      const account = input.account ?? deps.owner?.()
      const item: OutboxItem = {
        id: randomUUID(),
        kind: input.kind,
        dealerId: input.dealerId,
        ...(input.serverUrl === undefined ? {} : { serverUrl: input.serverUrl }),
        ...(account === undefined ? {} : { account }),
        idempotencyKey: input.idempotencyKey ?? randomUUID(),
        payload: JSON.parse(JSON.stringify(input.payload ?? null)) as unknown,
        createdAt: clock(),
        status: 'pending',
        attempts: 0,
      }
      items.push(item)
      await commit(() => (items = items.filter((candidate) => candidate !== item)))
      return { ...item }
    },

    process() {
      if (running) {
        lookAgain = true
        return running
      }
      running = run().finally(() => (running = undefined))
      return running
    },

    async list(filter = {}) {
      await load()
      return items.filter(matches(filter.dealerId)).map((item) => ({ ...item }))
    },
    async counts(dealerId) {
      await load()
      const mine = items.filter(matches(dealerId))
      return {
        pending: mine.filter((item) => item.status === 'pending' || item.status === 'sending')
          .length,
        failed: mine.filter((item) => item.status === 'failed').length,
      }
    },
    async pendingCount(dealerId) {
      return (await outbox.counts(dealerId)).pending
    },
    async failedCount(dealerId) {
      return (await outbox.counts(dealerId)).failed
    },

    async discard(id) {
      await load()
      const item = find(id)
      if (item.status === 'sending') throw new PortalError('outbox.itemBusy', { id })
      const before = items
      items = items.filter((candidate) => candidate !== item)
      await commit(() => (items = before))
    },

    async resubmit(id, payload) {
      await load()
      const item = find(id)
      if (item.status !== 'failed')
        throw new PortalError('outbox.notResubmittable', { id, status: item.status })
      const before = items
      // Given up after server errors and sent unchanged: the same submission, the same key (the
      // server may have made it). Anything else is a new submission with a new key.
      const same = payload === undefined && (item.serverErrors ?? 0) >= maxServerErrors
      const again: OutboxItem = {
        ...item,
        idempotencyKey: same ? item.idempotencyKey : randomUUID(),
        payload:
          payload === undefined ? item.payload : (JSON.parse(JSON.stringify(payload)) as unknown),
        status: 'pending',
        attempts: 0,
        serverErrors: 0,
        lastError: undefined,
        nextAttemptAt: undefined,
      }
      items = [...items.filter((candidate) => candidate !== item), again]
      await commit(() => (items = before))
      return { ...again }
    },

    async prune(sentOlderThanMs) {
      await load()
      const cutoff = clock() - sentOlderThanMs
      const kept = items.filter((item) => !(item.status === 'sent' && (item.sentAt ?? 0) <= cutoff))
      const removed = items.length - kept.length
      if (removed === 0) return 0
      items = kept
      await persist()
      changed()
      return removed
    },

    async close() {
      closed = true
      scheduleRetry(null)
      await running?.catch(() => undefined)
      await writing.catch(() => undefined)
    },
  }
  return outbox
}
