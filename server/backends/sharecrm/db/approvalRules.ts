/**
 * The dealer's approval rule in the gateway database (`approval_rules`, migration 3), set by the
 * dealer's admin, with the dealer's users to choose orderers from. Used by ../approvals.ts.
 */
import type { ApprovalRule, ApprovalRuleState } from '../../../../shared/api'
import type { WriteContext } from '../../../backend'
import { ApiError } from '../../../errors'
import type { GatewayDb, Queryable } from './driver'
import type { UserRecord } from './users'

export function createApprovalRules(deps: {
  db: GatewayDb
  clock: () => number
  users(): Promise<UserRecord[]>
}) {
  const { db, clock } = deps

  async function rule(dealerId: string, on: Queryable = db): Promise<ApprovalRule> {
    const rows = await on.query<{ amount_above: string | null; orderer_ids: string[] }>(
      'SELECT amount_above, orderer_ids FROM approval_rules WHERE dealer_id = $1',
      [dealerId],
    )
    const row = rows[0]
    if (!row) return { amountAbove: null, ordererIds: [] }
    return {
      amountAbove: row.amount_above === null ? null : Number(row.amount_above),
      ordererIds: row.orderer_ids,
    }
  }

  async function members(dealerId: string) {
    return (await deps.users())
      .filter((user) => !user.disabled)
      .flatMap((user) => {
        const membership = user.memberships.find((entry) => entry.dealerId === dealerId)
        return membership
          ? [{ userId: user.id, displayName: user.displayName, roles: membership.roles }]
          : []
      })
      .sort(
        (a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId),
      )
  }

  async function state(dealerId: string): Promise<ApprovalRuleState> {
    const rows = await db.query<{ modified_by: string | null; modified_at: string }>(
      'SELECT modified_by, modified_at FROM approval_rules WHERE dealer_id = $1',
      [dealerId],
    )
    return {
      rule: await rule(dealerId),
      members: await members(dealerId),
      modifiedBy: rows[0]?.modified_by ?? null,
      modifiedAt: rows[0] ? Number(rows[0].modified_at) : null,
    }
  }

  async function setRule(
    dealerId: string,
    next: ApprovalRule,
    context: WriteContext,
  ): Promise<ApprovalRuleState> {
    const known = new Set((await members(dealerId)).map((member) => member.userId))
    const unknown = next.ordererIds.find((userId) => !known.has(userId))
    if (unknown !== undefined) throw new ApiError('approval.ordererNotMember', { userId: unknown })
    await db.query(
      `INSERT INTO approval_rules (dealer_id, amount_above, orderer_ids, modified_by, modified_at)
       VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT (dealer_id) DO UPDATE SET amount_above = excluded.amount_above,
       orderer_ids = excluded.orderer_ids, modified_by = excluded.modified_by, modified_at = excluded.modified_at`,
      [
        dealerId,
        next.amountAbove,
        JSON.stringify([...new Set(next.ordererIds)].sort()),
        context.principal.displayName,
        clock(),
      ],
    )
    return state(dealerId)
  }

  return { rule, state, setRule }
}

export type ApprovalRules = ReturnType<typeof createApprovalRules>
