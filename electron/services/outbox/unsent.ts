/**
 * How the document areas (orders, deliveries, returns, invoice requests) see their submissions
 * that the gateway has not accepted yet: which items count, how such an item shows on a list row,
 * a list page with those items above the cached documents, and finding a refused one to correct.
 */
import type { PortalErrorData } from '../../../shared/contract/result'
import type { Outbox, OutboxItem, OutboxKind } from './outbox'

/** A `kind` submission not sent yet, for the server `serverKey` (an item of no server counts). */
export function isUnsent(
  item: OutboxItem,
  kind: OutboxKind,
  serverKey: string | undefined,
): boolean {
  return (
    item.kind === kind &&
    item.status !== 'sent' &&
    (!item.serverUrl || !serverKey || item.serverUrl === serverKey)
  )
}

/** The `outbox` field of a list row for an unsent submission. */
export function unsentRowState(item: OutboxItem): {
  state: 'pending' | 'sending' | 'failed'
  error: PortalErrorData | null
} {
  return {
    state: item.status === 'failed' ? 'failed' : item.status === 'sending' ? 'sending' : 'pending',
    error: item.lastError ?? null,
  }
}

/** Rows [offset, offset + limit) of a list showing `pending` rows above the cached ones. */
export async function pendingFirstPage<T>(
  pending: readonly T[],
  offset: number,
  limit: number,
  cached: (offset: number, limit: number) => Promise<T[]>,
): Promise<T[]> {
  const fromPending = pending.slice(offset, offset + limit)
  const rest = limit - fromPending.length
  return rest > 0
    ? [...fromPending, ...(await cached(Math.max(0, offset - pending.length), rest))]
    : fromPending
}

/** The dealer's refused `kind` submission `id`, if it is one. */
export async function findRefused(
  outbox: Pick<Outbox, 'list'>,
  dealerId: string,
  kind: OutboxKind,
  id: string,
): Promise<OutboxItem | undefined> {
  return (await outbox.list({ dealerId })).find(
    (item) => item.id === id && item.kind === kind && item.status === 'failed',
  )
}
