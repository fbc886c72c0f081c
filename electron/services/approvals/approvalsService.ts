/**
 * Orders approved inside the dealer, in the app: the admin's queue of held orders read from the
 * cache (the orders feed carries them), approve and decline through the outbox (each with its
 * idempotency key, so they wait offline and are sent on reconnect), and, online only, the
 * dealer's approval rule and a re-quote preview of a held order.
 *
 * Errors (PortalError codes): session.signedOut, auth.forbidden (not an admin of the dealer),
 * resource.notFound (no such cached order), order.notAwaitingApproval, upstream.* for the online
 * calls, outbox.saveFailed / outbox.unreadable.
 */
import type { ApprovalRule, ApprovalRuleState, Order } from '../../../shared/api'
import type {
  ApprovalQueueView,
  ApprovalRequote,
  ApprovalRuleView,
} from '../../../shared/contract/approvals'
import type { OrderActionOutcome } from '../../../shared/contract/orders'
import { PortalError } from '../../../shared/contract/result'
import { linePriceChanges } from '../../../shared/domain/approval'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox, OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import type { UpstreamClient } from '../upstream/upstreamClient'
import { readOrder } from '../orders/orderQueries'
import { readApprovalRule, storeApprovalRule } from '../sync/approvalRuleCache'
import { UpstreamProblem } from '../upstream/upstreamClient'

export interface ApprovalsDependencies {
  database(): CacheDatabase | null
  /** The signed-in dealer, the key of its server and the user's roles there. */
  dealer(): { dealerId: string; serverKey?: string; roles: readonly string[] } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'discard'>
  sendOutbox(): Promise<void>
  client(): UpstreamClient
  clock?: () => number
}

/** Not an answer about the rule but a failure to reach the gateway: the cache answers instead. */
const unreachable = (error: unknown) =>
  error instanceof PortalError &&
  (error instanceof UpstreamProblem
    ? error.status >= 500 || error.status === 429
    : error.code === 'upstream.unreachable' || error.code.startsWith('session.'))

export interface ApprovalsService {
  queue(): Promise<ApprovalQueueView>
  count(): Promise<{ count: number }>
  rule(): Promise<ApprovalRuleView>
  setRule(rule: ApprovalRule): Promise<ApprovalRuleView>
  requote(id: string): Promise<ApprovalRequote>
  approve(id: string, expectedTotal?: number): Promise<OrderActionOutcome>
  decline(id: string, reason: string): Promise<OrderActionOutcome>
}

type Decision = 'approve' | 'decline'
const KIND = { approve: 'order.approve', decline: 'order.decline' } as const

