/** The Home screen's figures, read from one dealer's cache (no network), by Home's own queries. */
import type { HomeSummary } from '../../../shared/contract/workspace'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { homeCache } from '../home/homeCache'

export function readHomeSummary(db: CacheDatabase, dealerId: string): HomeSummary {
  const cache = homeCache(db)
  return {
    dealerId,
    balances: cache.balances(),
    counts: cache.counts(),
    lastSyncedAt: cache.lastSyncedAt(),
  }
}
