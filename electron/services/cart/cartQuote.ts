/**
 * The gateway's quote against the prices the user saw, line by line (domain.md "Orders": "If prices
 * changed since the cart was built, the server answers with the new prices and the client shows a
 * line-by-line difference for the user to accept before resubmitting").
 * Used before an online submit (local cart prices vs `quote`) and for an outbox order refused with
 * `order.pricesChanged` (the prices it carried vs the quote stored with the refusal).
 */
import type { Product, Quote, SubmitOrderRequest } from '../../../shared/api'
import type {
  CartProblem,
  PaymentSplit,
  PriceDifference,
  PriceDifferenceLine,
} from '../../../shared/contract/cart'
import { validateAllocation } from '../../../shared/domain'

export interface SeenLine {
  productId: string
  quantity: number
  /** Fen per unit the user saw; null when the line had no price. */
  unitPrice: number | null
}

type ErrorValue = string | number | boolean | null
export type ProductNames = Pick<Product, 'sku' | 'nameZh' | 'nameEn'>

function problemOf(problem: Quote['problems'][number], lines: readonly SeenLine[]): CartProblem {
  const params: Record<string, ErrorValue> = {}
  for (const [key, value] of Object.entries(problem.params ?? {})) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      params[key] = value as ErrorValue
  }
  const line = problem.lineIndex === undefined ? undefined : lines[problem.lineIndex]
  if (line && params.productId === undefined) params.productId = line.productId
  return { code: problem.code, params }
}

/**
 * Compares `seen` (same order as the quote's lines) with `quote`. `changed` when a unit price, the
 * total or the rebate allowance differs. `oldAllowance` is the allowance the user saw (fen).
 */
export function priceDifference(
  seen: readonly SeenLine[],
  oldTotal: number,
  oldAllowance: number,
  quote: Quote,
  products: ReadonlyMap<string, ProductNames>,
): PriceDifference {
  const lines: PriceDifferenceLine[] = []
  quote.lines.forEach((quoted, index) => {
    const before = seen[index]
    const oldPrice = before?.productId === quoted.productId ? before.unitPrice : null
    const newPrice = quoted.unitPrice
    if (oldPrice === newPrice) return
    const product = products.get(quoted.productId)
    lines.push({
      productId: quoted.productId,
      sku: product?.sku ?? '',
      nameZh: product?.nameZh ?? '',
      nameEn: product?.nameEn ?? '',
      quantity: quoted.quantity,
      oldPrice,
      newPrice,
      amountDelta: (newPrice ?? 0) * quoted.quantity - (oldPrice ?? 0) * quoted.quantity,
    })
  })
  const changed =
    lines.length > 0 || oldTotal !== quote.total || oldAllowance !== quote.rebateAllowance
  return {
    changed,
    lines,
    oldTotal,
    newTotal: quote.total,
    rebateAllowance: { old: oldAllowance, new: quote.rebateAllowance },
    problems: quote.problems.map((problem) => problemOf(problem, seen)),
    accepted: {
      total: quote.total,
      rebateAllowance: quote.rebateAllowance,
      lines: quote.lines
        .filter((line) => line.unitPrice !== null && line.quantity > 0)
        .map((line) => ({
          productId: line.productId,
          quantity: line.quantity,
          unitPrice: line.unitPrice ?? 0,
        })),
    },
    capacity: {
      depositAvailable: quote.balances.depositAvailable,
      rebateAvailable: quote.balances.rebateAvailable,
      creditAvailable: quote.balances.creditAvailable,
    },
    rebateRule: quote.rebateRule,
    suggestedPayment: quote.suggestedPayment,
    payment: null,
  }
}

/** The split a resubmission at the quote's prices uses: the old one while still valid, else the gateway's suggestion. */
export function paymentForQuote(before: PaymentSplit, quote: Quote): PaymentSplit {
  const capacity = {
    depositAvailable: quote.balances.depositAvailable,
    rebateAllowance: quote.rebateAllowance,
    creditAvailable: quote.balances.creditAvailable,
  }
  return validateAllocation(quote.total, before, capacity).length === 0
    ? before
    : { ...quote.suggestedPayment }
}

/** The refused submission's body at the new prices: clientPrices, expectedTotal and payment updated. */
export function bodyAtQuote(body: SubmitOrderRequest, quote: Quote): SubmitOrderRequest {
  return {
    ...body,
    payment: paymentForQuote(body.payment, quote),
    expectedTotal: quote.total,
    clientPrices: quote.lines
      .filter((line) => line.unitPrice !== null)
      .map((line) => ({ productId: line.productId, unitPrice: line.unitPrice ?? 0 })),
  }
}

/** The difference shown for a refused outbox order: what it carried vs the stored quote. */
export function outboxDifference(
  body: SubmitOrderRequest,
  seenAllowance: number | null,
  quote: Quote,
  products: ReadonlyMap<string, ProductNames>,
): PriceDifference {
  const sentPrices = new Map(
    (body.clientPrices ?? []).map((price) => [price.productId, price.unitPrice]),
  )
  const seen = body.lines.map((line) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitPrice: sentPrices.get(line.productId) ?? null,
  }))
  const oldTotal =
    body.expectedTotal ?? seen.reduce((sum, line) => sum + (line.unitPrice ?? 0) * line.quantity, 0)
  const difference = priceDifference(
    seen,
    oldTotal,
    seenAllowance ?? quote.rebateAllowance,
    quote,
    products,
  )
  return {
    ...difference,
    changed: true,
    payment: { before: body.payment, after: paymentForQuote(body.payment, quote) },
  }
}
