/**
 * The deliveries area over the signed-in dealer's cache: list (newest shipment first), detail with
 * any receipt confirmation still waiting in the outbox, and confirm receipt through the outbox
 * (`delivery.confirmReceipt`, payload { params: { id }, body: ConfirmReceiptRequest }).
 *
 * Errors (PortalError codes): session.signedOut, resource.notFound (no such cached delivery),
 * delivery.alreadyReceived, delivery.receivedQuantityInvalid {sku, shipped} (not 0..shipped),
 * delivery.lineNotFound (not a line of this delivery), and outbox.saveFailed / outbox.unreadable.
 */
import type { ConfirmReceiptRequest, Delivery } from '../../../shared/api'
import type {
  DeliveryActionOutcome,
  DeliveryDetail,
  DeliveryListPage,
  ReceiptLine,
} from '../../../shared/contract/deliveries'
import { PortalError } from '../../../shared/contract/result'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox, OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { isUnsent, unsentRowState } from '../outbox/unsent'
import { containsPattern } from '../orders/orderQueries'

export interface DeliveriesDependencies {
  database(): CacheDatabase | null
  dealer(): { dealerId: string; serverKey?: string } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'resubmit'>
  /** Sends what waits in the outbox now, then syncs what it changed (core's sendOutbox). */
  sendOutbox(): Promise<void>
}

export interface DeliveriesService {
  list(request: {
    statuses?: readonly string[]
    text?: string
    offset: number
    limit: number
  }): Promise<DeliveryListPage>
  get(id: string): Promise<DeliveryDetail | null>
  confirmReceipt(input: {
    id: string
    lines: ReceiptLine[]
    remark?: string
  }): Promise<DeliveryActionOutcome>
}

export async function readDelivery(db: CacheDatabase, id: string): Promise<Delivery | null> {
  const row = await db.get<{ record: string }>('SELECT record FROM deliveries WHERE id = ?', [id])
  return row ? (JSON.parse(row.record) as Delivery) : null
}

