import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import {
  createCursorStore,
  createFeedRepository,
  createMetaStore,
  createPriceItemRepository,
  decodePriceItem,
  decodeProduct,
  PRICE_ITEM_ROW_COLUMNS,
  PRODUCT_ROW_COLUMNS,
} from '../../../../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import type {
  PriceListItem as ApiPriceListItem,
  Product as ApiProduct,
} from '../../../../shared/api'
import { priceItemFeed, productFeed } from '../../../../electron/services/sync/feeds'
import { freshCaches } from '../../../fixtures/freshCaches'

interface PriceItem {
  id: string
  priceListId: string
  productId: string
  price: number
  modifiedAt: number
}

interface Product {
  id: string
  sku: string
  name: { zh: string; en: string }
  pinyin: { full: string; initials: string }
  modifiedAt: number
}

const freshCache = freshCaches('repo')

const priceColumns = (item: PriceItem) => ({
  id: item.id,
  price_list_id: item.priceListId,
  product_id: item.productId,
  price: item.price,
  modified_at: item.modifiedAt,
})

const productColumns = (product: Product) => ({
  id: product.id,
  sku: product.sku,
  name_zh: product.name.zh,
  name_en: product.name.en,
  pinyin_full: product.pinyin.full,
  pinyin_initials: product.pinyin.initials,
  modified_at: product.modifiedAt,
})

interface PriceRow {
  price: number
  previous_price: number | null
  price_changed_at: number | null
}

describe('price items', () => {
  it('records the previous price when a sync changes the price, and not when it does not', async () => {
    const db = await freshCache()
    let now = 1_000
    const items = createPriceItemRepository(db, priceColumns, () => now)
    const row = async () =>
      await db.get<PriceRow>(
        "SELECT price, previous_price, price_changed_at FROM price_items WHERE id = 'pi-1'",
      )
    await items.upsertMany([
      { id: 'pi-1', priceListId: 'pl-1', productId: 'p-1', price: 12_800, modifiedAt: 1 },
    ])
    expect(await row()).toEqual({ price: 12_800, previous_price: null, price_changed_at: null })

    now = 2_000 // same price, other fields changed: no price change recorded
    await items.upsertMany([
      { id: 'pi-1', priceListId: 'pl-1', productId: 'p-1', price: 12_800, modifiedAt: 2 },
    ])
    expect(await row()).toEqual({ price: 12_800, previous_price: null, price_changed_at: null })

    now = 3_000
    await items.upsertMany([
      { id: 'pi-1', priceListId: 'pl-1', productId: 'p-1', price: 11_500, modifiedAt: 3 },
    ])
    expect(await row()).toEqual({ price: 11_500, previous_price: 12_800, price_changed_at: 3_000 })

    now = 4_000 // unchanged again: the last change is kept
    await items.upsertMany([
      { id: 'pi-1', priceListId: 'pl-1', productId: 'p-1', price: 11_500, modifiedAt: 4 },
    ])
    expect(await row()).toEqual({ price: 11_500, previous_price: 12_800, price_changed_at: 3_000 })

    now = 5_000
    await items.upsertMany([
      { id: 'pi-1', priceListId: 'pl-1', productId: 'p-1', price: 13_000, modifiedAt: 5 },
    ])
    expect(await row()).toEqual({ price: 13_000, previous_price: 11_500, price_changed_at: 5_000 })
    expect(await items.get('pi-1')).toMatchObject({ price: 13_000, modifiedAt: 5 })
  })
})

