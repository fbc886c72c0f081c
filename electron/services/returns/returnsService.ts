/**
 * The returns area over the signed-in dealer's cache: list (submissions still in the outbox on
 * top), detail, the returnable quantity per delivered order line (shared/domain returnableQuantity:
 * delivered − returned, where delivered is what was received once a receipt was confirmed, shipped
 * before (returnBasisByLine, the gateway's rule), returned counting returns not rejected), and the
 * submit through the outbox
 * (`return.submit`, payload { body: CreateReturnRequest }) under the user's idempotency key. A
 * return the gateway refused can be corrected: `draft` gives back what was asked, and `create` with
 * `replacesOutboxId` resubmits that item with the edited lines (a new key, the same item).
 *
 * Errors (PortalError codes): session.signedOut, resource.notFound (an order not cached),
 * return.lineNotFound (not a delivered line of that order), return.quantityInvalid,
 * return.quantityAboveReturnable {returnable, sku}, return.reasonTextRequired, return.noLines,
 * outbox.notResubmittable (the corrected submission is no longer refused), and outbox.saveFailed /
 * outbox.unreadable.
 */
import type {
  ReturnActionOutcome,
  ReturnableLine,
  ReturnableOrder,
  ReturnDraft,
  ReturnListPage,
  CreateReturnInput,
} from '../../../shared/contract/returns'
import { productSnapshot, type CreateReturnRequest, type Return } from '../../../shared/api'
import { PortalError } from '../../../shared/contract/result'
import { checkReturnLine, returnableQuantity } from '../../../shared/domain/returns'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox, OutboxItem } from '../outbox/outbox'
import {
  countReturns,
  listReturnSummaries,
  pendingReturnSummaries,
  readOrders,
  readReturn,
  returnBasis,
  returnedByLine,
} from './returnQueries'
import { findRefused, isUnsent, pendingFirstPage } from '../outbox/unsent'
import { waitForOutcome } from '../outbox/waitForOutcome'

export interface ReturnsDependencies {
  database(): CacheDatabase | null
  dealer(): { dealerId: string; serverKey?: string } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'resubmit'>
  /** Asks the outbox to send now (core's sendOutbox); not awaited. */
  sendOutbox(): unknown
  /** Whether the gateway is reachable now; when not, submit answers `pending` at once. */
  online(): boolean
  /** How long create waits for the gateway's answer when online, ms (default 4000). */
  submitWaitMs?: number
  clock?: () => number
}

export interface ReturnsService {
  list(request: {
    statuses?: readonly string[]
    text?: string
    offset: number
    limit: number
  }): Promise<ReturnListPage>
  get(id: string): Promise<Return | null>
  returnableOrders(): Promise<ReturnableOrder[]>
  returnableLines(orderIds: readonly string[]): Promise<ReturnableLine[]>
  create(input: CreateReturnInput): Promise<ReturnActionOutcome>
  draft(outboxId: string): Promise<ReturnDraft | null>
}

const REMEMBERED_SUBMITS = 100

function describe(item: OutboxItem): ReturnActionOutcome {
  if (item.status === 'sent') {
    const made = item.result as { id?: unknown; number?: unknown } | null | undefined
    const record =
      typeof made?.id === 'string' && typeof made.number === 'string'
        ? { return: { id: made.id, number: made.number } }
        : {}
    return { outboxId: item.id, state: 'sent', ...record }
  }
  if (item.status === 'failed')
    return {
      outboxId: item.id,
      state: 'failed',
      ...(item.lastError ? { error: item.lastError } : {}),
    }
  return { outboxId: item.id, state: 'pending' }
}