export function createDeliveriesService(deps: DeliveriesDependencies): DeliveriesService {
  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, ...dealer }
  }

  async function waitingReceipts(
    dealerId: string,
    serverKey: string | undefined,
  ): Promise<OutboxItem[]> {
    return (await deps.outbox.list({ dealerId })).filter((item) =>
      isUnsent(item, 'delivery.confirmReceipt', serverKey),
    )
  }
  const deliveryIdOf = (item: OutboxItem) =>
    String((item.payload as OutboxPayload | undefined)?.params?.id ?? '')

  function where(request: { statuses?: readonly string[]; text?: string }) {
    const conditions: string[] = []
    const params: (string | number)[] = []
    if (request.statuses?.length) {
      conditions.push(`status IN (${request.statuses.map(() => '?').join(',')})`)
      params.push(...request.statuses)
    }
    const text = request.text?.trim()
    if (text) {
      const pattern = containsPattern(text)
      conditions.push(`(number LIKE ? ESCAPE '\\' OR json_extract(record, '$.orderNumber') LIKE ? ESCAPE '\\'
        OR json_extract(record, '$.carrier') LIKE ? ESCAPE '\\' OR json_extract(record, '$.trackingNumber') LIKE ? ESCAPE '\\')`)
      params.push(pattern, pattern, pattern, pattern)
    }
    return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
  }

  return {
    async list({ offset, limit, ...filter }) {
      const { db, dealerId, serverKey } = open()
      const pending = new Set(
        (await waitingReceipts(dealerId, serverKey))
          .filter((item) => item.status !== 'failed')
          .map(deliveryIdOf),
      )
      const clause = where(filter)
      const total =
        (
          await db.get<{ n: number }>(
            `SELECT COUNT(*) AS n FROM deliveries ${clause.sql}`,
            clause.params,
          )
        )?.n ?? 0
      const rows = await db.all<{
        id: string
        number: string
        status: string
        order_id: string | null
        order_number: string | null
        carrier: string | null
        tracking: string | null
        shipped_at: number | null
        created_at: number
      }>(
        `SELECT id, number, status, json_extract(record, '$.orderId') AS order_id,
           json_extract(record, '$.orderNumber') AS order_number, json_extract(record, '$.carrier') AS carrier,
           json_extract(record, '$.trackingNumber') AS tracking, json_extract(record, '$.shippedAt') AS shipped_at, created_at
         FROM deliveries ${clause.sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
        [...clause.params, limit, offset],
      )
      return {
        total,
        items: rows.map((row) => ({
          id: row.id,
          number: row.number,
          status: row.status,
          orderId: row.order_id ?? '',
          orderNumber: row.order_number ?? '',
          carrier: row.carrier ?? '',
          trackingNumber: row.tracking ?? '',
          shippedAt: row.shipped_at ?? row.created_at,
          receiptPending: row.status !== 'received' && pending.has(row.id),
        })),
      }
    },

    async get(id) {
      const { db, dealerId, serverKey } = open()
      const delivery = await readDelivery(db, id)
      if (!delivery) return null
      const item =
        delivery.status === 'received'
          ? undefined
          : (await waitingReceipts(dealerId, serverKey))
              .filter((entry) => deliveryIdOf(entry) === id)
              .at(-1)
      if (!item) return { delivery, pendingReceipt: null }
      const body = ((item.payload as OutboxPayload | undefined)?.body ??
        {}) as ConfirmReceiptRequest
      return {
        delivery,
        pendingReceipt: {
          lines:
            body.lines ??
            delivery.lines.map((line) => ({
              deliveryLineId: line.deliveryLineId,
              receivedQuantity: line.quantity,
            })),
          remark: body.remark ?? '',
          ...unsentRowState(item),
        },
      }
    },

    /**
     * Checks every line (0..shipped), queues the confirmation durably and sends it at once when
     * online. A confirmation already waiting for this delivery is answered instead of a second one;
     * one the gateway refused is corrected: resubmitted with these quantities under a new key.
     */
    async confirmReceipt({ id, lines, remark }) {
      const { db, dealerId, serverKey } = open()
      const delivery = await readDelivery(db, id)
      if (!delivery) throw new PortalError('resource.notFound')
      if (delivery.status === 'received')
        throw new PortalError('delivery.alreadyReceived', { number: delivery.number })
      const byLine = new Map(lines.map((line) => [line.deliveryLineId, line.receivedQuantity]))
      for (const line of delivery.lines) {
        const received = byLine.get(line.deliveryLineId) ?? line.quantity
        if (!Number.isSafeInteger(received) || received < 0 || received > line.quantity) {
          throw new PortalError('delivery.receivedQuantityInvalid', {
            sku: line.sku,
            shipped: line.quantity,
          })
        }
      }
      const known = new Set(delivery.lines.map((line) => line.deliveryLineId))
      const unknown = lines.find((line) => !known.has(line.deliveryLineId))
      if (unknown) throw new PortalError('delivery.lineNotFound', { id: unknown.deliveryLineId })

      const earlier = (await waitingReceipts(dealerId, serverKey)).filter(
        (item) => deliveryIdOf(item) === id,
      )
      const waiting = earlier.find((item) => item.status === 'pending' || item.status === 'sending')
      const refused = earlier.filter((item) => item.status === 'failed').at(-1)
      const trimmed = remark?.trim()
      const body: ConfirmReceiptRequest = {
        lines: delivery.lines.map((line) => ({
          deliveryLineId: line.deliveryLineId,
          receivedQuantity: byLine.get(line.deliveryLineId) ?? line.quantity,
        })),
        ...(trimmed ? { remark: trimmed } : {}),
      }
      const payload = { params: { id }, body } satisfies OutboxPayload
      const item =
        waiting ??
        (refused
          ? await deps.outbox.resubmit(refused.id, payload)
          : await deps.outbox.enqueue({
              kind: 'delivery.confirmReceipt',
              dealerId,
              ...(serverKey ? { serverUrl: serverKey } : {}),
              payload,
            }))
      await deps.sendOutbox().catch(() => undefined)
      const after = (await deps.outbox.list({ dealerId })).find(
        (candidate) => candidate.id === item.id,
      )
      if (!after || after.status === 'sent') return { outboxId: item.id, state: 'sent' }
      if (after.status === 'failed')
        return {
          outboxId: item.id,
          state: 'failed',
          ...(after.lastError ? { error: after.lastError } : {}),
        }
      return { outboxId: item.id, state: 'pending' }
    },
  }
}
