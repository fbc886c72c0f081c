/**
 * Reads of the cache for the invoice requests area: `invoice_requests` (record = shared/api
 * InvoiceRequest) newest first, and the `orders` whose cached `invoiceableAmount` (fen) is above 0.
 */
import type { InvoiceRequest } from '../../../shared/api'
import type { InvoiceableOrder, InvoiceRequestSummary } from '../../../shared/contract/invoices'
import type { CacheDatabase } from '../cache/cacheDatabase'

export function countInvoiceRequests(db: CacheDatabase): number {
  return db.get<{ n: number }>('SELECT COUNT(*) AS n FROM invoice_requests')?.n ?? 0
}

export function listInvoiceRequests(db: CacheDatabase, offset: number, limit: number): InvoiceRequestSummary[] {
  const rows = db.all<{ record: string }>(
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
    }
  })
}

export function readInvoiceRequest(db: CacheDatabase, id: string): InvoiceRequest | null {
  const row = db.get<{ record: string }>('SELECT record FROM invoice_requests WHERE id = ? OR number = ?', [id, id])
  return row ? (JSON.parse(row.record) as InvoiceRequest) : null
}

/** Orders with a cached invoiceable amount > 0, oldest first (at most `limit`). */
export function listInvoiceableOrders(db: CacheDatabase, limit = 2000): InvoiceableOrder[] {
  const rows = db.all<{
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