export function createReturnsService(deps: ReturnsDependencies): ReturnsService {
  const clock = deps.clock ?? Date.now
  const submits = new Map<string, Promise<ReturnActionOutcome>>()

  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, ...dealer }
  }

  async function waiting(dealerId: string, serverKey: string | undefined): Promise<OutboxItem[]> {
    return (await deps.outbox.list({ dealerId })).filter((item) =>
      isUnsent(item, 'return.submit', serverKey),
    )
  }

  /**
   * What counts against the returnable quantities besides the cached returns: submissions not sent
   * yet, and those sent whose return the cache does not hold yet (between the gateway's answer and
   * the sync that brings it, the goods were counted nowhere, so they looked returnable twice).
   */
  async function notInCache(
    db: CacheDatabase,
    dealerId: string,
    serverKey: string | undefined,
  ): Promise<OutboxItem[]> {
    const items: OutboxItem[] = []
    for (const item of await deps.outbox.list({ dealerId })) {
      if (item.status !== 'sent') {
        if (isUnsent(item, 'return.submit', serverKey)) items.push(item)
        continue
      }
      const made = item.result as { id?: unknown } | null | undefined
      if (
        item.kind === 'return.submit' &&
        (!item.serverUrl || !serverKey || item.serverUrl === serverKey) &&
        typeof made?.id === 'string' &&
        (await readReturn(db, made.id)) === null
      )
        items.push(item)
    }
    return items
  }

  async function linesOf(
    db: CacheDatabase,
    orderIds: readonly string[],
    items: readonly OutboxItem[],
  ): Promise<ReturnableLine[]> {
    const orders = await readOrders(db, orderIds)
    const returned = await returnedByLine(db, items)
    const basis = await returnBasis(db, orders)
    return orders.flatMap((order) =>
      order.lines
        .filter((line) => line.deliveredQuantity > 0)
        .map((line) => {
          const already = returned.get(line.lineId) ?? 0
          const delivered = basis.get(line.lineId) ?? line.deliveredQuantity
          return {
            orderId: order.id,
            orderNumber: order.number,
            orderLineId: line.lineId,
            productId: line.productId,
            ...productSnapshot(line),
            unitPrice: line.unitPrice,
            delivered,
            returned: already,
            returnable: returnableQuantity(delivered, already),
          }
        }),
    )
  }

  async function createOnce(input: CreateReturnInput): Promise<ReturnActionOutcome> {
    const earlier = (await deps.outbox.list()).find(
      (item) => item.idempotencyKey === input.idempotencyKey,
    )
    if (earlier) return describe(earlier)
    const { db, dealerId, serverKey } = open()
    if (
      input.replacesOutboxId &&
      !(await findRefused(deps.outbox, dealerId, 'return.submit', input.replacesOutboxId))
    ) {
      throw new PortalError('outbox.notResubmittable', { id: input.replacesOutboxId })
    }
    if (input.lines.length === 0) throw new PortalError('return.noLines')
    if (input.reason === 'other' && !input.reasonText?.trim())
      throw new PortalError('return.reasonTextRequired')
    const orderIds = [...new Set(input.lines.map((line) => line.orderId))]
    if ((await readOrders(db, orderIds)).length !== orderIds.length)
      throw new PortalError('resource.notFound')
    const available = new Map(
      (await linesOf(db, orderIds, await notInCache(db, dealerId, serverKey))).map((line) => [
        `${line.orderId}/${line.orderLineId}`,
        line,
      ]),
    )
    const asked = new Map<string, number>()
    for (const line of input.lines) {
      const key = `${line.orderId}/${line.orderLineId}`
      const known = available.get(key)
      if (!known) throw new PortalError('return.lineNotFound', { id: line.orderLineId })
      const quantity = (asked.get(key) ?? 0) + line.quantity
      asked.set(key, quantity)
      const problem = checkReturnLine({
        quantity,
        delivered: known.delivered,
        alreadyReturned: known.returned,
      })
      if (problem) throw new PortalError(problem.code, { ...problem.params, sku: known.sku })
    }
    const reasonText = input.reasonText?.trim()
    const remark = input.remark?.trim()
    const body: CreateReturnRequest = {
      lines: input.lines.map((line) => ({
        orderId: line.orderId,
        orderLineId: line.orderLineId,
        quantity: line.quantity,
      })),
      reason: input.reason,
      ...(reasonText ? { reasonText } : {}),
      ...(remark ? { remark } : {}),
    }
    const item = input.replacesOutboxId
      ? await deps.outbox.resubmit(input.replacesOutboxId, { body })
      : await deps.outbox.enqueue({
          kind: 'return.submit',
          dealerId,
          ...(serverKey ? { serverUrl: serverKey } : {}),
          payload: { body },
          idempotencyKey: input.idempotencyKey,
        })
    void Promise.resolve(deps.sendOutbox()).catch(() => undefined)
    if (!deps.online()) return describe(item)
    return describe(
      (await waitForOutcome(deps.outbox, item.id, { timeoutMs: deps.submitWaitMs, clock })) ?? item,
    )
  }

  return {
    async list({ offset, limit, ...filter }) {
      const { db, dealerId, serverKey } = open()
      const pending = await pendingReturnSummaries(db, await waiting(dealerId, serverKey), filter)
      const items = await pendingFirstPage(pending, offset, limit, (from, count) =>
        listReturnSummaries(db, filter, from, count),
      )
      return { total: pending.length + (await countReturns(db, filter)), items }
    },

    async get(id) {
      return await readReturn(open().db, id)
    },

    async returnableOrders() {
      const { db, dealerId, serverKey } = open()
      const rows = await db.all<{ id: string }>(
        `SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM json_each(orders.record, '$.lines') AS line
           WHERE json_extract(line.value, '$.deliveredQuantity') > 0) ORDER BY created_at DESC, id DESC LIMIT 2000`,
      )
      const ids = rows.map((row) => row.id)
      const lines = await linesOf(db, ids, await notInCache(db, dealerId, serverKey))
      const orders = await readOrders(db, ids)
      return orders
        .map((order) => ({
          id: order.id,
          number: order.number,
          status: order.status,
          createdAt: order.createdAt,
          returnableLines: lines.filter((line) => line.orderId === order.id && line.returnable > 0)
            .length,
        }))
        .filter((order) => order.returnableLines > 0)
        .sort((a, b) => b.createdAt - a.createdAt)
    },

    async returnableLines(orderIds) {
      const { db, dealerId, serverKey } = open()
      return await linesOf(db, [...new Set(orderIds)], await notInCache(db, dealerId, serverKey))
    },

    async draft(outboxId) {
      const { dealerId } = open()
      const item = await findRefused(deps.outbox, dealerId, 'return.submit', outboxId)
      if (!item) return null
      const request = (item.payload as { body: CreateReturnRequest }).body
      return {
        outboxId,
        orderIds: [...new Set(request.lines.map((line) => line.orderId))],
        request,
        error: item.lastError ?? null,
      }
    },

    /** The same key twice (a double click) answers the first submission instead of a second one. */
    create(input) {
      const known = submits.get(input.idempotencyKey)
      if (known) return known
      const submission = createOnce(input)
      submits.set(input.idempotencyKey, submission)
      submission.catch(() => submits.delete(input.idempotencyKey))
      if (submits.size > REMEMBERED_SUBMITS) submits.delete(submits.keys().next().value as string)
      return submission
    },
  }
}
