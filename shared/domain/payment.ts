import type { DomainError } from './errors'
import { domainError } from './errors'
import type { Fen } from './money'
import { percentOfAmount } from './money'

// Rules: domain.md "Orders", payment split between deposit (预存款), rebate (返利) and credit (信用).

/** The dealer's active rebate rule; each field null = unset. Amounts in fen, percent of the total. */
export interface RebateRule {
  minOrderAmount: Fen | null
  maxAmount: Fen | null
  maxPercent: number | null
}

/**
 * The most rebate (fen) an order of `total` fen may use:
 * - no rule: min(total, rebateAvailable);
 * - with a rule: 0 when total < minOrderAmount; otherwise the smaller of maxAmount and
 *   percentOfAmount(total, maxPercent) (rounded half-up to the fen) where set;
 * always capped by rebateAvailable and total, never negative.
 */
export function rebateAllowance(total: Fen, rule: RebateRule | null, rebateAvailable: Fen): Fen {
  let allowance = Math.min(total, rebateAvailable)
  if (rule !== null) {
    if (rule.minOrderAmount !== null && total < rule.minOrderAmount) return 0
    if (rule.maxAmount !== null) allowance = Math.min(allowance, rule.maxAmount)
    if (rule.maxPercent !== null && total > 0) {
      allowance = Math.min(allowance, percentOfAmount(total, rule.maxPercent))
    }
  }
  return Math.max(0, allowance)
}

/** How an order's total (fen) is paid. deposit + rebate + credit = total. */
export interface PaymentAllocation {
  deposit: Fen
  rebate: Fen
  credit: Fen
}

/** What the dealer can use for this order, in fen (credit available = limit − occupied). */
export interface PaymentCapacity {
  depositAvailable: Fen
  rebateAllowance: Fen
  creditAvailable: Fen
}

/**
 * The default split: rebate up to its allowance, then deposit, then credit. `shortfall` (fen) is
 * the part nothing can cover; when it is > 0 the allocation does not add up to the total.
 * Negative capacities count as 0; a total ≤ 0 needs nothing.
 */
export function suggestAllocation(
  total: Fen,
  capacity: PaymentCapacity,
): { allocation: PaymentAllocation; shortfall: Fen } {
  let remaining = Math.max(0, total)
  const take = (available: Fen): Fen => {
    const used = Math.min(Math.max(0, available), remaining)
    remaining -= used
    return used
  }
  const rebate = take(capacity.rebateAllowance)
  const deposit = take(capacity.depositAvailable)
  const credit = take(capacity.creditAvailable)
  return { allocation: { deposit, rebate, credit }, shortfall: remaining }
}

const PAYMENT_FIELDS = ['deposit', 'rebate', 'credit'] as const

/**
 * Every problem with a user's split, in this order:
 * 1. `order.paymentAmountInvalid` {field} per field ('deposit' | 'rebate' | 'credit') that is
 *    negative or not an integer of fen — such a field is left out of the checks below;
 * 2. `order.rebateAboveAllowance` {allowance};
 * 3. `order.depositShort` {available};
 * 4. `order.creditShort` {available};
 * 5. `order.allocationMismatch` {total, allocated} when the fields do not sum to the total
 *    (only checked when all three fields are valid).
 * Empty array = the allocation may be submitted. Negative capacities count as 0.
 */
export function validateAllocation(
  total: Fen,
  allocation: PaymentAllocation,
  capacity: PaymentCapacity,
): DomainError[] {
  const errors: DomainError[] = []
  const valid = (field: (typeof PAYMENT_FIELDS)[number]): boolean =>
    Number.isSafeInteger(allocation[field]) && allocation[field] >= 0
  for (const field of PAYMENT_FIELDS) {
    if (!valid(field)) errors.push(domainError('order.paymentAmountInvalid', { field }))
  }
  const allowance = Math.max(0, capacity.rebateAllowance)
  if (valid('rebate') && allocation.rebate > allowance) {
    errors.push(domainError('order.rebateAboveAllowance', { allowance }))
  }
  const depositAvailable = Math.max(0, capacity.depositAvailable)
  if (valid('deposit') && allocation.deposit > depositAvailable) {
    errors.push(domainError('order.depositShort', { available: depositAvailable }))
  }
  const creditAvailable = Math.max(0, capacity.creditAvailable)
  if (valid('credit') && allocation.credit > creditAvailable) {
    errors.push(domainError('order.creditShort', { available: creditAvailable }))
  }
  if (PAYMENT_FIELDS.every(valid)) {
    const allocated = allocation.deposit + allocation.rebate + allocation.credit
    if (allocated !== total)
      errors.push(domainError('order.allocationMismatch', { total, allocated }))
  }
  return errors
}
