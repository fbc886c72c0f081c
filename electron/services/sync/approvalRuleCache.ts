/**
 * The dealer's approval rule (orders approved inside the dealer) as the cache keeps it, so an
 * admin reads it offline: the gateway's `ApprovalRuleState` as JSON in the `meta` table with the
 * time it was fetched (no table of its own, no cache migration). Written by every sync of an
 * admin and by every answer of the gateway to reading or setting the rule.
 */
import type { ApprovalRuleState } from '../../../shared/api'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createMetaStore } from '../cache/cacheRepositories'

export const APPROVAL_RULE_META_KEY = 'approvalRule'

export interface CachedApprovalRule {
  state: ApprovalRuleState
  /** When the gateway answered it (epoch ms). */
  fetchedAt: number
}

/** Stores the state; resolves to whether it differs from the one cached (fetchedAt aside). */
export async function storeApprovalRule(
  db: CacheDatabase,
  state: ApprovalRuleState,
  fetchedAt: number,
): Promise<boolean> {
  const meta = createMetaStore(db)
  const before = await readApprovalRule(db)
  await meta.set(APPROVAL_RULE_META_KEY, JSON.stringify({ state, fetchedAt }))
  return !before || JSON.stringify(before.state) !== JSON.stringify(state)
}

export async function readApprovalRule(db: CacheDatabase): Promise<CachedApprovalRule | null> {
  const text = await createMetaStore(db).get(APPROVAL_RULE_META_KEY)
  if (!text) return null
  try {
    return JSON.parse(text) as CachedApprovalRule
  } catch {
    return null
  }
}
