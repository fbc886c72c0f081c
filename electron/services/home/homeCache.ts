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
  balances(): Promise<Balances | null>
  lastSyncedAt(): Promise<number | null>
  counts(): Promise<{
    openOrders: number
    deliveriesInTransit: number
    pendingReturns: number
    pendingInvoiceRequests: number
  }>
  /** How many orders (not cancelled or rejected) were created in [from, to) and their total amount. */
  purchasesBetween(from: number, to: number): Promise<{ orders: number; amount: number }>
  /** The top `limit` products by amount on lines of orders (not void) created in [from, to), ties by SKU. */
  productTotals(from: number, to: number, limit: number): Promise<ProductTotal[]>
  /** The balance-after of the last movement of `accountType` before `at`, or null when there is none. */
  balanceBefore(accountType: AccountType, at: number): Promise<number | null>
  /** Rebate granted (rebateGrant) and used (−rebateUse) in [from, to). */
  rebateBetween(from: number, to: number): Promise<{ earned: number; used: number }>
  hasFlow(): Promise<boolean>
  /** Documents of `table` in `status`, oldest first, and how many there are. */
  documentsInStatus(
    table: 'orders' | 'deliveries',
    status: string,
    limit: number,
  ): Promise<{ total: number; records: unknown[] }>
  /** The newest orders, whole records. */
  recentOrders(limit: number): Promise<unknown[]>
}

export interface ProductTotal {
  productId: string
  sku: string
  nameZh: string
  nameEn: string
  quantity: number
  amount: number
}

const count = async (db: CacheDatabase, sql: string) =>
  Number((await db.get<{ n: number }>(sql))?.n ?? 0)

export function homeCache(db: CacheDatabase): HomeCache {
  return {
    async balances() {
      const row = await db.get<{ record: string }>('SELECT record FROM balances WHERE id = 1')
      return row ? (JSON.parse(row.record) as Balances) : null
    },
    async lastSyncedAt() {
      return Number(await createMetaStore(db).get(LAST_SYNCED_META_KEY)) || null
    },
    async counts() {
      const [openOrders, deliveriesInTransit, pendingReturns, pendingInvoiceRequests] =
        await Promise.all([
          count(
            db,
            "SELECT COUNT(*) AS n FROM orders WHERE status NOT IN ('received', 'cancelled', 'rejected')",
          ),
          count(db, "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'has_delivered'"),
          count(
            db,
            "SELECT COUNT(*) AS n FROM returns WHERE status IN ('under_review', 'approved', 'received')",
          ),
          count(db, "SELECT COUNT(*) AS n FROM invoice_requests WHERE status = 'under_review'"),
        ])
      return { openOrders, deliveriesInTransit, pendingReturns, pendingInvoiceRequests }
    },
    async purchasesBetween(from, to) {
      // order_lines (cacheSchema.ts, migration 2) holds every order's lines; a total is their sum.
      const row = await db.get<{ orders: number; amount: number | null }>(
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
    async balanceBefore(accountType, at) {
      // The latest instant first (index transactions_account_at), then the last id at it.
      const row = await db.get<{ balanceAfter: number }>(
        `SELECT json_extract(record, '$.balanceAfter') AS balanceAfter FROM transactions
         WHERE account_type = ?1 AND at = (SELECT MAX(at) FROM transactions WHERE account_type = ?1 AND at < ?2)
         ORDER BY id DESC LIMIT 1`,
        [accountType, at],
      )
      return row ? Number(row.balanceAfter) : null
    },
    async rebateBetween(from, to) {
      const row = await db.get<{ earned: number | null; used: number | null }>(
        `SELECT SUM(CASE WHEN type = 'rebateGrant' AND amount > 0 THEN amount END) AS earned,
                -SUM(CASE WHEN type = 'rebateUse' AND amount < 0 THEN amount END) AS used
         FROM transactions WHERE account_type = 'rebate' AND at >= ? AND at < ?`,
        [from, to],
      )
      return { earned: Number(row?.earned ?? 0), used: Number(row?.used ?? 0) }
    },
    async hasFlow() {
      return (await db.get('SELECT 1 AS present FROM transactions LIMIT 1')) !== undefined
    },
    async documentsInStatus(table, status, limit) {
      const total = Number(
        (
          await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE status = ?`, [
            status,
          ])
        )?.n ?? 0,
      )
      const rows = total
        ? await db.all<{ record: string }>(
            `SELECT record FROM ${table} WHERE status = ? ORDER BY created_at, id LIMIT ?`,
            [status, limit],
          )
        : []
      return { total, records: rows.map((row) => JSON.parse(row.record) as unknown) }
    },
    async recentOrders(limit) {
      return (
        await db.all<{ record: string }>(
          'SELECT record FROM orders ORDER BY created_at DESC, id DESC LIMIT ?',
          [limit],
        )
      ).map((row) => JSON.parse(row.record) as unknown)
    },
  }
}
