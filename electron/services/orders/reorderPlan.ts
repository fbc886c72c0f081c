/**
 * Reorder: which lines of a past order can go back into the cart today.
 * A product is added when it is still in the catalog, on sale, and has a sellable price-list item
 * now (price book); its quantity is the ordered one (lines of one product summed), moved up to
 * today's minimum quantity and pack step when those changed. Prices are not carried over: the
 * cart prices lines at today's price book.
 */
import type { OrderLine, Product } from '../../../shared/api'
import type { ReorderResult, ReorderSkipReason } from '../../../shared/contract/orders'
import { snapQuantity } from '../../../shared/domain/pricing'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { PriceBook } from '../catalog/priceBook'

export interface ReorderPlan {
  lines: { productId: string; quantity: number }[]
  skipped: ReorderResult['skipped']
  adjusted: ReorderResult['adjusted']
}

export async function planReorder(
  db: CacheDatabase,
  priceBook: PriceBook,
  orderLines: readonly OrderLine[],
): Promise<ReorderPlan> {
  const wanted = new Map<string, { line: OrderLine; quantity: number }>()
  for (const line of orderLines) {
    const known = wanted.get(line.productId)
    if (known) known.quantity += line.quantity
    else wanted.set(line.productId, { line, quantity: line.quantity })
  }
  const ids = [...wanted.keys()]
  const statuses = new Map<string, Product['status']>()
  for (let start = 0; start < ids.length; start += 500) {
    const chunk = ids.slice(start, start + 500)
    const rows = await db.all<{ id: string; status: Product['status'] }>(
      `SELECT id, status FROM products WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    )
    for (const row of rows) statuses.set(row.id, row.status)
  }
  const prices = await priceBook.pricesFor(ids)

  const plan: ReorderPlan = { lines: [], skipped: [], adjusted: [] }
  for (const [productId, { line, quantity }] of wanted) {
    const status = statuses.get(productId)
    const price = prices.get(productId)
    const reason: ReorderSkipReason | null =
      status === undefined
        ? 'notSellable'
        : status !== 'onSale'
          ? 'offSale'
          : !price
            ? 'notInPriceList'
            : null
    if (reason || !price) {
      plan.skipped.push({
        productId,
        sku: line.sku,
        nameZh: line.nameZh,
        nameEn: line.nameEn,
        reason: reason ?? 'notInPriceList',
      })
      continue
    }
    const snapped = snapQuantity(price, quantity)
    if (snapped.adjusted)
      plan.adjusted.push({ productId, sku: line.sku, from: quantity, to: snapped.quantity })
    plan.lines.push({ productId, quantity: snapped.quantity })
  }
  return plan
}
