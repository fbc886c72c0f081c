/** The Home screen's figures, read from one dealer's cache (no network). */
import type { Balances } from '../../../shared/api'
import type { HomeSummary } from '../../../shared/contract/workspace'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createMetaStore } from '../cache/cacheRepositories'
import { LAST_SYNCED_META_KEY } from '../sync/syncEngine'

const count = async (db: CacheDatabase, sql: string) => (await db.get<{ n: number }>(sql))?.n ?? 0

export async function readHomeSummary(db: CacheDatabase, dealerId: string): Promise<HomeSummary> {
  const balancesRow = await db.get<{ record: string }>('SELECT record FROM balances WHERE id = 1')
  const lastSyncedAt = Number(await createMetaStore(db).get(LAST_SYNCED_META_KEY)) || null
  return {
    dealerId,
    balances: balancesRow ? (JSON.parse(balancesRow.record) as Balances) : null,
    counts: {
      openOrders: await count(
        db,
        "SELECT COUNT(*) AS n FROM orders WHERE status NOT IN ('received', 'cancelled', 'rejected', 'declined')",
      ),
      deliveriesInTransit: await count(
        db,
        "SELECT COUNT(*) AS n FROM deliveries WHERE status = 'has_delivered'",
      ),
      pendingReturns: await count(
        db,
        "SELECT COUNT(*) AS n FROM returns WHERE status IN ('under_review', 'approved', 'received')",
      ),
      pendingInvoiceRequests: await count(
        db,
        "SELECT COUNT(*) AS n FROM invoice_requests WHERE status = 'under_review'",
      ),
    },
    lastSyncedAt,
  }
}
