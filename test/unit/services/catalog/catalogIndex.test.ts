import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import { buildCatalogIndex, type CatalogIndex } from '../../../../electron/services/catalog/catalogIndex'
import { normalizeSearchText } from '../../../../electron/services/catalog/searchText'
import { catalogCache, product } from './catalogFixture'

describe('normalizeSearchText', () => {
  it('folds full-width characters, case and every kind of space', () => {
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
        product('P1', { sku: 'YDJ-2200', nameZh: '圆顶机', nameEn: 'Dome machine', barcode: '6900000000017', categoryId: 'cat_machines' }),
        product('P2', { sku: 'HB-M8', nameZh: '不锈钢六角螺栓 M8×30', nameEn: 'Stainless hex bolt M8×30' }),
        product('P3', { sku: 'XYDJ-1', nameZh: '小圆顶机', nameEn: 'Small dome machine', categoryId: 'cat_machines' }),
        product('P4', { sku: 'AA-1', nameZh: '机油', nameEn: 'Machine oil YDJ-2200 compatible' }),
        product('P5', { sku: 'HB-M10', nameZh: '六角螺栓 M10', nameEn: 'Hex bolt M10', status: 'offSale' }),
        product('P6', { sku: '6900000000017X', nameZh: '配件', nameEn: 'Spare part' }),
      ],
      [],
    ))
    index = buildCatalogIndex(db)
  })
  afterAll(() => dispose())

  const ids = (query: string, options = {}) => index.search(query, options, 0, 50).ids

  it('finds 圆顶机 by pinyin initials and by full pinyin', () => {
    expect(ids('ydj')[0]).toBe('P1')
    expect(ids('yuandingji')).toEqual(['P1', 'P3'])
    expect(ids('YuanDingJi')).toEqual(['P1', 'P3'])
  })

  it('ranks exact SKU first, then prefixes, then contains; ties in SKU order', () => {
    // P1 exact SKU; P4 contains it in the English name.
    expect(ids('ydj-2200')).toEqual(['P1', 'P4'])
    // P1 by SKU prefix; then contains, in SKU order: P4 (AA-1, English name), P3 (XYDJ-1, SKU)
    expect(ids('ydj')).toEqual(['P1', 'P4', 'P3'])
  })

  it('puts an exact barcode before a SKU that merely starts with it', () => {
    expect(ids('6900000000017')).toEqual(['P1', 'P6'])
  })

  it('matches Chinese substrings, English words, full-width and spaced queries', () => {
    expect(ids('六角螺栓')).toEqual(['P2'])
    expect(ids('hex bolt')).toEqual(['P2'])
    expect(ids('ＨＥＸ　ＢＯＬＴ')).toEqual(['P2'])
    expect(ids('螺')).toEqual(['P2'])
  })

  it('hides off-sale products unless asked, and filters by category', () => {
    expect(ids('m10')).toEqual([])
    expect(ids('m10', { includeOffSale: true })).toEqual(['P5'])
    // Both contain it: SKU order (XYDJ-1 < YDJ-2200).
    expect(ids('machine', { categoryId: 'cat_machines' })).toEqual(['P3', 'P1'])
    expect(ids('', { categoryId: 'cat_unknown' })).toEqual([])
  })

  it('lists everything in SKU order for an empty query and pages with an exact total', () => {
    // 6900000000017X, AA-1, HB-M8, XYDJ-1, YDJ-2200 (P5 is off sale)
    expect(ids('  ')).toEqual(['P6', 'P4', 'P2', 'P3', 'P1'])
    const page = index.search('', {}, 1, 2)
    expect(page.total).toBe(5)
    expect(page.ids).toHaveLength(2)
  })

  it('ranks a one-letter query (no posting list: every product checked) the same way', () => {
    // P3 starts with x (SKU XYDJ-1); then contains, in SKU order: P6 (…017X), P2 (hex bolt).
    expect(ids('X')).toEqual(['P3', 'P6', 'P2'])
    expect(ids('机')).toEqual(['P4', 'P3', 'P1'])
  })

  it('answers nothing for unknown text', () => {
    expect(index.search('zzzz', {}, 0, 10)).toEqual({ total: 0, ids: [] })
  })

  it('looks up exact codes and names for quick order', () => {
    expect(index.exactCode('ydj-2200')).toEqual(['P1'])
    expect(index.exactCode('6900000000017')).toEqual(['P1'])
    expect(index.exactName('DOME MACHINE')).toEqual(['P1'])
    expect(index.exactName('圆顶机')).toEqual(['P1'])
  })

  it('counts on-sale products per category', () => {
    expect(Object.fromEntries(index.categoryCounts())).toEqual({ cat_machines: 2, cat_tools: 3 })
  })
})
