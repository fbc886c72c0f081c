/**
 * Catalog: product, price-list and price-list-item feeds, and the price resolution used by quotes
 * and orders (shared/domain `resolvePriceItem`: lowest priority number among the dealer's active,
 * valid lists wins; an item outside its validity is skipped).
 */
import type { SqlValue } from 'sql.js'
import type {
  FeedQuery,
  PriceListItem as ApiPriceListItem,
  ProductSnapshot,
} from '../../../shared/api'
import type { PriceListAssignment, PriceListItem } from '../../../shared/domain'
import { notFound } from '../../errors'
import type { SandboxContext } from './context'
import { readFeedPage } from './feeds'

export interface ProductSummary extends ProductSnapshot {
  id: string
  status: 'onSale' | 'offSale'
}

/** The stored Portal record (schema.ts keeps `json` by triggers); a product without category is not sent. */
const PRODUCT_SQL = `
  SELECT p.id, p.modified_at, p.json
  FROM products p JOIN categories c ON c.id = p.category_id
  WHERE (p.modified_at, p.id) > (?, ?) ORDER BY p.modified_at, p.id LIMIT ?`

const ITEM_COLUMNS =
  'id, modified_at, price_list_id, product_id, price, tiers, min_quantity, step, valid_from, valid_to'

/** Item JSON built by concatenation (tiers are stored as JSON text), for reads of a few items. */
function serializeItem(row: SqlValue[]): string {
  return (
    `{"id":"${row[0] as string}","priceListId":"${row[2] as string}","productId":"${row[3] as string}",` +
    `"price":${row[4] as number},"tiers":${row[5] as string},"minQuantity":${row[6] as number},"step":${row[7] as number},` +
    `"validFrom":${row[8] ?? 'null'},"validTo":${row[9] ?? 'null'},"modifiedAt":${row[1] as number}}`
  )
}

export function itemFromRow(row: SqlValue[]): ApiPriceListItem {
  return JSON.parse(serializeItem(row)) as ApiPriceListItem
}

export type Catalog = ReturnType<typeof createCatalog>

export function createCatalog(ctx: SandboxContext) {
  const { db } = ctx

  function productFeed(query: FeedQuery): Buffer {
    return readFeedPage(db, { feed: 'products', scope: '', sql: PRODUCT_SQL, params: [] }, query)
  }

  function priceListFeed(dealerId: string, query: FeedQuery): Buffer {
    return readFeedPage(
      db,
      {
        feed: 'price_lists',
        scope: dealerId,
        sql: `SELECT pl.id, pl.modified_at, pl.name_zh, pl.name_en, pl.priority, pl.active AND a.active, pl.valid_from, pl.valid_to
              FROM price_lists pl JOIN price_list_assignments a ON a.price_list_id = pl.id AND a.dealer_id = ?
              WHERE (pl.modified_at, pl.id) > (?, ?) ORDER BY pl.modified_at, pl.id LIMIT ?`,
        params: [dealerId],
        serialize: (row) =>
          JSON.stringify({
            id: row[0],
            nameZh: row[2],
            nameEn: row[3],
            priority: row[4],
            active: row[5] === 1,
            validFrom: row[6],
            validTo: row[7],
            modifiedAt: row[1],
          }),
      },
      query,
    )
  }

  function isAssigned(dealerId: string, priceListId: string): boolean {
    return !!db.get(
      'SELECT 1 FROM price_list_assignments WHERE dealer_id = ? AND price_list_id = ?',
      [dealerId, priceListId],
    )
  }

  function priceListItemFeed(dealerId: string, priceListId: string, query: FeedQuery): Buffer {
    if (!isAssigned(dealerId, priceListId)) throw notFound()
    return readFeedPage(
      db,
      {
        feed: 'price_list_items',
        scope: priceListId,
        // The stored record (schema.ts keeps `json` by triggers).
        sql: `SELECT id, modified_at, json FROM price_list_items
              WHERE price_list_id = ? AND (modified_at, id) > (?, ?) ORDER BY modified_at, id LIMIT ?`,
        params: [priceListId],
      },
      query,
    )
  }

  /** The dealer's assignments as shared/domain sees them; a list outside its validity is inactive. */
  function assignments(dealerId: string, at: number): PriceListAssignment[] {
    return db
      .all<{
        id: string
        priority: number
        active: number
        valid_from: number | null
        valid_to: number | null
      }>(
        `SELECT pl.id, pl.priority, pl.active AND a.active AS active, pl.valid_from, pl.valid_to
         FROM price_lists pl JOIN price_list_assignments a ON a.price_list_id = pl.id AND a.dealer_id = ?
         ORDER BY pl.priority, pl.id`,
        [dealerId],
      )
      .map((row) => ({
        priceListId: row.id,
        priority: row.priority,
        active:
          row.active === 1 &&
          (row.valid_from === null || at >= row.valid_from) &&
          (row.valid_to === null || at <= row.valid_to),
      }))
  }

  /** Every item of the given products in the dealer's lists, grouped by product. */
  function candidateItems(
    dealerId: string,
    productIds: readonly string[],
  ): Map<string, PriceListItem[]> {
    const rows = db.values(
      `SELECT ${ITEM_COLUMNS} FROM price_list_items
       WHERE product_id IN (SELECT value FROM json_each(?))
         AND price_list_id IN (SELECT price_list_id FROM price_list_assignments WHERE dealer_id = ?)`,
      [JSON.stringify(productIds), dealerId],
    )
    const byProduct = new Map<string, PriceListItem[]>()
    for (const row of rows) {
      const item = itemFromRow(row)
      const list = byProduct.get(item.productId) ?? []
      list.push(item)
      byProduct.set(item.productId, list)
    }
    return byProduct
  }

  function products(productIds: readonly string[]): Map<string, ProductSummary> {
    const rows = db.all<Record<string, string>>(
      `SELECT id, sku, name_zh, name_en, spec_zh, spec_en, unit_zh, unit_en, status FROM products
       WHERE id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(productIds)],
    )
    return new Map(
      rows.map((row) => [
        row.id as string,
        {
          id: row.id as string,
          sku: row.sku as string,
          nameZh: row.name_zh as string,
          nameEn: row.name_en as string,
          specZh: row.spec_zh as string,
          specEn: row.spec_en as string,
          unitZh: row.unit_zh as string,
          unitEn: row.unit_en as string,
          status: row.status as ProductSummary['status'],
        },
      ]),
    )
  }

  return { productFeed, priceListFeed, priceListItemFeed, assignments, candidateItems, products }
}
