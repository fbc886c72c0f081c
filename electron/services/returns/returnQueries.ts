/**
 * Reads for the returns area: summaries of cached returns and of `return.submit` items still in
 * the outbox, and the quantity already returned per order line (returns not rejected, cached or
 * still waiting in the outbox, so a pending return cannot be raised twice).
 */
import type { CreateReturnRequest, Delivery, Order, Return } from '../../../shared/api'
import { returnBasisByLine } from '../../../shared/domain/returns'
import type { ReturnSummary } from '../../../shared/contract/returns'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { unsentRowState } from '../outbox/unsent'

export const bodyOf = (item: OutboxItem): Partial<CreateReturnRequest> =>
  (((item.payload ?? {}) as OutboxPayload).body ?? {}) as Partial<CreateReturnRequest>

export async function readReturn(db: CacheDatabase, id: string): Promise<Return | null> {
  const row = await db.get<{ record: string }>('SELECT record FROM returns WHERE id = ?', [id])
  return row ? (JSON.parse(row.record) as Return) : null
}

export async function readOrders(db: CacheDatabase, ids: readonly string[]): Promise<Order[]> {
  if (ids.length === 0) return []
  const rows = await db.all<{ record: string }>(
    `SELECT record FROM orders WHERE id IN (${ids.map(() => '?').join(',')})`,
    [...ids],
  )
  return rows.map((row) => JSON.parse(row.record) as Order)
}

/**
 * What each order line may be returned against (shared/domain returnBasisByLine: received once the
 * receipt was confirmed, shipped before), from the cached deliveries of the orders. An order whose
 * deliveries are not all cached yet keeps its delivered quantities (the gateway has the last word).
 */
export async function returnBasis(
  db: CacheDatabase,
  orders: readonly Order[],
): Promise<Map<string, number>> {
  const basis = new Map<string, number>()
  const ids = orders.map((order) => order.id)
  if (ids.length === 0) return basis
  const rows = await db.all<{ record: string }>(
    `SELECT record FROM deliveries WHERE order_id IN (${ids.map(() => '?').join(',')})`,
    [...ids],
  )
  const byOrder = new Map<string, Delivery[]>()
  for (const row of rows) {
    const delivery = JSON.parse(row.record) as Delivery
    byOrder.set(delivery.orderId, [...(byOrder.get(delivery.orderId) ?? []), delivery])
  }
  for (const order of orders) {
    const cached = byOrder.get(order.id) ?? []
    const complete = order.deliveryIds.every((id) => cached.some((delivery) => delivery.id === id))
    const lines = complete
      ? returnBasisByLine(cached)
      : new Map(order.lines.map((line) => [line.lineId, line.deliveredQuantity]))
    for (const line of order.lines) basis.set(line.lineId, lines.get(line.lineId) ?? 0)
  }
  return basis
}

/** Units returned per order line id: cached returns not rejected + waiting submissions (not failed). */
export async function returnedByLine(
  db: CacheDatabase,
  waiting: readonly OutboxItem[],
): Promise<Map<string, number>> {
  const returned = new Map<string, number>()
  const add = (lineId: string, quantity: number) =>
    returned.set(lineId, (returned.get(lineId) ?? 0) + quantity)
  const rows = await db.all<{ line_id: string; quantity: number }>(
    `SELECT json_extract(line.value, '$.orderLineId') AS line_id, json_extract(line.value, '$.quantity') AS quantity
     FROM returns, json_each(returns.record, '$.lines') AS line WHERE returns.status <> 'rejected'`,
  )
  for (const row of rows) add(row.line_id, Number(row.quantity) || 0)
  for (const item of waiting) {
    if (item.status === 'failed') continue
    for (const line of bodyOf(item).lines ?? []) add(line.orderLineId, line.quantity)
  }
  return returned
}

type Filter = { statuses?: readonly string[]; text?: string }

function whereClause(filter: Filter) {
  const conditions: string[] = []
  const params: string[] = []
  if (filter.statuses?.length) {
    conditions.push(`status IN (${filter.statuses.map(() => '?').join(',')})`)
    params.push(...filter.statuses)
  }
  const text = filter.text?.trim().toLowerCase()
  if (text) {
    const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
    conditions.push(`(number LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM json_each(returns.record, '$.lines') AS line
      WHERE json_extract(line.value, '$.orderNumber') LIKE ? ESCAPE '\\' OR json_extract(line.value, '$.sku') LIKE ? ESCAPE '\\'
         OR json_extract(line.value, '$.nameZh') LIKE ? ESCAPE '\\' OR json_extract(line.value, '$.nameEn') LIKE ? ESCAPE '\\'))`)
    params.push(pattern, pattern, pattern, pattern, pattern)
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

export async function countReturns(db: CacheDatabase, filter: Filter): Promise<number> {
  const where = whereClause(filter)
  return (
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM returns ${where.sql}`, where.params))
      ?.n ?? 0
  )
}

export async function listReturnSummaries(
  db: CacheDatabase,
  filter: Filter,
  offset: number,
  limit: number,
): Promise<ReturnSummary[]> {
  const where = whereClause(filter)
  const rows = await db.all<{ record: string }>(
    `SELECT record FROM returns ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
    [...where.params, limit, offset],
  )
  return rows.map((row) => {
    const entry = JSON.parse(row.record) as Return
    return {
      id: entry.id,
      number: entry.number,
      status: entry.status,
      reason: entry.reason,
      amount: entry.amount,
      lineCount: entry.lines.length,
      orderNumbers: [...new Set(entry.lines.map((line) => line.orderNumber))],
      createdAt: entry.createdAt,
      outbox: null,
    }
  })
}

/** Summaries of waiting submissions matching `filter`, newest first; amount from cached order prices. */
export async function pendingReturnSummaries(
  db: CacheDatabase,
  items: readonly OutboxItem[],
  filter: Filter,
): Promise<ReturnSummary[]> {
  if (filter.statuses?.length && !filter.statuses.includes('pending')) return []
  const bodies = items.map(bodyOf)
  const orders = new Map(
    (
      await readOrders(db, [
        ...new Set(bodies.flatMap((body) => (body.lines ?? []).map((line) => line.orderId))),
      ])
    ).map((order) => [order.id, order]),
  )
  const text = filter.text?.trim().toLowerCase()
  const summaries: ReturnSummary[] = []
  items.forEach((item, index) => {
    const lines = bodies[index]?.lines ?? []
    const orderNumbers = [
      ...new Set(lines.map((line) => orders.get(line.orderId)?.number ?? '')),
    ].filter((number) => number)
    if (text && !orderNumbers.some((number) => number.toLowerCase().includes(text))) return
    const amount = lines.reduce((sum, line) => {
      const price =
        orders.get(line.orderId)?.lines.find((candidate) => candidate.lineId === line.orderLineId)
          ?.unitPrice ?? 0
      return sum + price * line.quantity
    }, 0)
    summaries.push({
      id: item.id,
      number: null,
      status: 'pending',
      reason: bodies[index]?.reason ?? 'other',
      amount,
      lineCount: lines.length,
      orderNumbers,
      createdAt: item.createdAt,
      outbox: unsentRowState(item),
    })
  })
  return summaries.sort((a, b) => b.createdAt - a.createdAt)
}
