/**
 * The sandbox stores each product's Portal record as JSON, kept by triggers (schema.ts), and its
 * product feed sends it as stored: the record must stay what the columns say, whoever writes.
 */
import { describe, expect, it } from 'vitest'
import { SandboxDatabase } from '../../../server/backends/sandbox/database'
import { migrate } from '../../../server/backends/sandbox/schema'
import { PriceListItem, Product, ProductFeedPage } from '../../../shared/api'

const COLUMNS = `id, sku, barcode, name_zh, name_en, category_id, unit_zh, unit_en, spec_zh, spec_en, status, modified_at`
const row = [
  'P1',
  'AB-1',
  '690001',
  '螺丝 "M6"',
  'Screw "M6"',
  'cat_a',
  '个',
  'pc',
  'M6\\x20',
  '6 mm',
  'onSale',
  1000,
]

const expected = (changes: Partial<Product> = {}): Product => ({
  id: 'P1',
  sku: 'AB-1',
  nameZh: '螺丝 "M6"',
  nameEn: 'Screw "M6"',
  specZh: 'M6\\x20',
  specEn: '6 mm',
  unitZh: '个',
  unitEn: 'pc',
  barcode: '690001',
  categoryId: 'cat_a',
  categoryNameZh: '紧固件',
  categoryNameEn: 'Fasteners',
  status: 'onSale',
  imageUrl: null,
  modifiedAt: 1000,
  ...changes,
})

const stored = (db: SandboxDatabase, id = 'P1'): string =>
  db.get<{ json: string }>('SELECT json FROM products WHERE id = ?', [id])!.json

function insert(db: SandboxDatabase): void {
  db.run(`INSERT INTO categories (id, name_zh, name_en) VALUES ('cat_a', '紧固件', 'Fasteners')`)
  db.run(`INSERT INTO products (${COLUMNS}) VALUES (${row.map(() => '?').join(', ')})`, row)
}

describe('sandbox product records (json kept by triggers)', () => {
  it('stores the contract Product, keys in its order, and keeps it on every change', async () => {
    const db = await SandboxDatabase.open()
    migrate(db)
    insert(db)
    const text = stored(db)
    // Keys in the contract's order: a client's fast path keeps the parsed object as it is.
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(Product.shape))
    expect(Product.parse(JSON.parse(text))).toEqual(expected())
    expect(JSON.parse(text)).toEqual(expected())

    db.run(`UPDATE products SET status = 'offSale', modified_at = 2000 WHERE id = 'P1'`)
    expect(JSON.parse(stored(db))).toEqual(expected({ status: 'offSale', modifiedAt: 2000 }))

    db.run(`UPDATE categories SET name_en = 'Fixings' WHERE id = 'cat_a'`)
    expect(JSON.parse(stored(db))).toEqual(
      expected({ status: 'offSale', modifiedAt: 2000, categoryNameEn: 'Fixings' }),
    )
    db.close()
  })

  it('fills the record of products written before the migration', async () => {
    const db = await SandboxDatabase.open()
    migrate(db, 4) // version 5 added the product records
    insert(db)
    migrate(db)
    expect(JSON.parse(stored(db))).toEqual(expected())
    db.close()
  })

  it('a product inserted before its category gets the names once the category exists', async () => {
    const db = await SandboxDatabase.open()
    migrate(db)
    db.run(`INSERT INTO products (${COLUMNS}) VALUES (${row.map(() => '?').join(', ')})`, row)
    db.run(`INSERT INTO categories (id, name_zh, name_en) VALUES ('cat_a', '紧固件', 'Fasteners')`)
    expect(JSON.parse(stored(db))).toEqual(expected())
    db.close()
  })
})

describe('sandbox product feed', () => {
  it('sends the stored records as a valid page', async () => {
    const { startSandbox } = await import('../../../server/sandbox')
    const sandbox = await startSandbox({ products: 200, seed: 3 })
    try {
      const { catalog } = sandbox.engine as unknown as {
        catalog: { productFeed(query: { limit: number; since?: number }): Buffer }
      }
      const page = ProductFeedPage.parse(
        JSON.parse(catalog.productFeed({ limit: 50 }).toString('utf8')),
      )
      expect(page.items).toHaveLength(50)
      const first = page.items[0]!
      if (first.deleted) throw new Error('expected a live product')
      const columns = sandbox.engine.db.get<Record<string, unknown>>(
        `SELECT p.*, c.name_en AS category_en FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?`,
        [first.id],
      )!
      expect(first.record).toMatchObject({
        sku: columns.sku,
        nameZh: columns.name_zh,
        categoryNameEn: columns.category_en,
        status: columns.status,
        modifiedAt: columns.modified_at,
      })
    } finally {
      await sandbox.close()
    }
  })
})

describe('sandbox price list item records (json kept by triggers)', () => {
  it('stores the contract PriceListItem and keeps it on every change', async () => {
    const db = await SandboxDatabase.open()
    migrate(db)
    const insert = `INSERT INTO price_list_items (id, price_list_id, product_id, price, tiers, min_quantity, step, valid_from, valid_to, modified_at)
      VALUES ('pl.P1', 'pl', 'P1', 1250, '[{"minQuantity":100,"price":1200}]', 10, 5, NULL, 2000, 1000)`
    db.run(insert)
    const read = () =>
      JSON.parse(
        db.get<{ json: string }>(`SELECT json FROM price_list_items WHERE id = 'pl.P1'`)!.json,
      ) as unknown
    const item: PriceListItem = {
      id: 'pl.P1',
      priceListId: 'pl',
      productId: 'P1',
      price: 1250,
      tiers: [{ minQuantity: 100, price: 1200 }],
      minQuantity: 10,
      step: 5,
      validFrom: null,
      validTo: 2000,
      modifiedAt: 1000,
    }
    expect(Object.keys(read() as object)).toEqual(Object.keys(PriceListItem.shape))
    expect(PriceListItem.parse(read())).toEqual(item)
    expect(read()).toEqual(item)
    db.run(`UPDATE price_list_items SET price = 1300, tiers = '[]', modified_at = 3000`)
    expect(read()).toEqual({ ...item, price: 1300, tiers: [], modifiedAt: 3000 })
    db.close()
  })
})
