/** The Home screen's figures, read from one dealer's cache (no network), by Home's own queries. */
import type { HomeSummary } from '../../../shared/contract/workspace'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { homeCache } from '../home/homeCache'

export async function readHomeSummary(db: CacheDatabase, dealerId: string): Promise<HomeSummary> {
  const cache = homeCache(db)
  const [balances, counts, lastSyncedAt] = await Promise.all([
    cache.balances(),
    cache.counts(),
    cache.lastSyncedAt(),
  ])
  return {
    dealerId,
    balances,
    counts,
    lastSyncedAt,
  }
}
