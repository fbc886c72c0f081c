import { checkQuantity, priceLine, type PriceListItem, type PriceTier } from './pricing'
import type { Fen } from './money'

// Rules: domain.md "Orders" (a quote prices every line at the dealer's price lists now; the client's
// preview is never trusted). One function for every backend (the sandbox and ShareCRM), so they
// refuse the same carts with the same codes.

/** A problem as data: an i18n key, its parameters, and which input line it belongs to. */
export interface QuoteProblem {
  code: string
  params: Record<string, unknown>
  lineIndex: number
}

/** One quoted line (the shape of shared/api QuoteLine); nulls where the line could not be priced. */
export interface QuotedLine {
  productId: string
  quantity: number
  priceListId: string | null
  /** The item's base price (fen); `unitPrice` differs when a tier applies. */
  listPrice: Fen | null
  unitPrice: Fen | null
  amount: Fen | null
  tierApplied: PriceTier | null
  minQuantity: number | null
  step: number | null
  problems: { code: string; params: Record<string, unknown> }[]
}

export interface QuoteSources<Item extends PriceListItem> {
  /** Whether the product exists and is on sale; undefined when it is unknown. */
  productStatus(productId: string): string | undefined
  /** The sellable item of the product now (resolvePriceItem over the dealer's lists), or null. */
  priceItem(productId: string): Item | null
}

/**
 * Quotes `cart` line by line, input order kept. Each line's problems, first that applies:
 * `order.productNotFound`, `order.duplicateProduct` (the product is on an earlier line),
 * `order.productOffSale` (status other than `onSale`), `order.productNotInPriceList`, the errors
 * of `checkQuantity` ({minQuantity} / {step}), `order.amountTooLarge` (the line, or the running
 * total, beyond the safe integer range: a refusal, never a 5xx). Every problem carries
 * `productId` in its params and is also listed in `problems` with its `lineIndex`. `total` sums
 * the priced lines (fen): a cart with problems must not be submitted. `items[i]` is the price-list
 * item line i was priced from (null if none), for the caller's own records.
 */
export function quoteLines<Item extends PriceListItem>(
  cart: readonly { productId: string; quantity: number }[],
  sources: QuoteSources<Item>,
): { lines: QuotedLine[]; items: (Item | null)[]; total: Fen; problems: QuoteProblem[] } {
  const seen = new Set<string>()
  const items: (Item | null)[] = cart.map(() => null)
  const problems: QuoteProblem[] = []
  let total = 0
  const lines = cart.map((input, lineIndex): QuotedLine => {
    const line: QuotedLine = {
      productId: input.productId,
      quantity: input.quantity,
      priceListId: null,
      listPrice: null,
      unitPrice: null,
      amount: null,
      tierApplied: null,
      minQuantity: null,
      step: null,
      problems: [],
    }
    const problem = (code: string, params: Record<string, unknown> = {}) => {
      line.problems.push({ code, params: { ...params, productId: input.productId } })
      problems.push({ code, params: { ...params, productId: input.productId }, lineIndex })
      return line
    }
    const status = sources.productStatus(input.productId)
    if (status === undefined) return problem('order.productNotFound')
    if (seen.has(input.productId)) return problem('order.duplicateProduct')
    seen.add(input.productId)
    if (status !== 'onSale') return problem('order.productOffSale')
    const item = sources.priceItem(input.productId)
    if (!item) return problem('order.productNotInPriceList')
    Object.assign(line, {
      priceListId: item.priceListId,
      listPrice: item.price,
      minQuantity: item.minQuantity,
      step: item.step,
    })
    items[lineIndex] = item
    const quantityError = checkQuantity(item, input.quantity)
    if (quantityError) return problem(quantityError.code, quantityError.params)
    let priced: ReturnType<typeof priceLine>
    try {
      priced = priceLine(item, input.quantity)
    } catch {
      return problem('order.amountTooLarge')
    }
    if (!Number.isSafeInteger(total + priced.amount)) return problem('order.amountTooLarge')
    total += priced.amount
    line.unitPrice = priced.unitPrice
    line.amount = priced.amount
    if (priced.tierApplied) {
      // The tier that gave the price: the greatest threshold reached at that price.
      line.tierApplied =
        item.tiers
          .filter((tier) => tier.minQuantity <= input.quantity && tier.price === priced.unitPrice)
          .sort((a, b) => b.minQuantity - a.minQuantity)[0] ?? null
    }
    return line
  })
  return { lines, items, total, problems }
}
