import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import {
  buildCatalogIndex,
  createCatalogIndex,
  type CatalogIndex,
} from '../../../../electron/services/catalog/catalogIndex'
import { normalizeSearchText } from '../../../../electron/services/catalog/searchText'
import { catalogCache, product } from './catalogFixture'

describe('normalizeSearchText', () => {
  it('folds full-width characters, case and every kind of space', async () => {
    expect(normalizeSearchText('ＹＤＪ－２２００')).toBe('ydj-2200')
    expect(normalizeSearchText(' Hex\u3000Bolt\tM8 ')).toBe('hexboltm8')
    expect(normalizeSearchText('SKU-1')).toBe('sku-1')
  })
})

describe('catalog index', () => {
  let db: CacheDatabase
  let dispose: () => Promise<void>
  let index: CatalogIndex
  beforeAll(async () => {
    ;({ db, dispose } = await catalogCache(
      [
        product('P1', {
          sku: 'YDJ-2200',
          nameZh: '圆顶机',
          nameEn: 'Dome machine',
          barcode: '6900000000017',
          categoryId: 'cat_machines',
        }),
        product('P2', {
          sku: 'HB-M8',
          nameZh: '不锈钢六角螺栓 M8×30',
          nameEn: 'Stainless hex bolt M8×30',
        }),
        product('P3', {
          sku: 'XYDJ-1',
          nameZh: '小圆顶机',
          nameEn: 'Small dome machine',
          categoryId: 'cat_machines',
        }),
        product('P4', { sku: 'AA-1', nameZh: '机油', nameEn: 'Machine oil YDJ-2200 compatible' }),
        product('P5', {
          sku: 'HB-M10',
          nameZh: '六角螺栓 M10',
          nameEn: 'Hex bolt M10',
          status: 'offSale',
        }),
        product('P6', { sku: '6900000000017X', nameZh: '配件', nameEn: 'Spare part' }),
      ],
      [],
    ))
    index = await buildCatalogIndex(db)
  })
  afterAll(() => dispose())

  const ids = (query: string, options = {}) => index.search(query, options, 0, 50).ids

  it('finds 圆顶机 by pinyin initials and by full pinyin', async () => {
    expect(ids('ydj')[0]).toBe('P1')
    expect(ids('yuandingji')).toEqual(['P1', 'P3'])
    expect(ids('YuanDingJi')).toEqual(['P1', 'P3'])
  })

  it('ranks exact SKU first, then prefixes, then contains; ties in SKU order', async () => {
    // P1 exact SKU; P4 contains it in the English name.
    expect(ids('ydj-2200')).toEqual(['P1', 'P4'])
    // P1 by SKU prefix; then contains, in SKU order: P4 (AA-1, English name), P3 (XYDJ-1, SKU)
    expect(ids('ydj')).toEqual(['P1', 'P4', 'P3'])
  })

  it('puts an exact barcode before a SKU that merely starts with it', async () => {
    expect(ids('6900000000017')).toEqual(['P1', 'P6'])
  })

  it('matches Chinese substrings, English words, full-width and spaced queries', async () => {
    expect(ids('六角螺栓')).toEqual(['P2'])
    expect(ids('hex bolt')).toEqual(['P2'])
    expect(ids('ＨＥＸ　ＢＯＬＴ')).toEqual(['P2'])
    expect(ids('螺')).toEqual(['P2'])
  })

  it('hides off-sale products unless asked, and filters by category', async () => {
    expect(ids('m10')).toEqual([])
    expect(ids('m10', { includeOffSale: true })).toEqual(['P5'])
    // Both contain it: SKU order (XYDJ-1 < YDJ-2200).
    expect(ids('machine', { categoryId: 'cat_machines' })).toEqual(['P3', 'P1'])
    expect(ids('', { categoryId: 'cat_unknown' })).toEqual([])
  })

  it('lists everything in SKU order for an empty query and pages with an exact total', async () => {
    // 6900000000017X, AA-1, HB-M8, XYDJ-1, YDJ-2200 (P5 is off sale)
    expect(ids('  ')).toEqual(['P6', 'P4', 'P2', 'P3', 'P1'])
    const page = index.search('', {}, 1, 2)
    expect(page.total).toBe(5)
    expect(page.ids).toHaveLength(2)
  })

  it('ranks a one-letter query (no posting list: every product checked) the same way', async () => {
    // P3 starts with x (SKU XYDJ-1); then contains, in SKU order: P6 (…017X), P2 (hex bolt).
    expect(ids('X')).toEqual(['P3', 'P6', 'P2'])
    expect(ids('机')).toEqual(['P4', 'P3', 'P1'])
  })

  it('answers nothing for unknown text', async () => {
    expect(index.search('zzzz', {}, 0, 10)).toEqual({ total: 0, ids: [] })
  })

  it('looks up exact codes and names for quick order', async () => {
    expect(index.exactCode('ydj-2200')).toEqual(['P1'])
    expect(index.exactCode('6900000000017')).toEqual(['P1'])
    expect(index.exactName('DOME MACHINE')).toEqual(['P1'])
    expect(index.exactName('圆顶机')).toEqual(['P1'])
  })

  it('counts on-sale products per category', async () => {
    expect(Object.fromEntries(index.categoryCounts())).toEqual({ cat_machines: 2, cat_tools: 3 })
  })
})

