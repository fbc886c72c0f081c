/**
 * Reads of the cache for the invoice requests area: `invoice_requests` (record = shared/api
 * InvoiceRequest) newest first, requests still in the outbox, and the `orders` whose cached
 * `invoiceableAmount` (fen) is above 0.
 */
import type {
  CreateInvoiceRequestRequest,
  InvoiceProfile,
  InvoiceRequest,
} from '../../../shared/api'
import type { InvoiceableOrder, InvoiceRequestSummary } from '../../../shared/contract/invoices'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { unsentRowState } from '../outbox/unsent'

export async function countInvoiceRequests(db: CacheDatabase): Promise<number> {
  return (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM invoice_requests'))?.n ?? 0
}

export async function listInvoiceRequests(
  db: CacheDatabase,
  offset: number,
  limit: number,
): Promise<InvoiceRequestSummary[]> {
  const rows = await db.all<{ record: string }>(
    'SELECT record FROM invoice_requests ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?',
    [limit, offset],
  )
  return rows.map((row) => {
    const request = JSON.parse(row.record) as InvoiceRequest
    return {
      id: request.id,
      number: request.number,
      status: request.status,
      type: request.type,
      amount: request.amount,
      title: request.profile.title,
      orderNumbers: request.orders.map((order) => order.orderNumber),
      invoiceNumber: request.invoiceNumber,
      createdAt: request.createdAt,
      outbox: null,
    }
  })
}

/**
 * Summaries of requests still in the outbox, newest first: the title from the chosen profile (or
 * the new one the request carries), the order numbers from the cache.
 */
export async function pendingInvoiceRequestSummaries(
  db: CacheDatabase,
  items: readonly OutboxItem[],
  profiles: readonly InvoiceProfile[],
): Promise<InvoiceRequestSummary[]> {
  const titles = new Map(profiles.map((profile) => [profile.id, profile.title]))
  const payloads = items.map((item) => (item.payload ?? {}) as OutboxPayload)
  const bodies = payloads.map(
    (payload) => (payload.body ?? {}) as Partial<CreateInvoiceRequestRequest>,
  )
  const orderIds = [
    ...new Set(bodies.flatMap((body) => (body.orders ?? []).map((part) => part.orderId))),
  ]
  const numbers = new Map(
    orderIds.length
      ? (
          await db.all<{ id: string; number: string }>(
            `SELECT id, number FROM orders WHERE id IN (${orderIds.map(() => '?').join(',')})`,
            orderIds,
          )
        ).map((row) => [row.id, row.number])
      : [],
  )
  return items
    .map((item, index): InvoiceRequestSummary => {
      const body = bodies[index]!
      const parts = body.orders ?? []
      const newProfile = payloads[index]!.newProfile?.body as { title?: string } | undefined
      return {
        id: item.id,
        number: null,
        status: 'pending',
        type: body.type ?? 'vatGeneral',
        amount: parts.reduce((sum, part) => sum + part.amount, 0),
        title: newProfile?.title ?? titles.get(body.profileId ?? '') ?? '',
        orderNumbers: parts.map((part) => numbers.get(part.orderId) ?? part.orderId),
        invoiceNumber: null,
        createdAt: item.createdAt,
        outbox: unsentRowState(item),
      }
    })
    .sort((a, b) => b.createdAt - a.createdAt)
}

export async function readInvoiceRequest(
  db: CacheDatabase,
  id: string,
): Promise<InvoiceRequest | null> {
  const row = await db.get<{ record: string }>(
    'SELECT record FROM invoice_requests WHERE id = ? OR number = ?',
    [id, id],
  )
  return row ? (JSON.parse(row.record) as InvoiceRequest) : null
}

/** Orders with a cached invoiceable amount > 0, oldest first (at most `limit`). */
export async function listInvoiceableOrders(
  db: CacheDatabase,
  limit = 2000,
): Promise<InvoiceableOrder[]> {
  const rows = await db.all<{
    id: string
    number: string
    created_at: number
    total: number | null
    delivered: number | null
    returned: number | null
    requested: number | null
    invoiceable: number | null
  }>(
    `SELECT id, number, created_at,
            json_extract(record, '$.total') AS total,
            json_extract(record, '$.deliveredAmount') AS delivered,
            json_extract(record, '$.returnedAmount') AS returned,
            json_extract(record, '$.invoiceRequestedAmount') AS requested,
            json_extract(record, '$.invoiceableAmount') AS invoiceable
       FROM orders
      WHERE json_extract(record, '$.invoiceableAmount') > 0
      ORDER BY created_at ASC, id ASC
      LIMIT ?`,
    [limit],
  )
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    createdAt: row.created_at,
    total: row.total ?? 0,
    deliveredAmount: row.delivered ?? 0,
    returnedAmount: row.returned ?? 0,
    requestedAmount: row.requested ?? 0,
    invoiceable: row.invoiceable ?? 0,
  }))
}
