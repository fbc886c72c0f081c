/**
 * The sandbox schema. Money columns are integer fen, times epoch ms. Business documents (orders,
 * deliveries, returns, invoice requests) are stored as their Portal API record in `json`, with the
 * columns needed for scoping, paging and lookups beside it; the json is rewritten on every change
 * and `modified_at` strictly increases across writes (see feeds.ts), so feeds never miss a change.
 */
import type { SandboxDatabase } from './database'

const documentTable = (name: string, extra = '') => `
  CREATE TABLE ${name} (
    id TEXT PRIMARY KEY, dealer_id TEXT NOT NULL, number TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
    ${extra} created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, json TEXT NOT NULL);
  CREATE INDEX ${name}_feed ON ${name} (dealer_id, modified_at, id);`

/** The Portal API Product of the products row `row` (a table name or NEW), as JSON text. */
function productJson(row: string): string {
  const category = (column: string) =>
    `(SELECT ${column} FROM categories WHERE id = ${row}.category_id)`
  return `json_object('id', ${row}.id, 'sku', ${row}.sku, 'nameZh', ${row}.name_zh,
    'nameEn', ${row}.name_en, 'specZh', ${row}.spec_zh, 'specEn', ${row}.spec_en,
    'unitZh', ${row}.unit_zh, 'unitEn', ${row}.unit_en, 'barcode', ${row}.barcode,
    'categoryId', ${row}.category_id, 'categoryNameZh', ${category('name_zh')},
    'categoryNameEn', ${category('name_en')}, 'status', ${row}.status, 'imageUrl', NULL,
    'modifiedAt', ${row}.modified_at)`
}

/** The Portal API PriceListItem of the price_list_items row `row`, as JSON text. */
function priceListItemJson(row: string): string {
  return `json_object('id', ${row}.id, 'priceListId', ${row}.price_list_id,
    'productId', ${row}.product_id, 'price', ${row}.price, 'tiers', json(${row}.tiers),
    'minQuantity', ${row}.min_quantity, 'step', ${row}.step, 'validFrom', ${row}.valid_from,
    'validTo', ${row}.valid_to, 'modifiedAt', ${row}.modified_at)`
}

