import type { DomainError } from './errors'
import { domainError } from './errors'
import type { Fen } from './money'

// Rules: domain.md "Catalog and price lists (价目表)" and "Orders" (lines, total).

/** A quantity break: `price` (fen per unit) applies when the ordered quantity ≥ `minQuantity`. */
export interface PriceTier {
  minQuantity: number
  price: Fen
}

/**
 * One product in one price list. `price` and tier prices are fen per unit. `minQuantity` is the
 * minimum order quantity, `step` the pack step (quantity must be a multiple); values below 1 are
 * read as 1. `validFrom`/`validTo` are epoch ms, both inclusive; null = open-ended.
 */
export interface PriceListItem {
  priceListId: string
  productId: string
  price: Fen
  tiers: PriceTier[]
  minQuantity: number
  step: number
  validFrom: number | null
  validTo: number | null
}

/** A price list assigned to the dealer. LOWER `priority` number = HIGHER priority (1 beats 2). */
export interface PriceListAssignment {
  priceListId: string
  priority: number
  active: boolean
}

export function isItemValidAt(item: PriceListItem, at: number): boolean {
  return (
    (item.validFrom === null || at >= item.validFrom) &&
    (item.validTo === null || at <= item.validTo)
  )
}

/**
 * The sellable price-list item of one product: among `candidates` (that product's items in all
 * lists), the one whose list is assigned, active and of the highest priority, and which is valid
 * at `at`. An item outside its validity is skipped, so a lower-priority list can supply the price.
 * Equal priorities: the list assigned first wins. null = not sellable.
 */
export function resolvePriceItem(
  candidates: readonly PriceListItem[],
  assignments: readonly PriceListAssignment[],
  at: number,
): PriceListItem | null {
  // Rank of each active list: [priority, position in `assignments`], the lowest pair winning.
  const ranks = new Map<string, [number, number]>()
  assignments.forEach((assignment, position) => {
    if (!assignment.active) return
    const known = ranks.get(assignment.priceListId)
    if (known === undefined || assignment.priority < known[0]) {
      ranks.set(assignment.priceListId, [assignment.priority, position])
    }
  })
  let best: PriceListItem | null = null
  let bestRank: [number, number] = [Infinity, Infinity]
  for (const item of candidates) {
    const rank = ranks.get(item.priceListId)
    if (rank === undefined || !isItemValidAt(item, at)) continue
    if (rank[0] < bestRank[0] || (rank[0] === bestRank[0] && rank[1] < bestRank[1])) {
      best = item
      bestRank = rank
    }
  }
  return best
}

/** The tier that applies to `quantity`: the greatest minQuantity ≤ quantity; on a tie the lower price. */
function applicableTier(tiers: readonly PriceTier[], quantity: number): PriceTier | null {
  let best: PriceTier | null = null
  for (const tier of tiers) {
    if (tier.minQuantity > quantity) continue
    if (
      best === null ||
      tier.minQuantity > best.minQuantity ||
      (tier.minQuantity === best.minQuantity && tier.price < best.price)
    ) {
      best = tier
    }
  }
  return best
}

/** Fen per unit for `quantity`: the applicable tier's price (tiers may be unsorted), else `price`. */
export function unitPriceFor(item: PriceListItem, quantity: number): Fen {
  return applicableTier(item.tiers, quantity)?.price ?? item.price
}

type QuantityRule = Pick<PriceListItem, 'minQuantity' | 'step'>

function normalizedRule(item: QuantityRule): { minQuantity: number; step: number } {
  const positiveInteger = (value: number): number =>
    Number.isSafeInteger(value) && value >= 1 ? value : 1
  return { minQuantity: positiveInteger(item.minQuantity), step: positiveInteger(item.step) }
}

/**
 * null when `quantity` may be ordered. Errors, first that applies:
 * `order.quantityInvalid` (not a positive safe integer), `order.belowMinQuantity` {minQuantity},
 * `order.notPackMultiple` {step}.
 */
export function checkQuantity(item: QuantityRule, quantity: number): DomainError | null {
  if (!Number.isSafeInteger(quantity) || quantity < 1) return domainError('order.quantityInvalid')
  const { minQuantity, step } = normalizedRule(item)
  if (quantity < minQuantity) return domainError('order.belowMinQuantity', { minQuantity })
  if (quantity % step !== 0) return domainError('order.notPackMultiple', { step })
  return null
}

