/**
 * The dealer's own approval rule (domain.md "Orders approved inside the dealer"): which orders an
 * admin of the dealer must approve before they are sent upstream. Pure; the gateway decides with
 * it at submit, the app previews with it.
 */

/** Why an order is held; several reasons may apply at once. */
export type ApprovalReason = 'amountAbove' | 'orderer'

export interface ApprovalRuleData {
  /** Orders whose total is strictly above this amount (fen) are held; null: no amount limit. */
  amountAbove: number | null
  /** Every order by these users is held. */
  ordererIds: readonly string[]
}

/**
 * Payment checks a held order skips when placed: nothing is reserved until an admin approves it,
 * and the approval checks the balances again.
 */
export const BALANCE_CHECK_CODES: readonly string[] = [
  'order.depositShort',
  'order.creditShort',
  'order.rebateAboveAllowance',
]

export const NO_APPROVAL_RULE: ApprovalRuleData = { amountAbove: null, ordererIds: [] }

export interface OrderingUser {
  userId: string
  roles: readonly string[]
}

/**
 * The reasons the order must wait for an admin's approval; empty when it goes upstream at once.
 * An admin's own order is never held: an admin is the one who would approve it.
 */
export function approvalReasons(
  rule: ApprovalRuleData,
  total: number,
  user: OrderingUser,
): ApprovalReason[] {
  if (user.roles.includes('admin')) return []
  const reasons: ApprovalReason[] = []
  if (rule.amountAbove !== null && total > rule.amountAbove) reasons.push('amountAbove')
  if (rule.ordererIds.includes(user.userId)) reasons.push('orderer')
  return reasons
}

export interface QuotedUnitPrice {
  productId: string
  quantity: number
  unitPrice: number | null
}

export interface LinePriceChange {
  productId: string
  quantity: number
  /** Unit price (fen) when the order was placed. */
  before: number
  /** Unit price (fen) now; null when the product can no longer be priced. */
  after: number | null
}

/** Lines whose unit price differs between the held order and a fresh quote, in order. */
export function linePriceChanges(
  held: readonly { productId: string; quantity: number; unitPrice: number }[],
  quoted: readonly QuotedUnitPrice[],
): LinePriceChange[] {
  const now = new Map(quoted.map((line) => [line.productId, line.unitPrice]))
  return held.flatMap((line) => {
    const after = now.has(line.productId) ? (now.get(line.productId) ?? null) : null
    if (after === line.unitPrice) return []
    return [{ productId: line.productId, quantity: line.quantity, before: line.unitPrice, after }]
  })
}
