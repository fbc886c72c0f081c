/**
 * Status changes a sync page brings to documents already cached: orders ("your order was
 * approved"), returns ("refunded") and invoice requests ("issued"); and, for orders, those that
 * arrive awaiting the dealer's own approval (the admins are told).
 *
 * An order approved inside the dealer may come back under another id (ShareCRM creates it anew
 * at approval): it names the id it had while held (`heldOrderId`), and its change is read from
 * the held record (awaiting_approval → under_review), reported under the new id.
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

export interface StatusRecord {
  id: string
  number: string
  status: string
  heldOrderId?: string
}

/** A held order id another record replaces (orders only): the held row goes with the page. */
export function replacedHeldIds(records: readonly StatusRecord[]): string[] {
  return records.flatMap((record) =>
    record.heldOrderId && record.heldOrderId !== record.id ? [record.heldOrderId] : [],
  )
}

/** Cached statuses of `records` that differ from theirs; read before the records are applied. */
export async function orderStatusTransitions(
  db: CacheDatabase,
  records: readonly StatusRecord[],
  table: StatusTable = 'orders',
): Promise<OrderStatusTransition[]> {
  return (await pageStatusChanges(db, records, table)).transitions
}

/**
 * The page's status changes, and (orders) the ids of records that arrive awaiting approval and
 * were not cached before.
 */
export async function pageStatusChanges(
  db: CacheDatabase,
  records: readonly StatusRecord[],
  table: StatusTable = 'orders',
): Promise<{ transitions: OrderStatusTransition[]; arrivedAwaitingApproval: string[] }> {
  const transitions: OrderStatusTransition[] = []
  const arrivedAwaitingApproval: string[] = []
  for (let start = 0; start < records.length; start += 500) {
    const chunk = records.slice(start, start + 500)
    const ids = [...new Set([...chunk.map((record) => record.id), ...replacedHeldIds(chunk)])]
    const rows = await db.all<{ id: string; status: string }>(
      `SELECT id, status FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`,
      ids,
    )
    const before = new Map(rows.map((row) => [row.id, row.status]))
    for (const record of chunk) {
      const held =
        table === 'orders' && record.heldOrderId && record.heldOrderId !== record.id
          ? before.get(record.heldOrderId)
          : undefined
      const from = before.get(record.id) ?? held
      if (from !== undefined && from !== record.status)
        transitions.push({ orderId: record.id, number: record.number, from, to: record.status })
      if (table === 'orders' && from === undefined && record.status === 'awaiting_approval')
        arrivedAwaitingApproval.push(record.id)
    }
  }
  return { transitions, arrivedAwaitingApproval }
}