const migrations: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (id TEXT PRIMARY KEY, account TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
    preferred_language TEXT NOT NULL, password_hash TEXT NOT NULL);
  CREATE TABLE dealers (id TEXT PRIMARY KEY, code TEXT NOT NULL, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    city TEXT NOT NULL, credit_terms_days INTEGER NOT NULL, terms_zh TEXT NOT NULL, terms_en TEXT NOT NULL,
    rebate_min_order INTEGER, rebate_max_amount INTEGER, rebate_max_percent REAL);
  CREATE TABLE memberships (user_id TEXT NOT NULL, dealer_id TEXT NOT NULL, roles TEXT NOT NULL,
    PRIMARY KEY (user_id, dealer_id));
  CREATE TABLE addresses (id TEXT PRIMARY KEY, dealer_id TEXT NOT NULL, contact TEXT NOT NULL, phone TEXT NOT NULL,
    province TEXT NOT NULL, city TEXT NOT NULL, district TEXT NOT NULL, line TEXT NOT NULL, is_default INTEGER NOT NULL);
  CREATE TABLE invoice_profiles (id TEXT PRIMARY KEY, dealer_id TEXT NOT NULL, json TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0, modified_at INTEGER NOT NULL);
  CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, user_id TEXT NOT NULL,
    family TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER, created_at INTEGER NOT NULL);
  CREATE INDEX sessions_family ON sessions (family);

  CREATE TABLE categories (id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL);
  CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT NOT NULL, barcode TEXT NOT NULL, name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL, category_id TEXT NOT NULL, unit_zh TEXT NOT NULL, unit_en TEXT NOT NULL,
    spec_zh TEXT NOT NULL, spec_en TEXT NOT NULL, status TEXT NOT NULL, modified_at INTEGER NOT NULL);
  CREATE INDEX products_feed ON products (modified_at, id);
  CREATE TABLE price_lists (id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL,
    priority INTEGER NOT NULL, active INTEGER NOT NULL, valid_from INTEGER, valid_to INTEGER,
    modified_at INTEGER NOT NULL);
  CREATE TABLE price_list_assignments (dealer_id TEXT NOT NULL, price_list_id TEXT NOT NULL,
    active INTEGER NOT NULL, PRIMARY KEY (dealer_id, price_list_id));
  CREATE TABLE price_list_items (id TEXT PRIMARY KEY, price_list_id TEXT NOT NULL, product_id TEXT NOT NULL,
    price INTEGER NOT NULL, tiers TEXT NOT NULL, min_quantity INTEGER NOT NULL, step INTEGER NOT NULL,
    valid_from INTEGER, valid_to INTEGER, modified_at INTEGER NOT NULL);
  CREATE UNIQUE INDEX price_list_items_product ON price_list_items (product_id, price_list_id);
  CREATE INDEX price_list_items_feed ON price_list_items (price_list_id, modified_at, id);
  -- Deleted or withdrawn feed records; scope = dealer id, price list id or '' for global feeds.
  CREATE TABLE tombstones (feed TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,
    modified_at INTEGER NOT NULL, PRIMARY KEY (feed, scope, id));
  CREATE INDEX tombstones_feed ON tombstones (feed, scope, modified_at, id);

  -- credit: balance = occupied, locked unused; deposit/rebate: available = balance - locked.
  CREATE TABLE accounts (dealer_id TEXT NOT NULL, account_type TEXT NOT NULL, balance INTEGER NOT NULL,
    locked INTEGER NOT NULL, credit_limit INTEGER NOT NULL, PRIMARY KEY (dealer_id, account_type));
  CREATE TABLE transactions (id TEXT PRIMARY KEY, dealer_id TEXT NOT NULL, at INTEGER NOT NULL,
    account_type TEXT NOT NULL, type TEXT NOT NULL, amount INTEGER NOT NULL, locked_change INTEGER NOT NULL,
    balance_after INTEGER NOT NULL, available_after INTEGER NOT NULL, document_type TEXT, document_id TEXT,
    document_number TEXT, note TEXT);
  CREATE INDEX transactions_dealer ON transactions (dealer_id, id);
  CREATE INDEX transactions_dealer_at ON transactions (dealer_id, at);

  ${documentTable('orders')}
  ${documentTable('deliveries', 'order_id TEXT NOT NULL,')}
  ${documentTable('returns')}
  ${documentTable('invoice_requests')}

  CREATE TABLE idempotency (dealer_id TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (dealer_id, key));
  CREATE TABLE document_sequences (prefix TEXT NOT NULL, day TEXT NOT NULL, seq INTEGER NOT NULL,
    PRIMARY KEY (prefix, day));
  `,
  // Idempotency claims: status 0 = claimed, not completed; record_id = what the claimed write made.
  `ALTER TABLE idempotency ADD COLUMN record_id TEXT;`,
  // Statement periods (statements.ts): the Portal record in json, the issue snapshot inside it.
  `CREATE TABLE statement_periods (dealer_id TEXT NOT NULL, period TEXT NOT NULL, status TEXT NOT NULL,
    modified_at INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (dealer_id, period));`,
  // The dealer's own approval rule (orders held for its admin); orderer_ids is a JSON array.
  `CREATE TABLE approval_rules (dealer_id TEXT PRIMARY KEY, amount_above INTEGER,
    orderer_ids TEXT NOT NULL, modified_by TEXT, modified_at INTEGER NOT NULL);`,
  // The product's Portal record in json (keys in the contract's order), kept by triggers whoever
  // writes the row: the product feed sends it as stored instead of reading fourteen columns and
  // serializing them for every product of every page.
  `ALTER TABLE products ADD COLUMN json TEXT;
  CREATE TRIGGER products_json_insert AFTER INSERT ON products BEGIN
    UPDATE products SET json = ${productJson('NEW')} WHERE rowid = NEW.rowid; END;
  CREATE TRIGGER products_json_update AFTER UPDATE OF id, sku, barcode, name_zh, name_en, category_id,
    unit_zh, unit_en, spec_zh, spec_en, status, modified_at ON products BEGIN
    UPDATE products SET json = ${productJson('NEW')} WHERE rowid = NEW.rowid; END;
  CREATE TRIGGER products_json_category AFTER UPDATE OF id, name_zh, name_en ON categories BEGIN
    UPDATE products SET json = ${productJson('products')} WHERE category_id = NEW.id; END;
  CREATE TRIGGER products_json_new_category AFTER INSERT ON categories BEGIN
    UPDATE products SET json = ${productJson('products')} WHERE category_id = NEW.id; END;
  UPDATE products SET json = ${productJson('products')};`,
  // The same for price list items (tiers are stored as JSON text: embedded as JSON).
  `ALTER TABLE price_list_items ADD COLUMN json TEXT;
  CREATE TRIGGER price_list_items_json_insert AFTER INSERT ON price_list_items BEGIN
    UPDATE price_list_items SET json = ${priceListItemJson('NEW')} WHERE rowid = NEW.rowid; END;
  CREATE TRIGGER price_list_items_json_update AFTER UPDATE OF id, price_list_id, product_id, price,
    tiers, min_quantity, step, valid_from, valid_to, modified_at ON price_list_items BEGIN
    UPDATE price_list_items SET json = ${priceListItemJson('NEW')} WHERE rowid = NEW.rowid; END;
  UPDATE price_list_items SET json = ${priceListItemJson('price_list_items')};`,
]

export const SCHEMA_VERSION = migrations.length

/** Applies the migrations above the database's version, up to `upTo` (tests stop early). */
export function migrate(db: SandboxDatabase, upTo = migrations.length): void {
  const current = (db.get<{ user_version: number }>('PRAGMA user_version')?.user_version ??
    0) as number
  for (let version = current; version < upTo; version++) {
    db.transaction(() => {
      db.exec(migrations[version] as string)
      db.exec(`PRAGMA user_version = ${version + 1}`)
    })
  }
}
