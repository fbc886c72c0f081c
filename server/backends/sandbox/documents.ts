/**
 * Load/save of JSON-stored business documents (orders, deliveries, returns, invoice requests).
 * A document is read by id or document number; a dealer-scoped read of another dealer's
 * document throws `resource.notFound`, exactly like a missing one.
 */
import { notFound } from '../../errors'
import type { SandboxDatabase } from './database'

export type DocumentTable = 'orders' | 'deliveries' | 'returns' | 'invoice_requests'

interface StoredDocument {
  id: string
  dealerId: string
  number: string
  status: string
  createdAt: number
  modifiedAt: number
}

export function loadDocument<T extends StoredDocument>(
  db: SandboxDatabase,
  table: DocumentTable,
  reference: string,
  dealerId?: string,
): T {
  const row = db.get<{ json: string; dealer_id: string }>(
    `SELECT json, dealer_id FROM ${table} WHERE id = ? OR number = ?`,
    [reference, reference],
  )
  if (!row || (dealerId !== undefined && row.dealer_id !== dealerId)) throw notFound()
  return JSON.parse(row.json) as T
}

export function saveDocument(
  db: SandboxDatabase,
  table: DocumentTable,
  document: StoredDocument,
  extra: { orderId?: string } = {},
): void {
  const json = JSON.stringify(document)
  if (table === 'deliveries') {
    db.run(
      `INSERT INTO deliveries (id, dealer_id, number, status, order_id, created_at, modified_at, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, modified_at = excluded.modified_at, json = excluded.json`,
      [
        document.id,
        document.dealerId,
        document.number,
        document.status,
        extra.orderId ?? '',
        document.createdAt,
        document.modifiedAt,
        json,
      ],
    )
    return
  }
  db.run(
    `INSERT INTO ${table} (id, dealer_id, number, status, created_at, modified_at, json)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, modified_at = excluded.modified_at, json = excluded.json`,
    [
      document.id,
      document.dealerId,
      document.number,
      document.status,
      document.createdAt,
      document.modifiedAt,
      json,
    ],
  )
}
