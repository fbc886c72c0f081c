/**
 * The sellable price of products for the current dealer, from the cache: the item of the
 * highest-priority active price list that holds the product and is valid now (domain.md, "Catalog
 * and price lists"; the rule itself is shared/domain resolvePriceItem). Carries the previous price
 * recorded by sync, for the "price changed" marker. Used by the catalog, the cart, quick order and
 * reorder, so they all price the same way.
 */
import type { PriceList } from '../../../shared/api'
import type { Fen } from '../../../shared/domain/money'
import {
  resolvePriceItem,
  type PriceListAssignment,
  type PriceListItem,
} from '../../../shared/domain/pricing'
import type { CacheSql } from '../cache/cacheDatabase'
import { decodePriceItem, PRICE_ITEM_ROW_COLUMNS } from '../cache/storedRecords'

export interface ProductPrice extends PriceListItem {
  /** The price before the last change a sync saw (fen), or null. */
  previousPrice: Fen | null
  /** Local epoch ms of that change, or null. */
  priceChangedAt: number | null
  /** The price list's names, for the user (its id is internal). */
  priceListNameZh: string
  priceListNameEn: string
}

export interface PriceBook {
  priceFor(productId: string): Promise<ProductPrice | null>
  /** Prices of many products in a few indexed queries (1,000 cart lines: one query per list). */
  pricesFor(productIds: readonly string[]): Promise<Map<string, ProductPrice>>
  /** The dealer's price lists as assignments (active = active flag and within validity now). */
  assignments(): Promise<PriceListAssignment[]>
}

const CHUNK = 1000

export function createPriceBook(
  db: Pick<CacheSql, 'all'>,
  clock: () => number = Date.now,
): PriceBook {
  async function lists(): Promise<PriceList[]> {
    return (await db.all<{ record: string }>('SELECT record FROM price_lists')).map(
      (row) => JSON.parse(row.record) as PriceList,
    )
  }

  function assignmentsOf(lists: PriceList[]): PriceListAssignment[] {
    const now = clock()
    return lists.map((list) => ({
      priceListId: list.id,
      priority: list.priority,
      active:
        list.active &&
        (list.validFrom === null || list.validFrom <= now) &&
        (list.validTo === null || now <= list.validTo),
    }))
  }

  async function pricesFor(productIds: readonly string[]): Promise<Map<string, ProductPrice>> {
    const result = new Map<string, ProductPrice>()
    if (productIds.length === 0) return result
    const known = await lists()
    const active = assignmentsOf(known)
    const names = new Map(known.map((list) => [list.id, list]))
    const candidates = new Map<string, ProductPrice[]>()
    const unique = [...new Set(productIds)]
    for (const assignment of active.filter((entry) => entry.active)) {
      for (let start = 0; start < unique.length; start += CHUNK) {
        const chunk = unique.slice(start, start + CHUNK)
        // The ids as one JSON parameter, not a placeholder each (faster to prepare and bind).
        const rows = await db.all<{
          record: string
          previous_price: number | null
          price_changed_at: number | null
        }>(
          `SELECT ${PRICE_ITEM_ROW_COLUMNS}, previous_price, price_changed_at FROM price_items
           WHERE price_list_id = ? AND product_id IN (SELECT value FROM json_each(?))`,
          [assignment.priceListId, JSON.stringify(chunk)],
        )
        for (const row of rows) {
          const item = decodePriceItem(row)
          const list = names.get(item.priceListId)
          const price: ProductPrice = {
            ...item,
            previousPrice: row.previous_price,
            priceChangedAt: row.price_changed_at,
            priceListNameZh: list?.nameZh ?? item.priceListId,
            priceListNameEn: list?.nameEn ?? item.priceListId,
          }
          const known = candidates.get(item.productId)
          if (known) known.push(price)
          else candidates.set(item.productId, [price])
        }
      }
    }
    const now = clock()
    for (const [productId, items] of candidates) {
      const best = resolvePriceItem(items, active, now) as ProductPrice | null
      if (best) result.set(productId, best)
    }
    return result
  }

  return {
    priceFor: async (productId) => (await pricesFor([productId])).get(productId) ?? null,
    pricesFor,
    assignments: async () => assignmentsOf(await lists()),
  }
}
