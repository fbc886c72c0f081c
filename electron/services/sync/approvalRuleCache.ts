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

/**
 * Stores the state; resolves to whether it differs from the one cached (fetchedAt aside).
 *
 * `requestedAt`: when the request that answered `state` was sent. A rule cached after that (the
 * admin saved one while a sync's read was in flight) and modified later than the answered one is
 * kept: a sync's older read never replaces the rule just saved (the form showed the old rule
 * until the next sync). The members come from the answer either way.
 */
export async function storeApprovalRule(
  db: CacheDatabase,
  state: ApprovalRuleState,
  fetchedAt: number,
  requestedAt: number,
): Promise<boolean> {
  const meta = createMetaStore(db)
  const before = await readApprovalRule(db)
  const newerCached =
    before !== null &&
    before.fetchedAt > requestedAt &&
    before.state.modifiedAt !== null &&
    (state.modifiedAt === null || state.modifiedAt < before.state.modifiedAt)
  const stored: ApprovalRuleState = newerCached
    ? {
        ...state,
        rule: before.state.rule,
        modifiedBy: before.state.modifiedBy,
        modifiedAt: before.state.modifiedAt,
      }
    : state
  await meta.set(
    APPROVAL_RULE_META_KEY,
    JSON.stringify({ state: stored, fetchedAt: newerCached ? before.fetchedAt : fetchedAt }),
  )
  return !before || JSON.stringify(before.state) !== JSON.stringify(stored)
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
