/**
 * Reads of the `orders` cache table for the order list and detail. Summaries come out of the
 * record JSON in SQL (json_extract) so a page of thousands of rows never parses whole records in JS.
 * Newest first (created_at, then id, descending).
 */
import type { Address, Order } from '../../../shared/api'
import type { OrderFilter, OrderSummary, RelatedDocument } from '../../../shared/contract/orders'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { addressLine as oneLine } from '../../../shared/domain/address'

type Filter = Pick<OrderFilter, 'from' | 'to' | 'text'> & {
  statuses?: readonly string[] | undefined
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
}

/** One-line ship-to address (a municipality's city not repeated). */
export function addressLine(
  address: Pick<Address, 'province' | 'city' | 'district' | 'line'> | null | undefined,
): string {
  if (!address) return ''
  return oneLine(address)
}

function whereClause(filter: Filter): { sql: string; params: (string | number)[] } {
  const conditions: string[] = []
  const params: (string | number)[] = []
  if (filter.statuses && filter.statuses.length > 0) {
    conditions.push(`status IN (${filter.statuses.map(() => '?').join(',')})`)
    params.push(...filter.statuses)
  }
  if (filter.from !== undefined) {
    conditions.push('created_at >= ?')
    params.push(filter.from)
  }
  if (filter.to !== undefined) {
    conditions.push('created_at <= ?')
    params.push(filter.to)
  }
  const text = filter.text?.trim()
  if (text) {
    const pattern = containsPattern(text)
    // A plain substring test on the record's JSON text first (cheap, no parsing) rules out most
    // orders; only text JSON would escape (quote, backslash, control characters) skips it.
    const prefilter = /["\\\u0000-\u001f]/.test(text) ? '' : `record LIKE ? ESCAPE '\\' AND `
    conditions.push(`(number LIKE ? ESCAPE '\\' OR (${prefilter}EXISTS (
      SELECT 1 FROM json_each(orders.record, '$.lines') AS line
      WHERE json_extract(line.value, '$.sku') LIKE ? ESCAPE '\\'
         OR json_extract(line.value, '$.nameZh') LIKE ? ESCAPE '\\'
         OR json_extract(line.value, '$.nameEn') LIKE ? ESCAPE '\\')))`)
    params.push(pattern, ...(prefilter ? [pattern] : []), pattern, pattern, pattern)
  }
  return { sql: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

interface SummaryRow {
  id: string
  number: string
  status: string
  created_at: number
  total: number | null
  line_count: number | null
  sku: string | null
  name_zh: string | null
  name_en: string | null
  address: string | null
}

function toSummary(row: SummaryRow): OrderSummary {
  const address = row.address ? (JSON.parse(row.address) as Address) : null
  return {
    id: row.id,
    number: row.number,
    status: row.status as OrderSummary['status'],
    total: row.total ?? 0,
    lineCount: row.line_count ?? 0,
    createdAt: row.created_at,
    firstLine:
      row.sku === null
        ? null
        : { sku: row.sku, nameZh: row.name_zh ?? '', nameEn: row.name_en ?? '' },
    address: addressLine(address),
    outbox: null,
  }
}

export async function countOrders(db: CacheDatabase, filter: Filter): Promise<number> {
  const where = whereClause(filter)
  return (
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM orders ${where.sql}`, where.params))
      ?.n ?? 0
  )
}

/** Summaries of the cached orders matching `filter`, newest first; `limit` null = all. */
export async function listOrderSummaries(
  db: CacheDatabase,
  filter: Filter,
  offset: number,
  limit: number | null,
): Promise<OrderSummary[]> {
  const where = whereClause(filter)
  const rows = await db.all<SummaryRow>(
    `SELECT id, number, status, created_at,
       json_extract(record, '$.total') AS total,
       json_array_length(record, '$.lines') AS line_count,
       json_extract(record, '$.lines[0].sku') AS sku,
       json_extract(record, '$.lines[0].nameZh') AS name_zh,
       json_extract(record, '$.lines[0].nameEn') AS name_en,
       json_extract(record, '$.address') AS address
     FROM orders ${where.sql}
     ORDER BY created_at DESC, id DESC
     LIMIT ? OFFSET ?`,
    [...where.params, limit ?? -1, offset],
  )
  return rows.map(toSummary)
}

export async function readOrder(db: CacheDatabase, id: string): Promise<Order | null> {
  const row = await db.get<{ record: string }>('SELECT record FROM orders WHERE id = ?', [id])
  return row ? (JSON.parse(row.record) as Order) : null
}

type DocumentTable = 'deliveries' | 'returns' | 'invoice_requests'

async function readDocuments<
  R extends { id: string; number: string; status: string; createdAt: number },
>(db: CacheDatabase, table: DocumentTable, ids: readonly string[], orderId: string): Promise<R[]> {
  const byOrderColumn = table === 'invoice_requests' ? '' : ' OR order_id = ?'
  const placeholders = ids.map(() => '?').join(',')
  const idCondition = ids.length ? `id IN (${placeholders})` : '0'
  const rows = await db.all<{ record: string }>(
    `SELECT record FROM ${table} WHERE ${idCondition}${byOrderColumn} ORDER BY created_at, id`,
    byOrderColumn ? [...ids, orderId] : [...ids],
  )
  return rows.map((row) => JSON.parse(row.record) as R)
}

const related = (
  document: { id: string; number: string; status: string; createdAt: number },
  amount: number,
): RelatedDocument => ({
  id: document.id,
  number: document.number,
  status: document.status,
  createdAt: document.createdAt,
  amount,
})

/** Deliveries, returns and invoice requests of `order`, oldest first; amounts are this order's part. */
export async function readRelatedDocuments(db: CacheDatabase, order: Order) {
  type Delivery = {
    id: string
    number: string
    status: string
    createdAt: number
    orderId: string
    amount: number
    lines: { orderLineId: string; quantity: number; receivedQuantity: number | null }[]
  }
  type Return = {
    id: string
    number: string
    status: string
    createdAt: number
    lines: { orderId: string; amount: number }[]
  }
  type InvoiceRequest = {
    id: string
    number: string
    status: string
    createdAt: number
    orders: { orderId: string; amount: number }[]
  }
  const deliveries = (
    await readDocuments<Delivery>(db, 'deliveries', order.deliveryIds, order.id)
  ).filter((entry) => entry.orderId === order.id)
  const returns = (await readDocuments<Return>(db, 'returns', order.returnIds, order.id)).filter(
    (entry) => entry.lines.some((line) => line.orderId === order.id),
  )
  const invoiceRequests = await readDocuments<InvoiceRequest>(
    db,
    'invoice_requests',
    order.invoiceRequestIds,
    order.id,
  )
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  // A short receipt, as the delivery shows it: shipped − received on confirmed lines.
  const short = new Map<string, number>()
  for (const line of deliveries.flatMap((entry) => entry.lines ?? [])) {
    if (line.receivedQuantity !== null && line.receivedQuantity < line.quantity) {
      short.set(
        line.orderLineId,
        (short.get(line.orderLineId) ?? 0) + line.quantity - line.receivedQuantity,
      )
    }
  }
  return {
    shortages: [...short].map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
    deliveries: deliveries.map((entry) => related(entry, entry.amount)),
    returns: returns.map((entry) =>
      related(
        entry,
        sum(entry.lines.filter((line) => line.orderId === order.id).map((line) => line.amount)),
      ),
    ),
    invoiceRequests: invoiceRequests
      .filter((entry) => entry.orders.some((part) => part.orderId === order.id))
      .map((entry) =>
        related(
          entry,
          sum(entry.orders.filter((part) => part.orderId === order.id).map((part) => part.amount)),
        ),
      ),
  }
}