describe('feed repository', () => {
  it('upserts a page in one transaction, keeps the record JSON and the rowid, applies tombstones', async () => {
    const db = await freshCache()
    const products = createFeedRepository(db, 'products', productColumns)
    const page: Product[] = [
      {
        id: 'p-1',
        sku: 'AB-100',
        name: { zh: '螺丝刀', en: 'Screwdriver' },
        pinyin: { full: 'luosidao', initials: 'lsd' },
        modifiedAt: 10,
      },
      {
        id: 'p-2',
        sku: 'AB-200',
        name: { zh: '扳手', en: 'Wrench' },
        pinyin: { full: 'banshou', initials: 'bs' },
        modifiedAt: 11,
      },
    ]
    expect(await products.upsertMany(page)).toBe(2)
    const rowid = (await db.get<{ rowid: number }>("SELECT rowid FROM products WHERE id = 'p-1'"))!
      .rowid
    await products.upsertMany([
      { ...page[0]!, name: { zh: '十字螺丝刀', en: 'Phillips screwdriver' }, modifiedAt: 12 },
    ])
    expect(await db.get("SELECT rowid, name_zh FROM products WHERE id = 'p-1'")).toEqual({
      rowid,
      name_zh: '十字螺丝刀',
    })
    expect((await products.get('p-1'))?.name.en).toBe('Phillips screwdriver')
    expect(await products.count()).toBe(2)
    expect(await products.deleteMany(['p-2', 'unknown'])).toBe(1)
    expect(await products.count()).toBe(1)
    expect(db.isDirty()).toBe(true)
  })

  it('rolls the whole page back when one record cannot be stored', async () => {
    const db = await freshCache()
    const items = createFeedRepository(db, 'price_items', (item: PriceItem) => ({
      ...priceColumns(item),
      product_id: item.productId || null, // NOT NULL column
    }))
    await expect(
      items.upsertMany([
        { id: 'ok', priceListId: 'pl', productId: 'p', price: 1, modifiedAt: 1 },
        { id: 'bad', priceListId: 'pl', productId: '', price: 1, modifiedAt: 1 },
      ]),
    ).rejects.toThrow()
    expect(await items.count()).toBe(0)
  })

  it('rejects column names that are not plain identifiers', async () => {
    const db = await freshCache()
    const products = createFeedRepository(db, 'products', (p: { id: string }) => ({
      id: p.id,
      'sku); DROP TABLE products; --': 'x',
    }))
    await expect((async () => products.upsertMany([{ id: 'p' }]))()).rejects.toThrow(
      'invalid cache column',
    )
  })

  it('serves categories and price lookups from indexes (search itself is in memory)', async () => {
    const db = await freshCache()
    const plan = async (sql: string, params: string[]) =>
      (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params))
        .map((row) => row.detail)
        .join(' | ')
    expect(await plan('SELECT id FROM products WHERE category_id = ?', ['c1'])).toContain(
      'USING INDEX products_category',
    )
    expect(
      await plan('SELECT price FROM price_items WHERE price_list_id = ? AND product_id = ?', [
        'pl',
        'p',
      ]),
    ).toContain('USING INDEX price_items_list_product')
    expect(
      await plan('SELECT id FROM orders WHERE status = ? ORDER BY created_at DESC', ['normal']),
    ).toContain('orders_status_created')
  })

  it('leaves room for an FTS4 index over products (sql.js has FTS3/4)', async () => {
    const db = await freshCache()
    await createFeedRepository(db, 'products', productColumns).upsertMany([
      {
        id: 'p-1',
        sku: 'AB-100',
        name: { zh: '螺丝刀', en: 'Screwdriver set' },
        pinyin: { full: 'luosidao', initials: 'lsd' },
        modifiedAt: 1,
      },
    ])
    await db.exec(
      "CREATE VIRTUAL TABLE products_text USING fts4(content='products', name_en, pinyin_full)",
    )
    await db.exec("INSERT INTO products_text (products_text) VALUES ('rebuild')")
    expect(
      await db.all(
        "SELECT p.id FROM products_text JOIN products p ON p.rowid = products_text.docid WHERE products_text MATCH 'screw*'",
      ),
    ).toEqual([{ id: 'p-1' }])
  })
})

