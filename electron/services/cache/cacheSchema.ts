/**
 * The cache schema and its migrations (`PRAGMA user_version` = the last applied version).
 *
 * Conventions for every table:
 * - `id` is the upstream record ID (TEXT); tables keep their implicit rowid, which upserts
 *   (`ON CONFLICT DO UPDATE`) preserve, so an FTS4 table with `content=` can point at it later
 *   (sql.js has FTS3/FTS4, not FTS5).
 * - `record` is the upstream record as JSON, exactly as validated by shared/api; the other columns
 *   are copies of the fields we filter, sort or join on.
 * - Money is integer fen, timestamps epoch ms.
 * - Columns searched by prefix (`LIKE 'abc%'`) are `COLLATE NOCASE`, which lets SQLite's LIKE
 *   optimization use their index.
 *
 * `cart_lines` and `print_log` hold local-only data: they are not synced, so they are lost when a
 * corrupt cache is rebuilt.
 */
import { PortalError } from '../../../shared/contract/result'
import type { CacheSql } from './cacheDatabase'
import { HOME_TOTALS_SCHEMA } from './homeTotalsSchema'

export interface CacheMigration {
  /** 1, 2, 3, ... in order, never reused. */
  version: number
  description: string
  /** Data cached before this version is incomplete or wrong: the sync engine must resync fully. */
  requiresResync?: boolean
  /**
   * Runs inside the migration's transaction (await every statement); throwing or rejecting rolls
   * the migration back.
   */
  up(sql: CacheSql): void | Promise<void>
}

const DOCUMENT_COLUMNS = `
  id TEXT PRIMARY KEY,
  number TEXT COLLATE NOCASE,
  status TEXT,
  created_at INTEGER,
  modified_at INTEGER,
  record TEXT NOT NULL`

const SCHEMA_1 = `
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  sku TEXT COLLATE NOCASE,
  barcode TEXT COLLATE NOCASE,
  name_zh TEXT COLLATE NOCASE,
  name_en TEXT COLLATE NOCASE,
  pinyin_full TEXT COLLATE NOCASE,
  pinyin_initials TEXT COLLATE NOCASE,
  category_id TEXT,
  status TEXT,
  modified_at INTEGER,
  record TEXT NOT NULL
);
CREATE INDEX products_sku ON products (sku);
CREATE INDEX products_barcode ON products (barcode);
CREATE INDEX products_pinyin_initials ON products (pinyin_initials);
CREATE INDEX products_category ON products (category_id);

CREATE TABLE price_lists (
  id TEXT PRIMARY KEY,
  name TEXT,
  status TEXT,
  modified_at INTEGER,
  record TEXT NOT NULL
);

-- previous_price / price_changed_at: the price before the last change seen by a sync and the
-- local time (epoch ms) that sync applied it; NULL until the price changes once.
CREATE TABLE price_items (
  id TEXT PRIMARY KEY,
  price_list_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  price INTEGER,
  previous_price INTEGER,
  price_changed_at INTEGER,
  modified_at INTEGER,
  record TEXT NOT NULL
);
CREATE INDEX price_items_list_product ON price_items (price_list_id, product_id);
CREATE INDEX price_items_changed ON price_items (price_changed_at) WHERE price_changed_at IS NOT NULL;

CREATE TABLE orders (${DOCUMENT_COLUMNS});
CREATE INDEX orders_status_created ON orders (status, created_at);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_number ON orders (number);

CREATE TABLE deliveries (${DOCUMENT_COLUMNS}, order_id TEXT);
CREATE INDEX deliveries_status_created ON deliveries (status, created_at);
CREATE INDEX deliveries_created ON deliveries (created_at);
CREATE INDEX deliveries_number ON deliveries (number);
CREATE INDEX deliveries_order ON deliveries (order_id);

CREATE TABLE returns (${DOCUMENT_COLUMNS}, order_id TEXT);
CREATE INDEX returns_status_created ON returns (status, created_at);
CREATE INDEX returns_created ON returns (created_at);
CREATE INDEX returns_number ON returns (number);
CREATE INDEX returns_order ON returns (order_id);

CREATE TABLE invoice_requests (${DOCUMENT_COLUMNS});
CREATE INDEX invoice_requests_status_created ON invoice_requests (status, created_at);
CREATE INDEX invoice_requests_created ON invoice_requests (created_at);
CREATE INDEX invoice_requests_number ON invoice_requests (number);

-- amount: signed fen (credit > 0, debit < 0) as the upstream reports it.
CREATE TABLE transactions (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  account_type TEXT NOT NULL,
  type TEXT,
  amount INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX transactions_at ON transactions (at);
CREATE INDEX transactions_account_at ON transactions (account_type, at);

-- The dealer's balances as one JSON document (deposit, rebate, credit; fen).
CREATE TABLE balances (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  updated_at INTEGER NOT NULL,
  record TEXT NOT NULL
);

-- One row per feed: keyset cursor (since = modified_at, after = id tie-breaker).
CREATE TABLE sync_cursors (
  feed TEXT PRIMARY KEY,
  since INTEGER,
  after TEXT,
  updated_at INTEGER NOT NULL,
  full_sync_done INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT
);

-- Local only. quantity in the product's sales unit.
CREATE TABLE cart_lines (
  product_id TEXT PRIMARY KEY,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price_list_id TEXT,
  note TEXT,
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Local only: what was printed, when (epoch ms), how many copies.
CREATE TABLE print_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_type TEXT NOT NULL,
  document_id TEXT NOT NULL,
  printed_at INTEGER NOT NULL,
  copies INTEGER NOT NULL DEFAULT 1,
  record TEXT
);
CREATE INDEX print_log_document ON print_log (document_type, document_id);
`

