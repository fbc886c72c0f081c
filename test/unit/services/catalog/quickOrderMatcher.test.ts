import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import {
  createCatalogService,
  type CatalogService,
} from '../../../../electron/services/catalog/catalogService'
import { decodeCsv, readQuickOrderFile } from '../../../../electron/services/catalog/quickOrderFile'
import { readCatalogProducts } from '../../../../electron/services/catalog/catalogProduct'
import {
  matchQuickOrderRows,
  quickOrderCandidates,
  quickOrderProduct,
  readQuickOrderProducts,
  type QuickOrderSource,
} from '../../../../electron/services/catalog/quickOrderMatcher'
import { QuickOrderResult } from '../../../../shared/contract/catalog'
import { parsePastedOrder } from '../../../../shared/domain/quickOrder'
import { catalogCache, priceItem, product } from './catalogFixture'

describe('quick order matching against a real cache', () => {
  let db: CacheDatabase | null
  let dispose: () => Promise<void>
  let catalog: CatalogService
  beforeAll(async () => {
    const cache = await catalogCache(
      [
        product('P1', {
          sku: 'YDJ-2200',
          nameZh: '圆顶机',
          nameEn: 'Dome machine',
          barcode: '6900000000017',
        }),
        product('P2', { sku: 'HB-M8', nameZh: '六角螺栓 M8', nameEn: 'Hex bolt M8' }),
        product('P3', { sku: 'HB-M8-B', nameZh: '六角螺栓 M8', nameEn: 'Hex bolt M8 (black)' }),
        product('P4', { sku: 'OFF-1', nameZh: '停产角磨机', status: 'offSale' }),
        product('P5', { sku: 'NOPRICE-1', nameZh: '样品' }),
        product('P6', { sku: 'GR-1', nameZh: '角磨机 100', nameEn: 'Angle grinder 100' }),
        product('P7', {
          sku: 'GR-OLD',
          nameZh: '角磨机 100',
          nameEn: 'Angle grinder 100 (old)',
          status: 'offSale',
        }),
        product('P8', { sku: 'GR-2', nameZh: '角磨机 125', nameEn: 'Angle grinder 125' }),
      ],
      [
        priceItem('P1', { price: 1_280_000, tiers: [{ minQuantity: 10, price: 1_200_000 }] }),
        priceItem('P2', { minQuantity: 20, step: 10 }),
        priceItem('P3'),
        priceItem('P4'),
        priceItem('P6'),
        priceItem('P7'),
        priceItem('P8'),
      ],
    )
    db = cache.db
    dispose = cache.dispose
    catalog = createCatalogService({ database: () => db })
  })
  afterAll(() => dispose())

  /** The answer as the bridge checks it (every id a row names is in its products). */
  const answer = async (text: string) =>
    QuickOrderResult.parse(await catalog.matchQuickOrder(parsePastedOrder(text)))
  const match = async (text: string) => (await answer(text)).rows

  it('matches by SKU, barcode and unique name, snapping quantities with the reason', async () => {
    const rows = await match(
      'ydj-2200\t2\n6900000000017\t1\nDome Machine\t3\nHB-M8\t25\nHB-M8\t5\nhb-m8',
    )
    expect(rows.map((row) => [row.status, row.productId, row.quantity, row.adjustment])).toEqual([
      ['matched', 'P1', 2, null],
      ['matched', 'P1', 1, null],
      ['matched', 'P1', 3, null],
      ['matched', 'P2', 30, 'packStep'],
      ['matched', 'P2', 20, 'belowMinimum'],
      ['matched', 'P2', 20, 'defaulted'],
    ])
  })

  it('sends each product once, with what the table shows, rows naming it by id', async () => {
    const result = await answer(
      'YDJ-2200\t2\n6900000000017\t1\nHB-M8\t25\n六角螺栓 M8\t10\nNOPE\t1',
    )
    expect(result.rows.map((row) => row.productId)).toEqual(['P1', 'P1', 'P2', null, null])
    // P1 named twice: sent once. The ambiguous row names no candidate (its picker asks for them).
    expect(result.products.map((product) => product.id)).toEqual(['P1', 'P2'])
    expect(result.rows[3]).toMatchObject({ status: 'ambiguous', productId: null })
    expect(result.rows[3]).not.toHaveProperty('candidateIds')
    expect(result.products[1]).toEqual({
      id: 'P2',
      sku: 'HB-M8',
      nameZh: '六角螺栓 M8',
      nameEn: 'Hex bolt M8',
      status: 'onSale',
      price: { minQuantity: 20, step: 10 },
    })
  })

  it('offers candidates for an ambiguous name, and reports unknown and unsellable products', async () => {
    const rows = await match('六角螺栓 M8\t10\nNOPE-404\t1\nOFF-1\t1\nNOPRICE-1\t1\nYDJ-2200\tabc')
    expect(rows.map((row) => row.status)).toEqual([
      'ambiguous',
      'notFound',
      'notSellable',
      'notSellable',
      'invalid',
    ])
    // Its picker's candidates: the reference resolved again, with what the picker shows.
    const candidates = await catalog.quickOrderCandidates('六角螺栓 M8')
    expect(candidates.map((product) => product.id)).toEqual(['P2', 'P3'])
    expect(candidates[0]).toMatchObject({ sku: 'HB-M8', specZh: expect.any(String) })
    expect(candidates[0]).toHaveProperty('specEn')
    expect(rows[2]!.problem).toBe('order.productOffSale')
    expect(rows[3]!.problem).toBe('order.productNotInPriceList')
    expect(rows[4]!.problem).toBe('quickOrder.quantityInvalid')
  })

  it('never offers a discontinued product as a candidate', async () => {
    const rows = await match('角磨机 100\t2\n角磨机\t1')
    // Two named so, one discontinued: the one that can be ordered is matched.
    expect(rows[0]).toMatchObject({ status: 'matched', productId: 'P6' })
    expect(rows[1]!.status).toBe('ambiguous')
    const candidates = await catalog.quickOrderCandidates('角磨机')
    expect(candidates.map((product) => product.id).sort()).toEqual(['P6', 'P8'])
  })

  it('falls back to search: one hit matches, several are candidates', async () => {
    const rows = await match('圆顶\t1\n螺栓\t10')
    expect(rows[0]).toMatchObject({ status: 'matched', productId: 'P1' })
    expect(rows[1]).toMatchObject({ status: 'ambiguous' })
    expect(await catalog.quickOrderCandidates('螺栓')).toHaveLength(2)
    // A reference that matches nothing (any more) offers nothing.
    expect(await catalog.quickOrderCandidates('NOPE-404')).toEqual([])
  })

  it('reads what the table shows from the columns, as the catalog reads and prices it', async () => {
    const ids = ['P8', 'P1', 'NOPE', 'P2', 'P4', 'P5']
    const now = Date.now()
    const slim = await readQuickOrderProducts(db!, ids, now)
    const whole = await readCatalogProducts(db!, ids, now)
    expect(slim).toEqual(whole.map(quickOrderProduct))
    expect(slim.map((item) => item.id)).toEqual(['P8', 'P1', 'P2', 'P4', 'P5'])
    expect(slim[2]!.price).toEqual({ minQuantity: 20, step: 10 })
    expect(slim[4]!.price).toBeNull()
  })

  it('imports a GB18030 CSV, a UTF-8 CSV with BOM and an xlsx', async () => {
    const gbk = Uint8Array.from([0xd4, 0xb2, 0xb6, 0xa5, 0xbb, 0xfa, 0x2c, 0x32]) // 圆顶机,2 in GBK
    expect(decodeCsv(gbk)).toBe('圆顶机,2')
    const utf8 = Buffer.from('\uFEFF商品编码,数量\nYDJ-2200,"1,200"\n')
    const csvRows = await readQuickOrderFile('order.CSV', utf8.toString('base64'))
    expect(csvRows).toEqual([{ line: 2, reference: 'YDJ-2200', quantity: 1200 }])
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('订单')
    sheet.addRow(['SKU', 'Quantity'])
    sheet.addRow([null, 'YDJ-2200', 3])
    sheet.addRow([])
    sheet.addRow(['HB-M8', { formula: '10*2', result: 20 }])
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    const rows = await readQuickOrderFile('order.xlsx', bytes.toString('base64'))
    expect(rows).toEqual([
      { line: 2, reference: 'YDJ-2200', quantity: 3 },
      { line: 4, reference: 'HB-M8', quantity: 20 },
    ])
  })

  it('refuses unsupported, unreadable and signed-out cases with codes', async () => {
    await expect(readQuickOrderFile('order.pdf', 'AAAA')).rejects.toMatchObject({
      code: 'quickOrder.fileUnsupported',
    })
    await expect(
      readQuickOrderFile('order.xlsx', Buffer.from('not a zip').toString('base64')),
    ).rejects.toMatchObject({ code: 'quickOrder.fileUnreadable' })
    const signedOut = createCatalogService({ database: () => null })
    await expect(
      (async () => signedOut.search({ query: 'a', offset: 0, limit: 10 }))(),
    ).rejects.toThrow(expect.objectContaining({ code: 'session.signedOut' }))
    await expect((async () => catalog.product('P404'))()).rejects.toThrow(
      expect.objectContaining({ code: 'catalog.productNotFound' }),
    )
  })

  it('serves categories, products with prices, and a search index that follows every write', async () => {
    // P1–P3, P5, P6, P8 are on sale (P4, P7 are discontinued).
    expect(await catalog.categories()).toEqual([
      { id: 'cat_tools', nameZh: '工具', nameEn: 'Tools', count: 6 },
    ])
    const result = await catalog.search({ query: 'ydj', offset: 0, limit: 10 })
    expect(result.total).toBe(1)
    expect(result.items[0]).toMatchObject({
      sku: 'YDJ-2200',
      unitZh: '个',
      price: { minQuantity: 1, step: 1, previousPrice: null },
    })
    const total = async (query: string) =>
      (await catalog.search({ query, offset: 0, limit: 10, includeOffSale: true })).total
    // Any write to the products reaches the index in the worker, before the next search.
    await db!.run("UPDATE products SET sku = 'NEW-1' WHERE id = 'P1'")
    expect(await total('new-1')).toBe(1)
    expect(await total('ydj-2200')).toBe(0)
    await db!.run("UPDATE products SET sku = 'YDJ-2200' WHERE id = 'P1'")
    expect(await total('new-1')).toBe(0)
    // A transaction rolled back leaves the index as it was; a committed one is seen.
    await expect(
      db!.transaction(async () => {
        await db!.run("DELETE FROM products WHERE id = 'P6'")
        expect(await total('gr-1')).toBe(0)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await total('gr-1')).toBe(1)
    const row = await db!.get<Record<string, unknown>>("SELECT * FROM products WHERE id = 'P6'")
    await db!.run("DELETE FROM products WHERE id = 'P6'")
    expect(await total('gr-1')).toBe(0)
    const columns = Object.keys(row!)
    await db!.run(
      `INSERT INTO products (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((column) => row![column] as string | number | null),
    )
    expect(await total('gr-1')).toBe(1)
    expect(await total('')).toBe(8)
    // A product whose id changes is found under its new id only.
    await db!.run("UPDATE products SET id = 'P6X' WHERE id = 'P6'")
    const renamed = await catalog.search({ query: 'gr-1', offset: 0, limit: 10 })
    expect(renamed.items.map((item) => item.id)).toEqual(['P6X'])
    expect(await total('')).toBe(8)
    // An update and an insert rolled back leave the index as it was.
    await expect(
      db!.transaction(async () => {
        await db!.run("UPDATE products SET sku = 'TMP-9' WHERE id = 'P8'")
        await db!.run(
          `INSERT INTO products (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((column) =>
            column === 'id' ? 'P9' : column === 'sku' ? 'TMP-10' : (row![column] as string),
          ),
        )
        expect(await total('tmp')).toBe(2)
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await total('tmp')).toBe(0)
    expect(await total('gr-2')).toBe(1)
    expect(await total('')).toBe(8)
  })
})

describe('the search index in the cache worker', () => {
  it('lists only priced products while the first sync of prices runs, and says so', async () => {
    const cache = await catalogCache(
      [
        product('A1', { sku: 'A-1', nameZh: '扳手 甲' }),
        product('A2', { sku: 'A-2', nameZh: '扳手 乙' }),
        product('A3', { sku: 'A-3', nameZh: '扳手 丙' }),
      ],
      [priceItem('A2')],
      { synced: false },
    )
    try {
      const catalog = createCatalogService({ database: () => cache.db })
      const page = await catalog.search({ query: '扳手', offset: 0, limit: 10 })
      expect(page.syncing).toEqual({ products: true, prices: true })
      expect(page.items.map((item) => item.sku)).toEqual(['A-2'])
      expect(page.items[0]!.price).not.toBeNull()
      expect(page.total).toBe(1)
      // Once prices are synced, every product is listed again (unpriced ones too).
      for (const feed of ['products', 'priceLists', 'priceItems:pl_std'])
        await cache.db.run(
          'INSERT INTO sync_cursors (feed, since, after, updated_at, full_sync_done) VALUES (?, 0, NULL, 0, 1)',
          [feed],
        )
      const synced = await catalog.search({ query: '扳手', offset: 0, limit: 10 })
      expect(synced.syncing).toEqual({ products: false, prices: false })
      expect(synced.items.map((item) => item.sku)).toEqual(['A-1', 'A-2', 'A-3'])
    } finally {
      await cache.dispose()
    }
  })

  it('is built in slices: ops sent meanwhile go first, a search waits for it', async () => {
    const many = Array.from({ length: 3500 }, (_, index) =>
      product(`M${index}`, { sku: `BULK-${String(index).padStart(4, '0')}`, nameZh: '扳手' }),
    )
    const cache = await catalogCache(many, [])
    try {
      const catalog = createCatalogService({ database: () => cache.db })
      // Sent together: the build starts, then a read and a status go before its first slice,
      // and the search is held until the index is complete.
      catalog.onDataChanged([])
      const [count, status, found] = await Promise.all([
        cache.db.get<{ n: number }>('SELECT count(*) AS n FROM products'),
        cache.db.catalog('catalogStatus', {}),
        catalog.search({ query: '扳手', offset: 0, limit: 5 }),
      ])
      expect(count?.n).toBe(3500)
      expect(status.state).toBe('building')
      expect(found.total).toBe(3500)
      expect(found.items.map((item) => item.sku)).toEqual([
        'BULK-0000',
        'BULK-0001',
        'BULK-0002',
        'BULK-0003',
        'BULK-0004',
      ])
    } finally {
      await cache.dispose()
    }
  })
})

describe('quick order candidates when many discontinued products match', () => {
  it('still offers every product on sale when discontinued ones would rank first', async () => {
    const old = Array.from({ length: 12 }, (_, index) =>
      product(`Q${index}`, {
        sku: `ZJ-0${index}`,
        nameZh: index < 6 ? '支架' : `支架 旧款 ${index}`,
        status: 'offSale',
      }),
    )
    const current = [
      product('Q20', { sku: 'ZJ-920', nameZh: '支架 新款 20' }),
      product('Q21', { sku: 'ZJ-921', nameZh: '支架 新款 21' }),
      product('Q22', { sku: 'ZJ-922', nameZh: '支架' }),
    ]
    const cache = await catalogCache(
      [...old, ...current],
      [...old, ...current].map((item) => priceItem(item.id)),
    )
    try {
      const catalog = createCatalogService({ database: () => cache.db })
      const { rows } = await catalog.matchQuickOrder(
        parsePastedOrder('ZJ\t1\n支架\t1\n支架 旧款\t1\nZJ-0\t1'),
      )
      // A search whose first ranked hits are discontinued still offers the three on sale.
      expect(rows[0]!.status).toBe('ambiguous')
      const candidates = await catalog.quickOrderCandidates('ZJ')
      expect(candidates.map((product) => product.id).sort()).toEqual(['Q20', 'Q21', 'Q22'])
      // Seven products named exactly 支架, six discontinued: the one on sale is matched.
      expect(rows[1]).toMatchObject({ status: 'matched', productId: 'Q22' })
      // Only discontinued ones match: not orderable, with the reason (never a candidate).
      for (const row of rows.slice(2)) {
        expect(row).toMatchObject({ status: 'notSellable', problem: 'order.productOffSale' })
        expect(await catalog.quickOrderCandidates(row.reference)).toEqual([])
      }
    } finally {
      await cache.dispose()
    }
  })
})

describe('the quick-order answer contract', () => {
  const row = {
    line: 1,
    reference: 'X',
    requestedQuantity: 1,
    status: 'matched' as const,
    productId: 'P1',
    quantity: 1,
    adjustment: null,
    problem: null,
  }
  const product = (id: string) => ({
    id,
    sku: id,
    nameZh: id,
    nameEn: id,
    status: 'onSale' as const,
    price: { minQuantity: 1, step: 1 },
  })

  it('refuses a row naming a product the answer does not carry', () => {
    expect(QuickOrderResult.safeParse({ products: [product('P2')], rows: [row] }).success).toBe(
      false,
    )
    expect(QuickOrderResult.safeParse({ products: [], rows: [row] }).success).toBe(false)
    expect(QuickOrderResult.safeParse({ products: [product('P1')], rows: [row] }).success).toBe(
      true,
    )
  })
})

describe("how many of an ambiguous name's products a paste reads", () => {
  /** `count` products named 支架 (the orderable ones at `orderable`), and the ids each read asked. */
  function source(count: number, orderable: number[]) {
    const reads: string[][] = []
    const ids = Array.from({ length: count }, (_, index) => `Z${index}`)
    const products = ids.map((id, index) => ({
      ...{ id, sku: `ZJ-${index}`, barcode: '', nameZh: '支架', nameEn: 'Stand', specZh: '' },
      ...{ specEn: '', unitZh: '个', unitEn: 'piece', categoryId: 'c', categoryNameZh: '' },
      categoryNameEn: '',
      status: orderable.includes(index) ? ('onSale' as const) : ('offSale' as const),
      price: {
        ...{ priceListId: 'pl', priceListNameZh: '', priceListNameEn: '', price: 100 },
        ...{ tiers: [], minQuantity: 1, step: 1, previousPrice: null, priceChangedAt: null },
      },
    }))
    const catalog: QuickOrderSource<(typeof products)[number]> = {
      index: () =>
        Promise.resolve({
          exactCode: () => [],
          exactName: (reference: string) => (reference === '支架' ? ids : []),
          search: () => ({ total: 0, ids: [] }),
        }),
      products: (wanted) => {
        reads.push([...wanted])
        return Promise.resolve(products.filter((product) => wanted.includes(product.id)))
      },
    }
    return { catalog, reads }
  }
  const paste = parsePastedOrder('支架\t1\n支架\t2')

  it('reads only the first few when two of them can be ordered (the picker reads the rest)', async () => {
    const { catalog, reads } = source(60, [0, 2, 5, 7])
    const { rows, products } = await matchQuickOrderRows(paste, catalog)
    expect(rows.map((row) => row.status)).toEqual(['ambiguous', 'ambiguous'])
    expect(products).toEqual([])
    expect(reads).toEqual([['Z0', 'Z1', 'Z2', 'Z3']])
    const candidates = await quickOrderCandidates('支架', catalog)
    expect(candidates.map((product) => product.id)).toEqual(['Z0', 'Z2', 'Z5', 'Z7'])
  })

  it('reads the rest when the first few hold fewer than two that can be ordered', async () => {
    const ambiguous = source(60, [1, 40])
    const result = await matchQuickOrderRows(paste, ambiguous.catalog)
    expect(result.rows.map((row) => row.status)).toEqual(['ambiguous', 'ambiguous'])
    expect(ambiguous.reads.map((ids) => ids.length)).toEqual([4, 56])
    // One orderable among them all: matched, as when every product was read at once.
    const one = await matchQuickOrderRows(paste, source(60, [30]).catalog)
    expect(one.rows.map((row) => [row.status, row.productId])).toEqual([
      ['matched', 'Z30'],
      ['matched', 'Z30'],
    ])
    // None: the first, not orderable, with the reason.
    const none = await matchQuickOrderRows(paste, source(60, []).catalog)
    expect(none.rows[0]).toMatchObject({ status: 'notSellable', productId: 'Z0' })
  })
})