export function createApprovalsService(deps: ApprovalsDependencies): ApprovalsService {
  const now = () => (deps.clock ?? Date.now)()

  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, ...dealer }
  }

  function admin() {
    const context = open()
    if (!context.roles.includes('admin')) throw new PortalError('auth.forbidden')
    return context
  }

  /**
   * The signed-in admin, for what is asked of the gateway only (the rule): it does not wait for
   * the dealer's cache, which opens in its worker a moment after sign-in.
   */
  function adminOnline() {
    const dealer = deps.dealer()
    if (!dealer) throw new PortalError('session.signedOut')
    if (!dealer.roles.includes('admin')) throw new PortalError('auth.forbidden')
    return dealer
  }

  async function heldOrders(db: CacheDatabase): Promise<Order[]> {
    const rows = await db.all<{ record: string }>(
      "SELECT record FROM orders WHERE status = 'awaiting_approval' ORDER BY created_at, id",
    )
    return rows.map((row) => JSON.parse(row.record) as Order)
  }

  const decisionOf = (item: OutboxItem): Decision | null =>
    item.kind === 'order.approve' ? 'approve' : item.kind === 'order.decline' ? 'decline' : null

  const orderIdOf = (item: OutboxItem) => (item.payload as OutboxPayload | undefined)?.params?.id

  /** Decisions saved in the outbox and not answered yet, by order id. */
  async function waitingDecisions(dealerId: string): Promise<Map<string, Decision>> {
    const waiting = new Map<string, Decision>()
    for (const item of await deps.outbox.list({ dealerId })) {
      const decision = decisionOf(item)
      const orderId = orderIdOf(item)
      if (decision && orderId && (item.status === 'pending' || item.status === 'sending'))
        waiting.set(orderId, decision)
    }
    return waiting
  }

  /** Rule changes saved in the outbox and not sent (with `refused`: refused ones too), in order. */
  async function waitingRuleChanges(dealerId: string, refused = false) {
    return (await deps.outbox.list({ dealerId }))
      .filter(
        (item) =>
          item.kind === 'approvalRule.set' &&
          (item.status === 'pending' ||
            item.status === 'sending' ||
            (refused && item.status === 'failed')),
      )
      .map((item) => ({ item, rule: (item.payload as OutboxPayload).body as ApprovalRule }))
  }

  /** The gateway's answer, kept for offline reading (when the dealer's cache is open). */
  async function remember(state: ApprovalRuleState, requestedAt: number): Promise<void> {
    const db = deps.database()
    if (db) await storeApprovalRule(db, state, now(), requestedAt)
  }

  async function heldOrder(db: CacheDatabase, id: string): Promise<Order> {
    const order = await readOrder(db, id)
    if (!order) throw new PortalError('resource.notFound')
    if (order.status !== 'awaiting_approval')
      throw new PortalError('order.notAwaitingApproval', { status: order.status })
    return order
  }

  /**
   * Queues the decision and sends it at once when online. A decision already waiting for this
   * order is answered instead of queueing a second one. A refused decision is removed from the
   * outbox (the admin decides again from the queue) and answered as failed with the gateway's
   * code (with `order.pricesChanged`, its quote).
   */
  async function decide(decision: Decision, id: string, body: object): Promise<OrderActionOutcome> {
    const { db, dealerId, serverKey } = admin()
    await heldOrder(db, id)
    const items = await deps.outbox.list({ dealerId })
    const waiting = items.find(
      (item) =>
        decisionOf(item) !== null &&
        orderIdOf(item) === id &&
        (item.status === 'pending' || item.status === 'sending'),
    )
    const item =
      waiting ??
      (await deps.outbox.enqueue({
        kind: KIND[decision],
        dealerId,
        ...(serverKey ? { serverUrl: serverKey } : {}),
        payload: { params: { id }, body } satisfies OutboxPayload,
      }))
    await deps.sendOutbox()
    const after = (await deps.outbox.list({ dealerId })).find((entry) => entry.id === item.id)
    if (!after || after.status === 'sent') return { outboxId: item.id, state: 'sent' }
    if (after.status === 'failed') {
      await deps.outbox.discard(item.id).catch(() => undefined)
      return {
        outboxId: item.id,
        state: 'failed',
        ...(after.lastError ? { error: after.lastError } : {}),
      }
    }
    return { outboxId: item.id, state: 'pending' }
  }

  return {
    async queue() {
      const { db, dealerId } = admin()
      const orders = await heldOrders(db)
      const waiting = await waitingDecisions(dealerId)
      return {
        items: orders.map((order) => ({ order, waiting: waiting.get(order.id) ?? null })),
      }
    },

    async count() {
      const db = deps.database()
      const dealer = deps.dealer()
      if (!db || !dealer || !dealer.roles.includes('admin')) return { count: 0 }
      const waiting = await waitingDecisions(dealer.dealerId)
      const ids = (
        await db.all<{ id: string }>("SELECT id FROM orders WHERE status = 'awaiting_approval'")
      ).map((row) => row.id)
      return { count: ids.filter((id) => !waiting.has(id)).length }
    },

    async rule() {
      const { dealerId } = adminOnline()
      // What waits is read after the gateway answered (a change may be saved meanwhile).
      const waiting = async () => (await waitingRuleChanges(dealerId)).at(-1)?.rule ?? null
      try {
        const requestedAt = now()
        const state = await deps.client().call('approvalRule', { params: { dealerId } })
        await remember(state, requestedAt)
        return { ...state, cachedAt: null, waiting: await waiting() }
      } catch (error) {
        const db = deps.database()
        const cached = unreachable(error) && db ? await readApprovalRule(db) : null
        if (!cached) throw error
        return { ...cached.state, cachedAt: cached.fetchedAt, waiting: await waiting() }
      }
    },

    /**
     * Through the outbox like a decision, replacing a change that still waits there (the last
     * one saved wins, as on the gateway). Sent at once when online; offline it waits and the
     * cached rule is answered with it as `waiting`. A refused change is removed from the outbox
     * and rejects with the gateway's code (e.g. approval.ordererNotMember).
     */
    async setRule(rule) {
      const { dealerId, serverKey } = adminOnline()
      for (const earlier of await waitingRuleChanges(dealerId, true))
        await deps.outbox.discard(earlier.item.id).catch(() => undefined)
      const item = await deps.outbox.enqueue({
        kind: 'approvalRule.set',
        dealerId,
        ...(serverKey ? { serverUrl: serverKey } : {}),
        payload: { body: rule } satisfies OutboxPayload,
      })
      const requestedAt = now()
      await deps.sendOutbox()
      const after = (await deps.outbox.list({ dealerId })).find((entry) => entry.id === item.id)
      if (after?.status === 'failed') {
        await deps.outbox.discard(item.id).catch(() => undefined)
        throw new PortalError(after.lastError?.code ?? 'outbox.sendFailed', after.lastError?.params)
      }
      if (!after || after.status === 'sent') {
        const answered = after?.result as ApprovalRuleState | undefined
        const state =
          answered ?? (await deps.client().call('approvalRule', { params: { dealerId } }))
        await remember(state, requestedAt)
        return { ...state, cachedAt: null, waiting: null }
      }
      const db = deps.database()
      const cached = db ? await readApprovalRule(db) : null
      return {
        ...(cached?.state ?? { rule, members: [], modifiedBy: null, modifiedAt: null }),
        cachedAt: cached?.fetchedAt ?? null,
        waiting: rule,
      }
    },

    async requote(id) {
      const { db, dealerId } = admin()
      const order = await heldOrder(db, id)
      const quote = await deps.client().call('quote', {
        params: { dealerId },
        body: {
          lines: order.lines.map((line) => ({
            productId: line.productId,
            quantity: line.quantity,
          })),
        },
      })
      return {
        orderId: id,
        total: order.total,
        newTotal: quote.total,
        changes: linePriceChanges(order.lines, quote.lines),
        problems: quote.problems.map((problem) => ({
          code: problem.code,
          params: Object.fromEntries(
            Object.entries(problem.params ?? {}).filter(
              (entry): entry is [string, string | number | boolean | null] =>
                entry[1] === null || ['string', 'number', 'boolean'].includes(typeof entry[1]),
            ),
          ),
        })),
      }
    },

    approve: (id, expectedTotal) =>
      decide('approve', id, expectedTotal === undefined ? {} : { expectedTotal }),
    decline: (id, reason) => decide('decline', id, { reason }),
  }
}
