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
// Orders that committed nothing: cancelled, rejected upstream, declined by the dealer's admin, or
// still awaiting that approval (not sent upstream yet).
const VOID_ORDER_STATUSES = "('cancelled', 'rejected', 'declined', 'awaiting_approval')"

export interface HomeCache {
  balances(): Balances | null
  lastSyncedAt(): number | null
  counts(): {
    openOrders: number
    deliveriesInTransit: number
    pendingReturns: number
    pendingInvoiceRequests: number
  }
  /** How many orders (not cancelled or rejected) were created in [from, to) and their total amount. */
  purchasesBetween(from: number, to: number): { orders: number; amount: number }
  /** The top `limit` products by amount on lines of orders (not void) created in [from, to), ties by SKU. */
  productTotals(from: number, to: number, limit: number): ProductTotal[]
  /** The balance-after of the last movement of `accountType` before `at`, or null when there is none. */
  balanceBefore(accountType: AccountType, at: number): number | null
  /** Rebate granted (rebateGrant) and used (−rebateUse) in [from, to). */
  rebateBetween(from: number, to: number): { earned: number; used: number }
  hasFlow(): boolean
  /** Documents of `table` in `status`, oldest first, and how many there are. */
  documentsInStatus(
    table: 'orders' | 'deliveries',
    status: string,
    limit: number,
  ): { total: number; records: unknown[] }
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
        openOrders: count(
          db,
          "SELECT COUNT(*) AS n FROM orders WHERE status NOT IN ('received', 'cancelled', 'rejected', 'declined')",
        ),
        deliveriesInTransit: count(
          db,
          "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'has_delivered'",
        ),
        pendingReturns: count(
          db,
          "SELECT COUNT(*) AS n FROM returns WHERE status IN ('under_review', 'approved', 'received')",
        ),
        pendingInvoiceRequests: count(
          db,
          "SELECT COUNT(*) AS n FROM invoice_requests WHERE status = 'under_review'",
        ),
      }
    },
    purchasesBetween(from, to) {
      // order_lines (cacheSchema.ts, migration 2) holds every order's lines; a total is their sum.
      const row = db.get<{ orders: number; amount: number | null }>(
        `SELECT COUNT(DISTINCT order_id) AS orders, SUM(amount) AS amount FROM order_lines
         WHERE created_at >= ? AND created_at < ? AND status NOT IN ${VOID_ORDER_STATUSES}`,
        [from, to],
      )
      return { orders: Number(row?.orders ?? 0), amount: Number(row?.amount ?? 0) }
    },
    productTotals(from, to, limit) {
      return db.all<ProductTotal>(
        `SELECT product_id AS productId, MAX(sku) AS sku, MAX(name_zh) AS nameZh, MAX(name_en) AS nameEn,
                SUM(quantity) AS quantity, SUM(amount) AS amount
         FROM order_lines
         WHERE created_at >= ? AND created_at < ? AND status NOT IN ${VOID_ORDER_STATUSES}
         GROUP BY product_id
         ORDER BY amount DESC, sku ASC
         LIMIT ?`,
        [from, to, limit],
      )
    },
    balanceBefore(accountType, at) {
      // The latest instant first (index transactions_account_at), then the last id at it.
      const row = db.get<{ balanceAfter: number }>(
        `SELECT json_extract(record, '$.balanceAfter') AS balanceAfter FROM transactions
         WHERE account_type = ?1 AND at = (SELECT MAX(at) FROM transactions WHERE account_type = ?1 AND at < ?2)
         ORDER BY id DESC LIMIT 1`,
        [accountType, at],
      )
      return row ? Number(row.balanceAfter) : null
    },
    rebateBetween(from, to) {
      const row = db.get<{ earned: number | null; used: number | null }>(
        `SELECT SUM(CASE WHEN type = 'rebateGrant' AND amount > 0 THEN amount END) AS earned,
                -SUM(CASE WHEN type = 'rebateUse' AND amount < 0 THEN amount END) AS used
         FROM transactions WHERE account_type = 'rebate' AND at >= ? AND at < ?`,
        [from, to],
      )
      return { earned: Number(row?.earned ?? 0), used: Number(row?.used ?? 0) }
    },
    hasFlow() {
      return db.get('SELECT 1 AS present FROM transactions LIMIT 1') !== undefined
    },
    documentsInStatus(table, status, limit) {
      const total = Number(
        db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE status = ?`, [status])?.n ??
          0,
      )
      const rows = total
        ? db.all<{ record: string }>(
            `SELECT record FROM ${table} WHERE status = ? ORDER BY created_at, id LIMIT ?`,
            [status, limit],
          )
        : []
      return { total, records: rows.map((row) => JSON.parse(row.record) as unknown) }
    },
    recentOrders(limit) {
      return db
        .all<{ record: string }>(
          'SELECT record FROM orders ORDER BY created_at DESC, id DESC LIMIT ?',
          [limit],
        )
        .map((row) => JSON.parse(row.record) as unknown)
    },
  }
}
