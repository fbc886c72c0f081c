/**
 * Status changes a sync page brings to documents already cached: orders ("your order was
 * approved"), returns ("refunded") and invoice requests ("issued").
 */
import type { CacheDatabase } from '../cache/cacheDatabase'

export interface OrderStatusTransition {
  orderId: string
  number: string
  from: string
  to: string
}

/** The tables whose status changes are announced. */
export type StatusTable = 'orders' | 'returns' | 'invoice_requests'

/** Cached statuses of `records` that differ from theirs; read before the records are applied. */
export async function orderStatusTransitions(
  db: CacheDatabase,
  records: readonly { id: string; number: string; status: string }[],
  table: StatusTable = 'orders',
): Promise<OrderStatusTransition[]> {
  const transitions: OrderStatusTransition[] = []
  for (let start = 0; start < records.length; start += 500) {
    const chunk = records.slice(start, start + 500)
    const rows = await db.all<{ id: string; status: string }>(
      `SELECT id, status FROM ${table} WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk.map((record) => record.id),
    )
    const before = new Map(rows.map((row) => [row.id, row.status]))
    for (const record of chunk) {
      const from = before.get(record.id)
      if (from !== undefined && from !== record.status)
        transitions.push({ orderId: record.id, number: record.number, from, to: record.status })
    }
  }
  return transitions
}
