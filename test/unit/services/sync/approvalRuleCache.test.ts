import { describe, expect, it } from 'vitest'
import {
  readApprovalRule,
  storeApprovalRule,
} from '../../../../electron/services/sync/approvalRuleCache'
import type { ApprovalRuleState } from '../../../../shared/api'
import { freshCaches } from '../../../fixtures/freshCaches'

const freshCache = freshCaches('rule')

const member = (userId: string) => ({ userId, displayName: userId, roles: ['orderer' as const] })
const state = (
  amountAbove: number | null,
  modifiedAt: number | null,
  members = [member('u_li')],
): ApprovalRuleState => ({
  rule: { amountAbove, ordererIds: [] },
  members,
  modifiedBy: modifiedAt === null ? null : '管理员',
  modifiedAt,
})

describe('the cached approval rule', () => {
  it('keeps a rule saved while a sync’s read of the older rule was in flight', async () => {
    const db = await freshCache()
    // The sync asks at 100; the admin's save is answered and cached at 150; the sync's answer
    // (the rule before the save) arrives at 200.
    await storeApprovalRule(db, state(100, 140), 150, 120)
    const changed = await storeApprovalRule(
      db,
      state(null, 50, [member('u_li'), member('u_wang')]),
      200,
      100,
    )
    const cached = await readApprovalRule(db)
    expect(cached?.state.rule.amountAbove).toBe(100)
    expect(cached?.state.modifiedAt).toBe(140)
    expect(cached?.fetchedAt).toBe(150)
    // The members are the latest answer's.
    expect(cached?.state.members.map((entry) => entry.userId)).toEqual(['u_li', 'u_wang'])
    expect(changed).toBe(true)
  })

  it('takes what a read sent after the cached answer says, even an older rule (another server)', async () => {
    const db = await freshCache()
    await storeApprovalRule(db, state(100, 140), 150, 120)
    expect(await storeApprovalRule(db, state(null, 50), 300, 250)).toBe(true)
    expect((await readApprovalRule(db))?.state).toEqual(state(null, 50))
  })

  it('takes a newer or equally recent rule, and reports no change when nothing changed', async () => {
    const db = await freshCache()
    await storeApprovalRule(db, state(100, 140), 150, 120)
    expect(await storeApprovalRule(db, state(100, 140), 200, 100)).toBe(false)
    expect(await storeApprovalRule(db, state(300, 180), 210, 100)).toBe(true)
    expect((await readApprovalRule(db))?.state.rule.amountAbove).toBe(300)
    expect((await readApprovalRule(db))?.fetchedAt).toBe(210)
  })
})
