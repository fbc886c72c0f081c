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

export interface HomeCache {
  balances(): Promise<Balances | null>
  lastSyncedAt(): Promise<number | null>
  counts(): Promise<{
    openOrders: number
    deliveriesInTransit: number
    pendingReturns: number
    pendingInvoiceRequests: number
  }>
  /**
   * Per Beijing month (`YYYY-MM`) of `periods`: how many orders (not cancelled or rejected) were
   * created in it and their total amount; months without any are left out.
   */
  purchasesInMonths(
    periods: readonly string[],
  ): Promise<Map<string, { orders: number; amount: number }>>
  /** The top `limit` products of a Beijing year by amount ordered (orders not void), ties by SKU. */
  productTotals(year: number, limit: number): Promise<ProductTotal[]>
  /**
   * For each instant of `instants` and each account: the balance-after of the account's last
   * movement before that instant (null when there is none). One read for them all.
   */
  balancesBefore(
    instants: readonly number[],
  ): Promise<(accountType: AccountType, at: number) => number | null>
  /** Per Beijing month of `periods`: rebate granted (rebateGrant) and used (−rebateUse); months without any are left out. */
  rebateInMonths(periods: readonly string[]): Promise<Map<string, { earned: number; used: number }>>
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
            "SELECT COUNT(*) AS n FROM orders WHERE status NOT IN ('received', 'cancelled', 'rejected', 'declined')",
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
    async purchasesInMonths(periods) {
      // Running totals kept by triggers (cacheSchema.ts, migration 4): twelve rows, not three
      // years of order lines.
      const rows = await db.all<{ period: string; orders: number; amount: number }>(
        `SELECT period, orders, amount FROM order_month_totals
         WHERE period IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(periods)],
      )
      return new Map(rows.map((row) => [row.period, { orders: row.orders, amount: row.amount }]))
    },
    async productTotals(year, limit) {
      return db.all<ProductTotal>(
        `SELECT product_id AS productId, sku, name_zh AS nameZh, name_en AS nameEn, quantity, amount
         FROM product_year_totals WHERE year = ?
         ORDER BY amount DESC, sku ASC
         LIMIT ?`,
        [year, limit],
      )
    },
    async balancesBefore(instants) {
      // Per (instant, account): the latest instant first (index transactions_account_at), then
      // the last id at it.
      const rows = await db.all<{
        at: number
        accountType: AccountType
        balanceAfter: number | null
      }>(
        `SELECT instant.value AS at, account.value AS accountType,
           (SELECT json_extract(record, '$.balanceAfter') FROM transactions
            WHERE account_type = account.value AND at = (
              SELECT MAX(at) FROM transactions WHERE account_type = account.value AND at < instant.value)
            ORDER BY id DESC LIMIT 1) AS balanceAfter
         FROM json_each(?) AS instant, json_each('["deposit", "rebate", "credit"]') AS account`,
        [JSON.stringify(instants)],
      )
      const found = new Map(rows.map((row) => [`${row.accountType}@${row.at}`, row.balanceAfter]))
      return (accountType, at) => {
        const balance = found.get(`${accountType}@${at}`)
        return balance === undefined || balance === null ? null : Number(balance)
      }
    },
    async rebateInMonths(periods) {
      const rows = await db.all<{ period: string; earned: number; used: number }>(
        `SELECT period, earned, used FROM rebate_month_totals
         WHERE period IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(periods)],
      )
      return new Map(rows.map((row) => [row.period, { earned: row.earned, used: row.used }]))
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
