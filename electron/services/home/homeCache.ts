/**
 * Every cache query Home makes, in one place (so a change of how the cache is reached, such as
 * moving sql.js into a worker, touches only this file). Each function is one read over the schema
 * of cache/cacheSchema.ts and returns plain rows; the arithmetic lives in homeAggregates.ts.
 * Money is integer fen, times epoch ms.
 */
import type { AccountType, Balances } from '../../../shared/api'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createMetaStore } from '../cache/cacheRepositories'
import { LAST_SYNCED_META_KEY } from '../sync/syncEngine'

/** Orders that never commit money: left out of purchases and rankings. */
const VOID_ORDER_STATUSES = "('cancelled', 'rejected')"

export interface HomeCache {
  balances(): Balances | null
  lastSyncedAt(): number | null
  counts(): { openOrders: number; deliveriesInTransit: number; pendingReturns: number; pendingInvoiceRequests: number }
  /** Orders (not cancelled or rejected) created in [from, to): when and their total. */
  orderTotals(from: number, to: number): { createdAt: number; total: number }[]
  /** Per product, the amount and quantity on order lines of orders (not void) created in [from, to). */
  productTotals(from: number, to: number, limit: number): ProductTotal[]
  /** The balance-after of the last movement of `accountType` before `at`, or null when there is none. */
  balanceBefore(accountType: AccountType, at: number): number | null
  /** Rebate-account movements of the given types in [from, to). */
  rebateMovements(from: number, to: number): { at: number; type: string; amount: number }[]
  hasFlow(): boolean
  /** Documents of `table` in `status`, oldest first, and how many there are. */
  documentsInStatus(table: 'orders' | 'deliveries', status: string, limit: number): { total: number; records: unknown[] }
  /** The newest orders, whole records. */
  recentOrders(limit: number): unknown[]
}

export interface ProductTotal {
  productId: string
  sku: string
  nameZh: string
  nameEn: string
  quantity: number
  amount: number
}

const count = (db: CacheDatabase, sql: string) => Number(db.get<{ n: number }>(sql)?.n ?? 0)

export function homeCache(db: CacheDatabase): HomeCache {
  return {
    balances() {
      const row = db.get<{ record: string }>('SELECT record FROM balances WHERE id = 1')
      return row ? (JSON.parse(row.record) as Balances) : null
    },
    lastSyncedAt() {
      return Number(createMetaStore(db).get(LAST_SYNCED_META_KEY)) || null
    },
    counts() {
      return {
        openOrders: count(db, "SELECT COUNT(*) AS n FROM orders WHERE status NOT IN ('received', 'cancelled', 'rejected')"),
        deliveriesInTransit: count(db, "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'has_delivered'"),
        pendingReturns: count(db, "SELECT COUNT(*) AS n FROM returns WHERE status IN ('under_review', 'approved', 'received')"),
        pendingInvoiceRequests: count(db, "SELECT COUNT(*) AS n FROM invoice_requests WHERE status = 'under_review'"),
      }
    },
    orderTotals(from, to) {
      return db.all<{ createdAt: number; total: number }>(
        `SELECT created_at AS createdAt, json_extract(record, '$.total') AS total FROM orders
         WHERE created_at >= ? AND created_at < ? AND status NOT IN ${VOID_ORDER_STATUSES}`,
        [from, to],
      )
    },
    productTotals(from, to, limit) {
      // Ties broken by SKU so the ranking is stable.
      return db.all<ProductTotal>(
        `SELECT json_extract(line.value, '$.productId') AS productId,
                MAX(json_extract(line.value, '$.sku')) AS sku,
                MAX(json_extract(line.value, '$.nameZh')) AS nameZh,
                MAX(json_extract(line.value, '$.nameEn')) AS nameEn,
                SUM(json_extract(line.value, '$.quantity')) AS quantity,
                SUM(json_extract(line.value, '$.amount')) AS amount
         FROM orders, json_each(orders.record, '$.lines') AS line
         WHERE orders.created_at >= ? AND orders.created_at < ? AND orders.status NOT IN ${VOID_ORDER_STATUSES}
         GROUP BY productId
         ORDER BY amount DESC, sku ASC
         LIMIT ?`,
        [from, to, limit],
      )
    },
    balanceBefore(accountType, at) {
      const row = db.get<{ balanceAfter: number }>(
        `SELECT json_extract(record, '$.balanceAfter') AS balanceAfter FROM transactions
         WHERE account_type = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1`,
        [accountType, at],
      )
      return row ? Number(row.balanceAfter) : null
    },
    rebateMovements(from, to) {
      return db.all<{ at: number; type: string; amount: number }>(
        `SELECT at, type, amount FROM transactions
         WHERE account_type = 'rebate' AND at >= ? AND at < ? AND type IN ('rebateGrant', 'rebateUse')`,
        [from, to],
      )
    },
    hasFlow() {
      return db.get('SELECT 1 AS present FROM transactions LIMIT 1') !== undefined
    },
    documentsInStatus(table, status, limit) {
      const total = Number(db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE status = ?`, [status])?.n ?? 0)
      const rows = total
        ? db.all<{ record: string }>(`SELECT record FROM ${table} WHERE status = ? ORDER BY created_at, id LIMIT ?`, [status, limit])
        : []
      return { total, records: rows.map((row) => JSON.parse(row.record) as unknown) }
    },
    recentOrders(limit) {
      return db
        .all<{ record: string }>('SELECT record FROM orders ORDER BY created_at DESC, id DESC LIMIT ?', [limit])
        .map((row) => JSON.parse(row.record) as unknown)
    },
  }
}
