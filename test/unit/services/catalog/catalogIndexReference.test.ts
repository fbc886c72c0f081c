/**
 * The index against a plain reference of the search rules (catalogIndex.ts): every token in some
 * field; tier 0 the whole query as SKU or barcode, 1 the first token opening a field, 2 the rest;
 * each tier in SKU then id order. Random products over a small vocabulary, so that grams are held
 * by many documents of a segment (bitmaps) and by few (lists), in several segments, with products
 * replaced and removed.
 */
import { describe, expect, it } from 'vitest'
import {
  createCatalogIndex,
  SEGMENT_SIZE,
  type IndexedProduct,
  type SearchOptions,
} from '../../../../electron/services/catalog/catalogIndex'
import { normalizeSearchText, searchTokens } from '../../../../electron/services/catalog/searchText'

let seed = 11
const random = (size: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return (seed >>> 8) % size
}
const pick = <T>(values: readonly T[]): T => values[random(values.length)]!
const ZH = [...'圆顶机不锈钢六角螺栓自攻钉扳手电钻套装铝制抽芯铆工业蓝黑']
const EN = [
  'Hex',
  'bolt',
  'Dome',
  'machine',
  'rivet',
  'STAINLESS',
  'kit',
  'M8×30',
  'Ｍ１０',
  'Café',
  'ﬁx…①',
]
const text = (parts: readonly string[], count: number, glue: string) =>
  Array.from({ length: count }, () => pick(parts)).join(glue)

function randomProduct(id: string): IndexedProduct {
  return {
    id,
    sku: `${pick(['HB', 'RV', 'sk', 'ＹＤＪ'])}-${random(400)}${pick(['', 'A', '-x'])}`,
    barcode: random(5) === 0 ? '' : `69${random(3000)}`,
    nameZh: text(ZH, 2 + random(6), random(3) === 0 ? ' ' : ''),
    nameEn: text(EN, 1 + random(3), ' '),
    specZh: random(2) ? `${random(500)}支/盒 · ${text(ZH, 2, '')}` : '',
    specEn: random(2) ? `${random(500)} pcs/box` : '',
    pinyinFull: text(['yuan', 'ding', 'ji', 'luo', 'shuan'], 1 + random(3), ''),
    pinyinInitials: text(['y', 'd', 'j', 'l', 's'], 1 + random(3), ''),
    categoryId: `c${random(3)}`,
    status: random(10) === 0 ? 'offSale' : 'onSale',
  }
}

function reference(products: Map<string, IndexedProduct>) {
  const entries = [...products.values()].map((product) => {
    const sku = normalizeSearchText(product.sku)
    const barcode = normalizeSearchText(product.barcode)
    const fields = [
      sku,
      barcode,
      product.nameEn,
      product.pinyinFull,
      product.pinyinInitials,
      product.specEn,
      product.nameZh,
      product.specZh,
    ].map(normalizeSearchText)
    return { product, sku, barcode, fields }
  })
  entries.sort((a, b) =>
    a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.product.id < b.product.id ? -1 : 1,
  )
  return (query: string, options: SearchOptions): string[] => {
    const tokens = searchTokens(query)
    const whole = tokens.join('')
    const tiers: string[][] = [[], [], []]
    for (const { product, sku, barcode, fields } of entries) {
      if (!options.includeOffSale && product.status === 'offSale') continue
      if (options.categoryId !== undefined && product.categoryId !== options.categoryId) continue
      if (tokens.length === 0) tiers[2]!.push(product.id)
      else if (sku === whole || barcode === whole) tiers[0]!.push(product.id)
      else if (tokens.every((token) => fields.some((field) => field.includes(token))))
        tiers[fields.some((field) => field.startsWith(tokens[0]!)) ? 1 : 2]!.push(product.id)
    }
    return tiers.flat()
  }
}

/** Queries cut from the products' own fields (any case or width), plus a few of no product. */
function queriesFor(products: readonly IndexedProduct[]): string[] {
  const queries = ['', ' ', 'x', 'X', '螺', '圆顶', 'hex bolt', 'zzz', 'm8x30', '六角 螺栓', '-']
  for (let round = 0; round < 300; round++) {
    const product = pick(products)
    const field = pick([
      product.sku,
      product.barcode,
      product.nameZh,
      product.nameEn,
      product.specZh,
      product.pinyinFull,
    ])
    const start = random(Math.max(1, field.length))
    let query = field.slice(start, start + 1 + random(8))
    if (random(3) === 0) query = query.toUpperCase()
    if (random(4) === 0) query = `${query} ${pick(EN).slice(0, 3)}`
    if (random(5) === 0) query = field
    queries.push(query)
  }
  return queries
}

describe('catalog index against the reference rules', () => {
  it('answers every query as the reference does, across segments, replacements and removals', () => {
    const index = createCatalogIndex()
    const current = new Map<string, IndexedProduct>()
    const upsert = (products: IndexedProduct[]) => {
      index.upsert(products)
      for (const product of products) current.set(product.id, product)
    }
    const count = SEGMENT_SIZE * 2 + 600
    const all = Array.from({ length: count }, (_, n) => randomProduct(`P${n}`))
    for (let start = 0; start < count; start += 700) upsert(all.slice(start, start + 700))
    const check = () => {
      const expected = reference(current)
      for (const query of queriesFor([...current.values()]))
        for (const options of [{}, { includeOffSale: true }, { categoryId: 'c1' }]) {
          const found = index.search(query, options, 0, count)
          expect({ query, options, ids: found.ids }).toEqual({
            query,
            options,
            ids: expected(query, options),
          })
          expect(found.total).toBe(found.ids.length)
        }
    }
    check()
    // Replace some (new texts), remove others, add a partial segment.
    upsert(Array.from({ length: 300 }, (_, n) => randomProduct(`P${n * 7}`)))
    const removed = Array.from({ length: 100 }, (_, n) => `P${n * 11 + 3}`)
    index.remove(removed)
    for (const id of removed) current.delete(id)
    upsert(Array.from({ length: 50 }, (_, n) => randomProduct(`Q${n}`)))
    check()
    expect(index.size).toBe(current.size)
  }, 60_000)

  it('finds exact codes and names as the reference does', () => {
    const index = createCatalogIndex()
    const products = Array.from({ length: 1500 }, (_, n) => randomProduct(`P${n}`))
    index.upsert(products)
    for (const product of products.slice(0, 200)) {
      const codes = index.exactCode(product.barcode || product.sku)
      const code = normalizeSearchText(product.barcode || product.sku)
      const bySku = products.filter((other) => normalizeSearchText(other.sku) === code)
      const byBarcode = products.filter(
        (other) => other.barcode !== '' && normalizeSearchText(other.barcode) === code,
      )
      const rank = reference(new Map(products.map((other) => [other.id, other])))('', {
        includeOffSale: true,
      })
      const inRank = (list: IndexedProduct[]) =>
        list.map((other) => other.id).sort((a, b) => rank.indexOf(a) - rank.indexOf(b))
      expect(codes).toEqual([...new Set([...inRank(bySku), ...inRank(byBarcode)])])
      const names = index.exactName(product.nameEn)
      expect(names).toContain(product.id)
      for (const id of names) {
        const other = products.find((candidate) => candidate.id === id)!
        expect([other.nameEn, other.nameZh].map(normalizeSearchText)).toContain(
          normalizeSearchText(product.nameEn),
        )
      }
    }
  })
})
