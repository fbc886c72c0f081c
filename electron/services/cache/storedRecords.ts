/**
 * How product and price-item records are stored (cache migration 5): `record` without the fields
 * their columns hold, put back on reading. A leaf module (types only besides this), so the cache
 * worker's catalog reads it without loading the repositories.
 */
import type { PriceListItem, Product } from '../../../shared/api'
import type { FeedColumns, FeedTable } from './cacheRepositories'

/**
 * Columns holding a field of the record, as [column, field]: `record` is stored without the fields
 * whose column holds the same value (a third of the file was these copies), and reading puts them
 * back (`decodeRecord`). Rows written before cache migration 5 still carry them: same result.
 */
export const RECORD_FIELDS: Partial<Record<FeedTable, ReadonlyArray<readonly [string, string]>>> = {
  products: [
    ['id', 'id'],
    ['sku', 'sku'],
    ['barcode', 'barcode'],
    ['name_zh', 'nameZh'],
    ['name_en', 'nameEn'],
    ['category_id', 'categoryId'],
    ['status', 'status'],
    ['modified_at', 'modifiedAt'],
    ['spec_zh', 'specZh'],
    ['spec_en', 'specEn'],
  ],
  price_items: [
    ['id', 'id'],
    ['price_list_id', 'priceListId'],
    ['product_id', 'productId'],
    ['price', 'price'],
    ['modified_at', 'modifiedAt'],
  ],
}

/** Per table: field → the column holding it (a prototype-less lookup, built once). */
const FIELD_COLUMNS = new Map<FeedTable, Record<string, string>>()
function fieldColumns(table: FeedTable): Record<string, string> | undefined {
  let lookup = FIELD_COLUMNS.get(table)
  if (!lookup) {
    const fields = RECORD_FIELDS[table]
    if (!fields) return undefined
    lookup = Object.create(null) as Record<string, string>
    for (const [column, field] of fields) lookup[field] = column
    FIELD_COLUMNS.set(table, lookup)
  }
  return lookup
}

/** The record as stored: without the (non-null) fields its columns already hold. */
export function storedRecord(table: FeedTable, record: unknown, columns: FeedColumns): unknown {
  const lookup = fieldColumns(table)
  if (!lookup || record === null || typeof record !== 'object') return record
  const source = record as Record<string, unknown>
  // One pass, no intermediate set: this runs for every record of a sync.
  const stored: Record<string, unknown> = {}
  let skipped = false
  for (const key in source) {
    const value = source[key]
    const column = lookup[key]
    if (
      column !== undefined &&
      value !== null &&
      value !== undefined &&
      columns[column] === value
    ) {
      skipped = true
      continue
    }
    stored[key] = value
  }
  return skipped ? stored : record
}

/**
 * A row of a feed table (`record` and the columns of RECORD_FIELDS, e.g. PRODUCT_ROW_COLUMNS) as
 * the upstream record: the stored JSON with the fields its columns hold put back.
 */
export function decodeRecord<R>(
  table: FeedTable,
  row: { record: string } & Record<string, unknown>,
): R {
  const stored = JSON.parse(row.record) as Record<string, unknown>
  const fields = RECORD_FIELDS[table]
  if (!fields) return stored as R
  const record: Record<string, unknown> = {}
  for (const [column, field] of fields) {
    const value = row[column]
    if (!(field in stored) && value !== null && value !== undefined) record[field] = value
  }
  return Object.assign(record, stored) as R
}

/** What to SELECT from products for `decodeProduct` (prefix with an alias as `p.` if joined). */
export const PRODUCT_ROW_COLUMNS =
  'id, sku, barcode, name_zh, name_en, category_id, status, modified_at, spec_zh, spec_en, record'
/** A products row (PRODUCT_ROW_COLUMNS) as the Product the gateway sent. */
export const decodeProduct = (row: { record: string } & Record<string, unknown>): Product =>
  decodeRecord<Product>('products', row)

/** What to SELECT from price_items for `decodePriceItem`. */
export const PRICE_ITEM_ROW_COLUMNS = 'id, price_list_id, product_id, price, modified_at, record'
/** A price_items row (PRICE_ITEM_ROW_COLUMNS) as the PriceListItem the gateway sent. */
export const decodePriceItem = (row: { record: string } & Record<string, unknown>): PriceListItem =>
  decodeRecord<PriceListItem>('price_items', row)