/** The lines of one order row (`NEW`) as order_lines rows. */
const ORDER_LINES_OF_NEW = `
  INSERT INTO order_lines (order_id, created_at, status, product_id, sku, name_zh, name_en, quantity, amount)
  SELECT NEW.id, NEW.created_at, NEW.status, json_extract(line.value, '$.productId'), json_extract(line.value, '$.sku'),
         json_extract(line.value, '$.nameZh'), json_extract(line.value, '$.nameEn'),
         json_extract(line.value, '$.quantity'), json_extract(line.value, '$.amount')
  FROM json_each(NEW.record, '$.lines') AS line;`

/**
 * order_lines: the lines of every cached order in narrow columns (fen, sales units), kept equal to
 * orders.record by triggers (so every writer of orders, the sync engine included, keeps it right
 * without knowing it). Home's purchases and product rankings read it instead of parsing every
 * order's JSON; an order's total is the sum of its line amounts (domain.md "Orders").
 */
const SCHEMA_2 = `
CREATE TABLE order_lines (
  order_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT,
  product_id TEXT NOT NULL,
  sku TEXT,
  name_zh TEXT,
  name_en TEXT,
  quantity INTEGER NOT NULL,
  amount INTEGER NOT NULL
);
CREATE INDEX order_lines_created ON order_lines (created_at);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE TRIGGER orders_lines_insert AFTER INSERT ON orders BEGIN ${ORDER_LINES_OF_NEW} END;
CREATE TRIGGER orders_lines_update AFTER UPDATE OF record, status, created_at ON orders BEGIN
  DELETE FROM order_lines WHERE order_id = OLD.id; ${ORDER_LINES_OF_NEW}
END;
CREATE TRIGGER orders_lines_delete AFTER DELETE ON orders BEGIN DELETE FROM order_lines WHERE order_id = OLD.id; END;
INSERT INTO order_lines (order_id, created_at, status, product_id, sku, name_zh, name_en, quantity, amount)
SELECT orders.id, orders.created_at, orders.status, json_extract(line.value, '$.productId'), json_extract(line.value, '$.sku'),
       json_extract(line.value, '$.nameZh'), json_extract(line.value, '$.nameEn'),
       json_extract(line.value, '$.quantity'), json_extract(line.value, '$.amount')
FROM orders, json_each(orders.record, '$.lines') AS line;
`

/**
 * statement_periods: the dealer's issued statement periods (对账确认) as the gateway lists them,
 * one row per `YYYY-MM`; replaced whole by every sync (a short list).
 */
const SCHEMA_STATEMENT_PERIODS = `
CREATE TABLE statement_periods (
  period TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  modified_at INTEGER NOT NULL,
  record TEXT NOT NULL
);
`

/**
 * Products and price items store `record` without the fields their columns hold (the columns are
 * put back on read: cacheRepositories.ts `decodeRecord`); the barcode and pinyin-initials indexes
 * go (search runs on the in-memory index). A third of the file was these copies.
 */
const SCHEMA_COMPACT_RECORDS = `
DROP INDEX IF EXISTS products_barcode;
DROP INDEX IF EXISTS products_pinyin_initials;
UPDATE products SET record = json_remove(record, '$.id', '$.sku', '$.barcode', '$.nameZh',
  '$.nameEn', '$.categoryId', '$.status', '$.modifiedAt');
UPDATE price_items SET record = json_remove(record, '$.id', '$.priceListId', '$.productId',
  '$.price', '$.modifiedAt');
`

/**
 * The SKU index goes: no query of the app reads products by SKU in SQL (search, quick order and
 * paste matching run on the in-memory index; lookups are by id), and keeping a NOCASE index on a
 * random key cost a 100k full sync ~0.3 s of SQLite.
 */
