/**
 * The dealer's own approval rule (shared/domain/approval.ts) as the sandbox stores it: one row per
 * dealer, set by the dealer's admin. Orders (orders.ts) ask it whether a submission is held.
 */
import type {
  ApprovalRule,
  ApprovalRuleState,
  DealerMember,
  OrderApproval,
  Role,
} from '../../../shared/api'
import { approvalReasons, type ApprovalReason } from '../../../shared/domain'
import { ApiError } from '../../errors'
import type { SandboxContext } from './context'
import type { Dealers } from './dealers'

interface RuleRow {
  amount_above: number | null
  orderer_ids: string
  modified_by: string | null
  modified_at: number
}

export type Approvals = ReturnType<typeof createApprovals>

export function createApprovals(ctx: SandboxContext, deps: { dealers: Dealers }) {
  const { db } = ctx

  function row(dealerId: string): RuleRow | undefined {
    return db.get<RuleRow>('SELECT * FROM approval_rules WHERE dealer_id = ?', [dealerId])
  }

  function rule(dealerId: string): ApprovalRule {
    const found = row(dealerId)
    if (!found) return { amountAbove: null, ordererIds: [] }
    return {
      amountAbove: found.amount_above,
      ordererIds: JSON.parse(found.orderer_ids) as string[],
    }
  }

  function members(dealerId: string): DealerMember[] {
    return db
      .all<{ user_id: string; display_name: string; roles: string }>(
        `SELECT m.user_id, u.display_name, m.roles FROM memberships m
         JOIN users u ON u.id = m.user_id WHERE m.dealer_id = ? ORDER BY u.display_name, m.user_id`,
        [dealerId],
      )
      .map((member) => ({
        userId: member.user_id,
        displayName: member.display_name,
        roles: member.roles.split(',') as Role[],
      }))
  }

  function state(dealerId: string): ApprovalRuleState {
    const found = row(dealerId)
    return {
      rule: rule(dealerId),
      members: members(dealerId),
      modifiedBy: found?.modified_by ?? null,
      modifiedAt: found ? found.modified_at : null,
    }
  }

  function setRule(dealerId: string, next: ApprovalRule, modifiedBy: string): ApprovalRuleState {
    const known = new Set(members(dealerId).map((member) => member.userId))
    const unknown = next.ordererIds.find((userId) => !known.has(userId))
    if (unknown !== undefined) throw new ApiError('approval.ordererNotMember', { userId: unknown })
    const ordererIds = [...new Set(next.ordererIds)].sort()
    db.run(
      `INSERT INTO approval_rules (dealer_id, amount_above, orderer_ids, modified_by, modified_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (dealer_id) DO UPDATE SET amount_above = excluded.amount_above,
       orderer_ids = excluded.orderer_ids, modified_by = excluded.modified_by, modified_at = excluded.modified_at`,
      [dealerId, next.amountAbove, JSON.stringify(ordererIds), modifiedBy, ctx.now()],
    )
    ctx.changed()
    return state(dealerId)
  }

  /** Why an order of `total` by `userId` waits for the dealer's admin; empty: it does not. */
  function reasonsFor(dealerId: string, userId: string, total: number): ApprovalReason[] {
    return approvalReasons(rule(dealerId), total, {
      userId,
      roles: deps.dealers.roles(userId, dealerId),
    })
  }

  /** What a held order records of why it was held and by whom (decisions come later). */
  function holdRecord(
    dealerId: string,
    reasons: ApprovalReason[],
    orderedBy: string,
  ): OrderApproval {
    return {
      reasons,
      amountAbove: rule(dealerId).amountAbove,
      orderedBy,
      decidedBy: null,
      decidedAt: null,
      declineReason: null,
      priceChanges: [],
    }
  }

  return { rule, state, setRule, members, reasonsFor, holdRecord }
}