export type QuantityAdjustment = 'belowMinimum' | 'packStep'

/**
 * The orderable quantity nearest above `quantity`: the least multiple of `step` that is
 * ≥ max(quantity, minimum), where the minimum is the least multiple of step ≥ minQuantity.
 * NaN, ±Infinity, zero and negatives give the minimum (reason 'belowMinimum'); a fraction is first
 * rounded up. `reason` says why it changed; `adjusted` is false when `quantity` was already valid.
 */
export function snapQuantity(
  item: QuantityRule,
  quantity: number,
): { quantity: number; adjusted: boolean; reason: QuantityAdjustment | null } {
  const { minQuantity, step } = normalizedRule(item)
  const minimum = Math.ceil(minQuantity / step) * step
  if (!Number.isFinite(quantity) || quantity < minimum) {
    return { quantity: minimum, adjusted: true, reason: 'belowMinimum' }
  }
  const snapped = Math.ceil(quantity / step) * step
  if (snapped === quantity) return { quantity, adjusted: false, reason: null }
  return { quantity: snapped, adjusted: true, reason: 'packStep' }
}

export interface CartLineInput {
  productId: string
  quantity: number
}

/** A priced order line: `unitPrice` and `amount` (= unitPrice × quantity) in fen. */
export interface PricedLine {
  productId: string
  quantity: number
  unitPrice: Fen
  amount: Fen
  priceListId: string
  tierApplied: boolean
}

/** The priced line, or null when the amount leaves the safe integer range. */
function priceLineWithinRange(item: PriceListItem, quantity: number): PricedLine | null {
  const tier = applicableTier(item.tiers, quantity)
  const unitPrice = tier?.price ?? item.price
  const amount = unitPrice * quantity
  if (!Number.isSafeInteger(amount)) return null
  return {
    productId: item.productId,
    quantity,
    unitPrice,
    amount: amount === 0 ? 0 : amount,
    priceListId: item.priceListId,
    tierApplied: tier !== null,
  }
}

/**
 * Prices `quantity` units of `item` (tier applied). Does not check the quantity against the
 * item's rules (see `checkQuantity`); throws RangeError for a non-integer quantity or an amount
 * beyond the safe integer range.
 */
export function priceLine(item: PriceListItem, quantity: number): PricedLine {
  const line = Number.isSafeInteger(quantity) ? priceLineWithinRange(item, quantity) : null
  if (line === null) throw new RangeError('line amount must be a safe integer of fen')
  return line
}

export interface PricedCart {
  lines: PricedLine[]
  total: Fen
  problems: Array<{ index: number; productId: string; error: DomainError }>
}

/**
 * Prices a cart. Every input line ends up in exactly one of `lines` (input order kept) or
 * `problems` (`index` = position in the input); `total` is the sum of `lines` in fen, so a cart
 * with problems has a partial total and must not be submitted.
 * Problems: `order.productNotInPriceList` (resolve returned null), the errors of `checkQuantity`,
 * `order.amountTooLarge` (the line, or the running total, beyond the safe integer range).
 * `resolve` is called once per line. Linear time: 1,000 lines price in well under a millisecond.
 */
export function priceCart(
  lines: readonly CartLineInput[],
  resolve: (productId: string) => PriceListItem | null,
): PricedCart {
  const priced: PricedLine[] = []
  const problems: PricedCart['problems'] = []
  let total = 0
  lines.forEach(({ productId, quantity }, index) => {
    const item = resolve(productId)
    if (item === null) {
      problems.push({ index, productId, error: domainError('order.productNotInPriceList') })
      return
    }
    const error = checkQuantity(item, quantity)
    if (error !== null) {
      problems.push({ index, productId, error })
      return
    }
    const line = priceLineWithinRange(item, quantity)
    if (line === null || !Number.isSafeInteger(total + line.amount)) {
      problems.push({ index, productId, error: domainError('order.amountTooLarge') })
      return
    }
    priced.push(line)
    total += line.amount
  })
  return { lines: priced, total, problems }
}
