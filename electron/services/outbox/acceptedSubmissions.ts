/**
 * Tells who waits when a submission is accepted: the renderer shows "Order SO… accepted" with a
 * link for an order, a return or an invoice request that had waited in the outbox (offline, or a
 * gateway slower than the submit's wait). The renderer leaves out the one its screen is still
 * waiting for (same idempotency key), which shows its own result.
 */
import type { SubmissionAccepted } from '../../../shared/contract'
import type { OutboxItem, SendOutcome } from './outbox'

const ANNOUNCED: ReadonlySet<string> = new Set([
  'order.submit',
  'return.submit',
  'invoiceRequest.submit',
])

/** Wraps a sender: an accepted order, return or invoice request submission is announced. */
export function announcingAccepted(
  send: (item: Readonly<OutboxItem>) => Promise<SendOutcome>,
  announce: (accepted: SubmissionAccepted) => void,
): (item: Readonly<OutboxItem>) => Promise<SendOutcome> {
  return async (item) => {
    const outcome = await send(item)
    if (!outcome.ok || !ANNOUNCED.has(item.kind)) return outcome
    const document = outcome.result as { id?: unknown; number?: unknown } | null
    if (document && typeof document.id === 'string' && typeof document.number === 'string') {
      try {
        announce({
          dealerId: item.dealerId,
          account: item.account ?? null,
          kind: item.kind as SubmissionAccepted['kind'],
          idempotencyKey: item.idempotencyKey,
          document: { id: document.id, number: document.number },
        })
      } catch (error) {
        console.error('outbox: could not announce the accepted', item.kind, error)
      }
    }
    return outcome
  }
}
