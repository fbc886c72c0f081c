/**
 * The cart's view of its outbox items: the state a submit answers, and an order refused with
 * `order.pricesChanged` together with the quote the gateway sent (stored by outboxSender.ts).
 */
import { Quote, SubmitOrderRequest } from '../../../shared/api'
import type { SubmitCartResult } from '../../../shared/contract/cart'
import { PortalError, type PortalErrorData } from '../../../shared/contract/result'
import type { Outbox, OutboxItem } from '../outbox/outbox'
import { QUOTE_PARAM } from '../outbox/outboxSender'
import { findRefused } from '../outbox/unsent'

export function describeSubmission(item: OutboxItem): SubmitCartResult {
  if (item.status === 'sent') {
    const order = item.result as { id?: unknown; number?: unknown; status?: unknown } | null
    return {
      outboxId: item.id,
      state: 'sent',
      ...(order && typeof order.id === 'string' && typeof order.number === 'string'
        ? {
            order: {
              id: order.id,
              number: order.number,
              ...(typeof order.status === 'string' ? { status: order.status } : {}),
            },
          }
        : {}),
    }
  }
  if (item.status === 'failed')
    return {
      outboxId: item.id,
      state: 'failed',
      ...(item.lastError ? { error: withoutQuote(item.lastError) } : {}),
    }
  return { outboxId: item.id, state: 'pending' }
}

export async function refusedOrder(
  outbox: Pick<Outbox, 'list'>,
  outboxId: string,
): Promise<{
  item: OutboxItem
  body: SubmitOrderRequest
  quote: Quote
  seenAllowance: number | null
}> {
  const item = (await outbox.list()).find((candidate) => candidate.id === outboxId)
  if (!item) throw new PortalError('outbox.itemNotFound', { id: outboxId })
  const payload = (item.payload ?? {}) as { body?: unknown; seen?: { rebateAllowance?: unknown } }
  const quoteText = item.lastError?.params?.[QUOTE_PARAM]
  const body = SubmitOrderRequest.safeParse(payload.body)
  let quote: ReturnType<typeof Quote.safeParse> | undefined
  try {
    quote = typeof quoteText === 'string' ? Quote.safeParse(JSON.parse(quoteText)) : undefined
  } catch {
    quote = undefined
  }
  if (
    item.kind !== 'order.submit' ||
    item.status !== 'failed' ||
    item.lastError?.code !== 'order.pricesChanged' ||
    !body.success ||
    !quote?.success
  ) {
    throw new PortalError('cart.reviewUnavailable')
  }
  const seenAllowance =
    typeof payload.seen?.rebateAllowance === 'number' ? payload.seen.rebateAllowance : null
  return { item, body: body.data, quote: quote.data, seenAllowance }
}

/** A refused order of the dealer (any refusal) and what it asked, to put back into the cart. */
export async function refusedOrderBody(
  outbox: Pick<Outbox, 'list'>,
  dealerId: string,
  outboxId: string,
): Promise<SubmitOrderRequest> {
  const item = await findRefused(outbox, dealerId, 'order.submit', outboxId)
  if (!item) throw new PortalError('outbox.notResubmittable', { id: outboxId })
  const body = SubmitOrderRequest.safeParse((item.payload as { body?: unknown } | undefined)?.body)
  if (!body.success) throw new PortalError('cart.reviewUnavailable')
  return body.data
}

/** The stored quote is for the review, not for the sentence shown to the user. */
function withoutQuote(error: PortalErrorData): PortalErrorData {
  if (!error.params || !(QUOTE_PARAM in error.params)) return error
  const { [QUOTE_PARAM]: _quote, ...params } = error.params
  return { code: error.code, params }
}