const SCHEMA_NO_SKU_INDEX = `DROP INDEX IF EXISTS products_sku;`

/**
 * The specifications in columns (out of `record`, like the other fields columns hold): the search
 * index reads them for every product it indexes, and parsing each record's JSON for them cost a
 * 100k build ~0.2 s. A record whose specifications are not both text keeps them (read back from it).
 */
const SCHEMA_SPEC_COLUMNS = `
ALTER TABLE products ADD COLUMN spec_zh TEXT COLLATE NOCASE;
ALTER TABLE products ADD COLUMN spec_en TEXT COLLATE NOCASE;
UPDATE products SET spec_zh = json_extract(record, '$.specZh'),
  spec_en = json_extract(record, '$.specEn'), record = json_remove(record, '$.specZh', '$.specEn')
WHERE json_type(record, '$.specZh') = 'text' AND json_type(record, '$.specEn') = 'text';
`

export const CACHE_MIGRATIONS: readonly CacheMigration[] = [
  {
    version: 1,
    description: 'catalog, prices, documents, account, sync cursors, cart, print log',
    requiresResync: true,
    up: (sql) => sql.exec(SCHEMA_1),
  },
  {
    version: 2,
    description: 'order_lines kept from orders by triggers (Home aggregates)',
    up: (sql) => sql.exec(SCHEMA_2),
  },
  {
    version: 3,
    description: 'statement_periods: issued statements and their confirmation state',
    up: (sql) => sql.exec(SCHEMA_STATEMENT_PERIODS),
  },
  {
    version: 4,
    description: 'Home running totals per month and product-year, kept by triggers',
    up: (sql) => sql.exec(HOME_TOTALS_SCHEMA),
  },
  {
    version: 5,
    description: 'compact product and price item records (fields held by columns), fewer indexes',
    up: (sql) => sql.exec(SCHEMA_COMPACT_RECORDS),
  },
  {
    version: 6,
    description: 'no SKU index on products (nothing reads products by SKU in SQL)',
    up: (sql) => sql.exec(SCHEMA_NO_SKU_INDEX),
  },
  {
    version: 7,
    description: 'product specifications in columns (read by the search index without JSON)',
    up: (sql) => sql.exec(SCHEMA_SPEC_COLUMNS),
  },
]

export const CACHE_SCHEMA_VERSION = CACHE_MIGRATIONS.length

export interface MigrationOutcome {
  applied: number
  requiresResync: boolean
}

/**
 * Applies the migrations above the file's `user_version`, each in its own transaction together
 * with the version bump. Throws PortalError('cache.newerSchema') for a file written by a newer
 * build; rethrows whatever a migration throws (after rolling it back).
 */
export async function migrate(
  sql: CacheSql,
  migrations: readonly CacheMigration[],
): Promise<MigrationOutcome> {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(
        `cache migration ${index} has version ${migration.version}, expected ${index + 1}`,
      )
  })
  const current = Number(
    (await sql.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0,
  )
  if (current > migrations.length) {
    throw new PortalError('cache.newerSchema', { found: current, known: migrations.length })
  }
  const outcome: MigrationOutcome = { applied: 0, requiresResync: current === 0 }
  for (const migration of migrations.slice(current)) {
    await sql.exec('BEGIN')
    try {
      await migration.up(sql)
      await sql.exec(`PRAGMA user_version = ${migration.version}`)
      await sql.exec('COMMIT')
    } catch (error) {
      await sql.exec('ROLLBACK')
      throw error
    }
    outcome.applied++
    if (migration.requiresResync) outcome.requiresResync = true
  }
  return outcome
}

/**
 * Cheap structural checks on a database image before handing it to SQLite: the magic string,
 * a valid page size, a whole number of pages, and (when the header's page count is valid) a
 * length matching it, which catches truncation. Returns a problem description or null.
 */
export function checkDatabaseImage(bytes: Uint8Array): string | null {
  if (bytes.length < 100) return `too short (${bytes.length} bytes)`
  const magic = new TextDecoder().decode(bytes.subarray(0, 16))
  if (magic !== 'SQLite format 3\0') return 'not an SQLite file'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const rawPageSize = view.getUint16(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    return `bad page size ${rawPageSize}`
  if (bytes.length % pageSize !== 0)
    return `length ${bytes.length} is not a multiple of the page size ${pageSize}`
  const changeCounter = view.getUint32(24)
  const pageCount = view.getUint32(28)
  const validFor = view.getUint32(92)
  if (validFor === changeCounter && pageCount > 0 && pageCount * pageSize !== bytes.length) {
    return `length ${bytes.length} does not match the header's ${pageCount} pages of ${pageSize}`
  }
  return null
}
