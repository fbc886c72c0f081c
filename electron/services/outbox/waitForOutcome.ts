/**
 * After a submission is queued, wait briefly for the gateway's answer so the user sees the new
 * document number at once. Returns as soon as the item is sent or refused, when a retryable
 * failure put it back in line (offline, 5xx: waiting longer is no use), or after `timeoutMs`
 * (default 15 s: a gateway in front of a real CRM answers a create in seconds, and while it works
 * the item is in flight, not offline, so the user should see the number rather than "queued").
 * Returns undefined when the item is gone (discarded).
 */
import type { Outbox, OutboxItem } from './outbox'

export async function waitForOutcome(
  outbox: Pick<Outbox, 'list'>,
  id: string,
  options: { timeoutMs?: number; clock?: () => number; pollMs?: number } = {},
): Promise<OutboxItem | undefined> {
  const clock = options.clock ?? Date.now
  const until = clock() + (options.timeoutMs ?? 15_000)
  for (;;) {
    const item = (await outbox.list()).find((candidate) => candidate.id === id)
    const retrying = item?.status === 'pending' && item.attempts > 0
    if (!item || item.status === 'sent' || item.status === 'failed' || retrying || clock() >= until)
      return item
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100))
  }
}