describe('catalog index: several words, sizes and specifications (issue 17, bug 5)', () => {
  let db: CacheDatabase
  let dispose: () => Promise<void>
  let index: CatalogIndex
  beforeAll(async () => {
    ;({ db, dispose } = await catalogCache(
      [
        product('R1', {
          sku: 'RV-304-3206',
          nameZh: '不锈钢抽芯铆钉 3.2×6',
          nameEn: 'Stainless blind rivet 3.2×6',
          specZh: '304不锈钢 · 1000支/盒',
          specEn: '304 stainless · 1000 pcs/box',
          barcode: '6901234500011',
        }),
        product('R2', {
          sku: 'RV-AL-4010',
          nameZh: '铝制抽芯铆钉 4.0×10',
          nameEn: 'Aluminium blind rivet 4.0×10',
          specZh: '铝 · 500支/盒',
          specEn: 'aluminium · 500 pcs/box',
          barcode: '6901234500028',
        }),
        product('R3', {
          sku: 'HB-304-M8',
          nameZh: '不锈钢六角螺栓 M8×30',
          nameEn: 'Stainless hex bolt M8×30',
          specZh: '304 · GB/T 5783',
          specEn: '304 · GB/T 5783',
          barcode: '6901234500035',
        }),
      ],
      [],
    ))
    index = await buildCatalogIndex(db)
  })
  afterAll(() => dispose())

  const ids = (query: string) => index.search(query, {}, 0, 50).ids

  it('matches every word, in any order, across names and specifications', async () => {
    expect(ids('不锈钢 铆钉')).toEqual(['R1'])
    expect(ids('铆钉 不锈钢')).toEqual(['R1'])
    expect(ids('304 3.2×6')).toEqual(['R1'])
    expect(ids('304 铆钉')).toEqual(['R1'])
    expect(ids('304')).toEqual(['R3', 'R1'])
    expect(ids('rivet 500支')).toEqual(['R2'])
    expect(ids('不锈钢 铝')).toEqual([])
  })

  it('lets x stand for × and full-width forms for half-width ones', async () => {
    expect(ids('3.2x6')).toEqual(['R1'])
    expect(ids('304 3.2X6')).toEqual(['R1'])
    expect(ids('m8x30')).toEqual(['R3'])
    expect(ids('３０４　３．２ｘ６')).toEqual(['R1'])
    expect(ids('ＲＶ－ＡＬ')).toEqual(['R2'])
  })

  it('matches words against codes and pinyin too, the exact code first', async () => {
    expect(ids('rv 4010')).toEqual(['R2'])
    expect(ids('buxiugang maoding')).toEqual(['R1'])
    expect(ids('6901234500011')).toEqual(['R1'])
    expect(ids('hb-304-m8')).toEqual(['R3'])
  })
})

describe('catalog index fed page by page', () => {
  it('grows by segments, replaces products seen again and forgets removed ones', async () => {
    const index = createCatalogIndex()
    const entry = (id: string, sku: string, nameZh: string, status = 'onSale') => ({
      id,
      sku,
      barcode: `69${id}`,
      nameZh,
      nameEn: '',
      specZh: '',
      specEn: '',
      pinyinFull: '',
      pinyinInitials: '',
      categoryId: 'c',
      status,
    })
    index.upsert([entry('1', 'B-1', '扳手'), entry('2', 'D-1', '电钻')])
    index.upsert([entry('3', 'A-1', '扳手套装')])
    expect(index.search('扳手', {}, 0, 10)).toEqual({ total: 2, ids: ['3', '1'] })
    expect(index.search('', {}, 0, 10).ids).toEqual(['3', '1', '2'])
    index.upsert([entry('1', 'C-1', '活动扳手')])
    expect(index.search('扳手', {}, 0, 10).ids).toEqual(['3', '1'])
    expect(index.search('', {}, 0, 10).ids).toEqual(['3', '1', '2'])
    expect(index.exactCode('b-1')).toEqual([])
    expect(index.exactCode('c-1')).toEqual(['1'])
    index.remove(['3'])
    expect(index.search('扳手', {}, 0, 10).ids).toEqual(['1'])
    expect(index.size).toBe(2)
    expect(index.waste).toBeCloseTo(2 / 4)
    expect(Object.fromEntries(index.categoryCounts())).toEqual({ c: 2 })
  })
})