describe('cursor and meta stores', () => {
  it('stores keyset cursors per feed and keeps the full-sync flag unless told otherwise', async () => {
    const db = await freshCache()
    const cursors = createCursorStore(db, () => 42)
    expect(await cursors.get('products')).toBeUndefined()
    await cursors.set('products', { since: 100, after: 'p-9', fullSyncDone: true })
    await cursors.set('products', { since: 200, after: 'p-3' })
    await cursors.set('orders', { since: null, after: null })
    expect(await cursors.get('products')).toEqual({
      feed: 'products',
      since: 200,
      after: 'p-3',
      updatedAt: 42,
      fullSyncDone: true,
    })
    expect((await cursors.list()).map((cursor) => [cursor.feed, cursor.fullSyncDone])).toEqual([
      ['orders', false],
      ['products', true],
    ])
    await cursors.reset('products')
    expect(await cursors.get('products')).toBeUndefined()
    await cursors.reset()
    expect(await cursors.list()).toEqual([])
  })

  it('commits a page and its cursor together', async () => {
    const db = await freshCache()
    const cursors = createCursorStore(db)
    const items = createPriceItemRepository(db, priceColumns)
    await expect(
      db.transaction(async () => {
        await items.upsertMany([
          { id: 'pi', priceListId: 'pl', productId: 'p', price: 100, modifiedAt: 7 },
        ])
        await cursors.set('priceItems', { since: 7, after: 'pi' })
        throw new Error('connection lost before the page was complete')
      }),
    ).rejects.toThrow()
    expect([await items.count(), await cursors.get('priceItems')]).toEqual([0, undefined])
  })

  it('keeps small facts in meta', async () => {
    const db = await freshCache()
    const meta = createMetaStore(db)
    await meta.set('lastFullSyncAt', '1700000000000')
    await meta.set('lastFullSyncAt', '1700000000001')
    expect(await meta.get('lastFullSyncAt')).toBe('1700000000001')
    await meta.delete('lastFullSyncAt')
    expect(await meta.get('lastFullSyncAt')).toBeUndefined()
  })
})

describe('bulk upserts (a page of 20 or more records)', () => {
  const item = (index: number, price: number): PriceItem => ({
    id: `pi-${index}`,
    priceListId: 'pl-1',
    productId: `p-${index}`,
    price,
    modifiedAt: 1_700_000_000_000 + index,
  })

  it('store the same columns and record text as one-by-one upserts', async () => {
    const bulkDb = await freshCache()
    const singleDb = await freshCache()
    const bulk = createFeedRepository(bulkDb, 'price_items', priceColumns)
    const single = createFeedRepository(singleDb, 'price_items', priceColumns)
    const page = Array.from({ length: 25 }, (_, index) => ({
      ...item(index, 100 + index),
      note: '圆顶机 "M8×30"\n',
    }))
    await bulk.upsertMany(page)
    for (const record of page) await single.upsertMany([record])
    for (const record of page)
      expect(await bulk.get(record.id)).toEqual(await single.get(record.id))
    const rows = (repo: 'bulk' | 'single') =>
      (repo === 'bulk' ? bulkDb : singleDb).all(
        'SELECT id, price_list_id, product_id, price, modified_at, record, typeof(price) AS type FROM price_items ORDER BY id',
      )
    expect(await rows('bulk')).toEqual(await rows('single'))
    expect((await rows('bulk'))[0]).toMatchObject({ type: 'integer', price: 100 })
  })

  it('record the previous price of the items whose price changed', async () => {
    const db = await freshCache()
    let now = 1_000
    const repo = createPriceItemRepository(db, priceColumns, () => now)
    await repo.upsertMany(Array.from({ length: 30 }, (_, index) => item(index, 500)))
    now = 2_000
    await repo.upsertMany(
      Array.from({ length: 30 }, (_, index) => item(index, index === 7 ? 650 : 500)),
    )
    expect(
      await db.all(
        'SELECT id, price, previous_price, price_changed_at FROM price_items WHERE previous_price IS NOT NULL',
      ),
    ).toEqual([{ id: 'pi-7', price: 650, previous_price: 500, price_changed_at: 2_000 }])
  })
})

