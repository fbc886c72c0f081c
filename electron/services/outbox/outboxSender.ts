/**
 * Sends one outbox item to the gateway through the signed-in session. An item's payload is
 * `{ params, body }` of the Portal API route its kind maps to; the item's idempotency key goes in
 * the Idempotency-Key header on every attempt.
 *
 * Outcome classes: network faults, 5xx, 429, a 401 the session could not renew, "not signed in"
 * "signed in to another server" and "made by another user" are retried later; any other refusal from the gateway (a 4xx
 * with a code, e.g. `order.depositShort`) is definitive and keeps the payload for editing.
 */
import type { PortalRouteName } from '../../../shared/api'
import { PortalError } from '../../../shared/contract'
import type { SessionService } from '../session/sessionService'
import type { AbsorbableFeed } from '../sync/feeds'
import { UpstreamProblem } from '../upstream/upstreamClient'
import type { OutboxItem, OutboxKind, SendOutcome } from './outbox'

export const OUTBOX_ROUTES: Record<OutboxKind, PortalRouteName> = {
  'order.submit': 'submitOrder',
  'order.cancel': 'cancelOrder',
  'order.approve': 'approveOrder',
  'order.decline': 'declineOrder',
  'return.submit': 'createReturn',
  'invoiceRequest.submit': 'createInvoiceRequest',
  'delivery.confirmReceipt': 'confirmReceipt',
  'invoiceProfile.save': 'createInvoiceProfile',
  'statement.confirm': 'confirmStatement',
  'statement.dispute': 'disputeStatement',
  'approvalRule.set': 'setApprovalRule',
}

/**
 * With `order.pricesChanged` the gateway sends its current quote; it is kept with the failed item
 * as JSON in this param of the error so the user can review the new prices (cart service).
 */
export const QUOTE_PARAM = 'quote'

export interface OutboxPayload {
  /** Path parameters besides dealerId (e.g. `{ id: orderId }`). */
  params?: Record<string, string>
  body?: unknown
  /**
   * `invoiceRequest.submit` made with a new invoice profile that was not saved yet (offline): the
   * profile is created first under its own key (the gateway answers a key it has seen with the
   * same profile, so the profile's own outbox item and this one make one profile), and the
   * request's body gets its id as `profileId`.
   */
  newProfile?: { body: unknown; idempotencyKey: string }
}

export function createOutboxSender(
  session: SessionService,
): (item: Readonly<OutboxItem>) => Promise<SendOutcome> {
  return async (item) => {
    const state = session.state()
    if (state.status !== 'signedIn')
      return { ok: false, retry: true, error: { code: 'session.signedOut' } }
    if (item.serverUrl && item.serverUrl !== session.server()?.key) {
      return { ok: false, retry: true, error: { code: 'session.otherServer' } }
    }
    // Another user's submission waits for them: it is never sent under this user's token.
    if (
      item.account &&
      state.user &&
      item.account.toLowerCase() !== state.user.account.toLowerCase()
    ) {
      return { ok: false, retry: true, error: { code: 'session.otherUser' } }
    }
    const payload = (item.payload ?? {}) as OutboxPayload
    try {
      let body = payload.body
      if (item.kind === 'invoiceRequest.submit' && payload.newProfile) {
        const profile = await session.client().call('createInvoiceProfile', {
          params: { dealerId: item.dealerId },
          body: payload.newProfile.body as never,
          idempotencyKey: payload.newProfile.idempotencyKey,
        })
        body = { ...(body as object), profileId: profile.id }
      }
      const result = await session.client().call(OUTBOX_ROUTES[item.kind], {
        params: { ...payload.params, dealerId: item.dealerId },
        body: body as never,
        idempotencyKey: item.idempotencyKey,
      })
      session.setConnectivity(true)
      return { ok: true, result: result ?? null }
    } catch (error) {
      if (error instanceof UpstreamProblem) {
        const retry = error.status >= 500 || error.status === 429 || error.status === 401
        const retryAfter = Number(error.problem.params.retryAfterSeconds)
        const data = error.toData()
        if (error.problem.quote !== undefined)
          data.params = { ...data.params, [QUOTE_PARAM]: JSON.stringify(error.problem.quote) }
        return {
          ok: false,
          retry,
          error: data,
          ...(retry && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
          ...(error.status >= 500 ? { serverError: true } : {}),
        }
      }
      if (error instanceof PortalError) {
        if (error.code === 'upstream.unreachable') session.setConnectivity(false)
        return { ok: false, retry: error.code !== 'upstream.invalidRequest', error: error.toData() }
      }
      throw error
    }
  }
}

/** The cache feed of the document each kind's route answers with (invoice profiles live in `me`). */
export const OUTBOX_RESULT_FEEDS: Partial<Record<OutboxKind, AbsorbableFeed>> = {
  'order.submit': 'orders',
  'order.cancel': 'orders',
  'order.approve': 'orders',
  'order.decline': 'orders',
  'return.submit': 'returns',
  'invoiceRequest.submit': 'invoiceRequests',
  'delivery.confirmReceipt': 'deliveries',
}

/**
 * Wraps a sender so the document the gateway answered with is written into the cache before the
 * item counts as sent: whoever waits for the outcome (the new return's detail view, the order
 * list) then finds it without waiting for the sync that follows. A failed write only logs; the
 * sync brings the document anyway.
 */
export function absorbingResults(
  send: (item: Readonly<OutboxItem>) => Promise<SendOutcome>,
  absorb: (
    item: Readonly<OutboxItem>,
    feed: AbsorbableFeed,
    record: { id: string; modifiedAt: number },
  ) => unknown,
): (item: Readonly<OutboxItem>) => Promise<SendOutcome> {
  return async (item) => {
    const outcome = await send(item)
    const feed = OUTBOX_RESULT_FEEDS[item.kind]
    // An approval answers { order, priceChanges }: the order is the document.
    const answer = outcome.ok ? (outcome.result as { order?: unknown } | null) : null
    const record = (item.kind === 'order.approve' ? answer?.order : answer) as {
      id?: unknown
      modifiedAt?: unknown
    } | null
    if (feed && record && typeof record.id === 'string' && typeof record.modifiedAt === 'number') {
      try {
        await absorb(item, feed, record as { id: string; modifiedAt: number })
      } catch (error) {
        console.error('outbox: could not cache the answer of', item.kind, error)
      }
    }
    return outcome
  }
}

/** A few facts about a submission for the outbox list (lines, amount, referenced document). */
export function outboxSummary(item: Readonly<OutboxItem>): Record<string, string | number | null> {
  const payload = (item.payload ?? {}) as OutboxPayload
  const body = (payload.body ?? {}) as {
    lines?: unknown[]
    amount?: number
    payment?: { deposit: number; rebate: number; credit: number }
    orders?: { amount: number }[]
  }
  const invoiced = Array.isArray(body.orders)
    ? body.orders.reduce((sum, part) => sum + part.amount, 0)
    : null
  const total = body.payment
    ? body.payment.deposit + body.payment.rebate + body.payment.credit
    : (body.amount ?? invoiced)
  return {
    lines: Array.isArray(body.lines) ? body.lines.length : null,
    amount: total,
    reference: payload.params?.id ?? payload.params?.period ?? null,
  }
}
