/** The outbox's public types; semantics are documented in outbox.ts. */
import type { PortalErrorData } from '../../../shared/contract/result'
import type { OUTBOX_KINDS } from '../../../shared/contract/workspace'

export type OutboxKind = (typeof OUTBOX_KINDS)[number]
export type OutboxStatus = 'pending' | 'sending' | 'failed' | 'sent'

export interface OutboxItem {
  id: string
  kind: OutboxKind
  dealerId: string
  /** The server the submission belongs to, when the app talks to several. */
  serverUrl?: string
  /** The account signed in when it was made: the outbox shows each user only their own. */
  account?: string
  /** Sent as the Idempotency-Key header; fixed for the item's life (a resubmit makes a new one). */
  idempotencyKey: string
  /** The submission as the user made it (JSON). */
  payload: unknown
  /** Epoch ms. */
  createdAt: number
  status: OutboxStatus
  /** Send attempts that came back with an error. */
  attempts: number
  /** Of those, answers 5xx from the server; at `maxServerErrors` the item fails (see outbox.ts). */
  serverErrors?: number
  lastError?: PortalErrorData
  /** Epoch ms before which a pending item is not retried (backoff). */
  nextAttemptAt?: number
  /** The upstream's answer on success (e.g. the created order). */
  result?: unknown
  sentAt?: number
}

export type SendOutcome =
  | { ok: true; result: unknown }
  /** retry: network fault, 5xx, 429 (retryAfterMs from Retry-After). Otherwise a definitive rejection. */
  | {
      ok: false
      retry: boolean
      error: PortalErrorData
      retryAfterMs?: number
      serverError?: boolean
    }

export interface OutboxDependencies {
  file: string
  /** Sends one item with its idempotencyKey. A throw counts as a retryable 'outbox.sendFailed'. */
  send(item: Readonly<OutboxItem>): Promise<SendOutcome>
  clock?: () => number
  /** Called after every state change with the whole queue (for the navigation badge). */
  onChange?: (items: readonly OutboxItem[]) => void
  /** The file was unreadable; it has been moved aside (kept: it holds submissions) and the queue starts empty. */
  onCorrupt?: (asidePath: string) => void
  /** A state write after a send failed (the in-memory state stays right; the next write retries). */
  onPersistError?: (error: unknown) => void
  /** Delay (ms) before retry number `attempts` (1, 2, ...). Default: exponential, 1 s .. 5 min, jittered. */
  backoff?: (attempts: number) => number
  /** Run `process` again by itself when a backoff expires (default true). */
  autoRetry?: boolean
  /** 5xx answers after which an item stops retrying and shows as failed (default 6). */
  maxServerErrors?: number
  /** The signed-in account, stamped on new items (see OutboxItem.account). */
  owner?: () => string | undefined
}

export interface EnqueueInput {
  kind: OutboxKind
  dealerId: string
  serverUrl?: string
  /** Defaults to `owner()` of the outbox's dependencies. */
  account?: string
  payload: unknown
  /** Only when the caller already has one (e.g. a form that retries its own submit). */
  idempotencyKey?: string
}

export interface ProcessReport {
  sent: number
  failed: number
  /** Items still waiting (retryable failures, or backoff not over). */
  pending: number
  /** Epoch ms of the earliest scheduled retry, or null. */
  nextAttemptAt: number | null
}

export interface OutboxCounts {
  /** pending + sending */
  pending: number
  failed: number
}

export interface Outbox {
  /**
   * Queues a submission; resolves once it is durably on disk.
   * Errors: outbox.saveFailed, outbox.unknownKind, outbox.unreadable (every method: the file
   * exists but cannot be read, e.g. permissions).
   */
  enqueue(input: EnqueueInput): Promise<OutboxItem>
  /** Sends what can be sent now. Concurrent calls join the running pass (which then looks again). */
  process(): Promise<ProcessReport>
  /** Queue order. */
  list(filter?: { dealerId?: string }): Promise<OutboxItem[]>
  counts(dealerId?: string): Promise<OutboxCounts>
  pendingCount(dealerId?: string): Promise<number>
  failedCount(dealerId?: string): Promise<number>
  /**
   * Removes an item that is not being sent. Beware: a pending item with attempts > 0 may already
   * have reached the upstream. Errors: outbox.itemNotFound, outbox.itemBusy.
   */
  discard(id: string): Promise<void>
  /**
   * Queues a failed item again at the end of the queue, with `payload` (edited) or its old
   * payload, a NEW idempotency key and attempts reset. Errors: outbox.itemNotFound,
   * outbox.notResubmittable (not failed), outbox.saveFailed.
   */
  resubmit(id: string, payload?: unknown): Promise<OutboxItem>
  /** Forgets sent items older than `sentOlderThanMs`; returns how many. */
  prune(sentOlderThanMs: number): Promise<number>
  /** Stops the retry timer and waits for the running pass and writes. */
  close(): Promise<void>
}