describe('compact records (cache migration 5)', () => {
  const product: ApiProduct = {
    id: 'P1',
    sku: 'HB-M8',
    nameZh: '六角螺栓 M8',
    nameEn: 'Hex bolt M8',
    specZh: 'M8×30，"镀锌"',
    specEn: 'M8×30, zinc',
    unitZh: '盒',
    unitEn: 'box',
    barcode: '6901234567890',
    categoryId: 'cat_bolts',
    categoryNameZh: '螺栓',
    categoryNameEn: 'Bolts',
    status: 'onSale',
    imageUrl: null,
    modifiedAt: 1_700_000_000_123,
  }
  const item: ApiPriceListItem = {
    id: 'pl.P1',
    priceListId: 'pl',
    productId: 'P1',
    price: 12_345,
    tiers: [{ minQuantity: 10, price: 12_000 }],
    minQuantity: 2,
    step: 2,
    validFrom: null,
    validTo: 1_800_000_000_000,
    modifiedAt: 1_700_000_000_456,
  }

  it('stores the record without the fields its columns hold, and reads back the same record', async () => {
    const db = await freshCache()
    const products = createFeedRepository(db, 'products', productFeed.toColumns)
    const items = createPriceItemRepository(db, priceItemFeed.toColumns as never)
    const many = Array.from({ length: 25 }, (_, index) => ({ ...product, id: `P${index}` }))
    // One record alone (bound row by row) and a page (bound as one JSON array).
    await products.upsertMany([product])
    await products.upsertMany(many.slice(2))
    await items.upsertMany([item])
    const stored = JSON.parse(
      (await db.get<{ record: string }>("SELECT record FROM products WHERE id = 'P1'"))!.record,
    ) as Record<string, unknown>
    expect(Object.keys(stored).sort()).toEqual([
      'categoryNameEn',
      'categoryNameZh',
      'imageUrl',
      'unitEn',
      'unitZh',
    ])
    expect(
      JSON.parse(
        (await db.get<{ record: string }>("SELECT record FROM products WHERE id = 'P20'"))!.record,
      ),
    ).toEqual(stored)
    expect(await products.get('P1')).toEqual(product)
    expect(await products.get('P20')).toEqual({ ...product, id: 'P20' })
    const row = await db.get<{ record: string }>(
      `SELECT ${PRODUCT_ROW_COLUMNS} FROM products WHERE id = 'P1'`,
    )
    expect(decodeProduct(row!)).toEqual(product)
    const itemRow = await db.get<{ record: string }>(
      `SELECT ${PRICE_ITEM_ROW_COLUMNS} FROM price_items WHERE id = 'pl.P1'`,
    )
    expect(Object.keys(JSON.parse(itemRow!.record) as object).sort()).toEqual([
      'minQuantity',
      'step',
      'tiers',
      'validFrom',
      'validTo',
    ])
    expect(decodePriceItem(itemRow!)).toEqual(item)
    expect(await items.get('pl.P1')).toEqual(item)
  })

  it('migrates whole records written before version 5 and drops the unused indexes', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-repo-')), 'cache.sqlite')
    const old = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS.slice(0, 4) })
    const columns = productFeed.toColumns(product)
    // The columns of version 4 (the specifications became columns in version 7).
    const names = Object.keys(columns).filter((name) => !name.startsWith('spec_'))
    await old.run(
      `INSERT INTO products (${names.join(', ')}, record) VALUES (${names.map(() => '?').join(', ')}, ?)`,
      [...names.map((name) => columns[name]!), JSON.stringify(product)],
    )
    await old.run(
      `INSERT INTO price_items (id, price_list_id, product_id, price, modified_at, record) VALUES (?, ?, ?, ?, ?, ?)`,
      ['pl.P1', 'pl', 'P1', 12_345, item.modifiedAt, JSON.stringify(item)],
    )
    // A whole record reads the same before the migration.
    const before = await old.get<{ record: string }>(
      `SELECT id, sku, barcode, name_zh, name_en, category_id, status, modified_at, record
       FROM products WHERE id = 'P1'`,
    )
    expect(decodeProduct(before!)).toEqual(product)
    await old.close()
    const db = await freshCache(file)
    expect(db.schemaVersion).toBe(CACHE_MIGRATIONS.length)
    expect(db.schemaChanged).toBe(false)
    const row = await db.get<{ record: string }>(
      `SELECT ${PRODUCT_ROW_COLUMNS} FROM products WHERE id = 'P1'`,
    )
    expect(JSON.parse(row!.record)).not.toHaveProperty('sku')
    // Version 7: the specifications moved out of the record into their columns.
    expect(JSON.parse(row!.record)).not.toHaveProperty('specZh')
    expect(row).toMatchObject({ spec_zh: product.specZh, spec_en: product.specEn })
    expect(decodeProduct(row!)).toEqual(product)
    const itemRow = await db.get<{ record: string }>(
      `SELECT ${PRICE_ITEM_ROW_COLUMNS} FROM price_items WHERE id = 'pl.P1'`,
    )
    expect(JSON.parse(itemRow!.record)).not.toHaveProperty('price')
    expect(decodePriceItem(itemRow!)).toEqual(item)
    const indexes = (
      await db.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'products'",
      )
    ).map((index) => index.name)
    expect(indexes).not.toContain('products_barcode')
    expect(indexes).not.toContain('products_pinyin_initials')
    expect(indexes).toContain('products_category')
    // Migration 6: nothing reads products by SKU in SQL.
    expect(indexes).not.toContain('products_sku')
  })
})
