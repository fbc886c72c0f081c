/**
 * The in-memory search index of the dealer's products, built from the cache's `products` columns
 * in one SELECT (no record JSON). Matches a query (normalised: NFKC so full-width → half-width,
 * lower case, whitespace removed) against SKU, barcode, Chinese and English name, full pinyin and
 * pinyin initials. Ranking, each tier in SKU order (then id), so results are deterministic:
 *   0. exact SKU or barcode;
 *   1. prefix of any of the six fields;
 *   2. contained in any of them.
 * Candidates come from unigram/bigram posting lists (gramIndex.ts): every product holding all the
 * query's bigrams; each candidate is then checked (equals / startsWith / includes) for its tier.
 * Ranking all matches is O(candidates) plus, for more than n/8 matches, one pass over the rank
 * order, so `total` is exact.
 * The last few ordered results are kept, so paging through one query costs a slice.
 */
import type { CacheDatabase } from '../cache/cacheDatabase'
import { buildGramIndex, type GramIndex } from './gramIndex'
import { normalizeSearchText } from './searchText'

export interface SearchOptions {
  categoryId?: string
  includeOffSale?: boolean
}

export interface CatalogIndex {
  readonly size: number
  /** Product ids of matches [offset, offset + limit) in rank order, and the count of all matches. */
  search(query: string, options: SearchOptions, offset: number, limit: number): { total: number; ids: string[] }
  /** Products whose normalised SKU or barcode equals `reference`'s (SKU first). */
  exactCode(reference: string): string[]
  /** Products whose normalised Chinese or English name equals `reference`'s. */
  exactName(reference: string): string[]
  /** On-sale product count per category id. */
  categoryCounts(): Map<string, number>
}

type Column = 'id' | 'sku' | 'barcode' | 'name_zh' | 'name_en' | 'pinyin_full' | 'pinyin_initials' | 'category_id' | 'status'
const UNIT_SEPARATOR = '\x1f'

/**
 * `names` columns of every product (rowid order) as strings, column-major. One SELECT packing all
 * rows into one string (4× faster in sql.js than a row object per product); if a value holds the
 * separator, row by row. Substrings of the packed string keep it alive (V8 sliced strings), so
 * the short columns kept as they are (ids, codes) are read apart from the long ones (names).
 */
function readColumns(db: CacheDatabase, names: readonly Column[]): { count: number; column(name: Column): string[] } {
  const count = Number(db.get<{ count: number }>('SELECT count(*) AS count FROM products')?.count ?? 0)
  const packedColumns = names.map((name) => `ifnull(${name}, '')`).join(' || char(31) || ')
  const packed =
    db.get<{ packed: string | null }>(`SELECT group_concat(row, char(31)) AS packed FROM (SELECT ${packedColumns} AS row FROM products ORDER BY rowid)`)
      ?.packed ?? ''
  const cells = count === 0 ? [] : packed.split(UNIT_SEPARATOR)
  if (cells.length === count * names.length) {
    return { count, column: (name) => Array.from({ length: count }, (_, row) => cells[row * names.length + names.indexOf(name)]!) }
  }
  const rows = db.all<Record<Column, string | null>>(`SELECT ${names.join(', ')} FROM products ORDER BY rowid`)
  return { count: rows.length, column: (name) => rows.map((row) => row[name] ?? '') }
}

const TIER_NONE = 255
const SEPARATOR = '\x01'

const CACHED_RESULTS = 4

/**
 * The kept per-product values. Built apart from buildCatalogIndex so nothing its closures capture
 * can hold on to the packed column strings.
 */
function readFields(db: CacheDatabase) {
  const columns = readColumns(db, ['id', 'sku', 'barcode', 'category_id', 'status'])
  const nameColumns = readColumns(db, ['name_zh', 'name_en', 'pinyin_full', 'pinyin_initials'])
  const count = Math.min(columns.count, nameColumns.count)
  const ids = columns.column('id').slice(0, count)
  const sku = columns.column('sku').slice(0, count).map(normalizeSearchText)
  const barcode = columns.column('barcode').slice(0, count).map(normalizeSearchText)
  // A product's fields joined into two strings, each field closed by SEPARATOR, so one `includes`
  // tests several fields (SEPARATOR + query = a prefix of some field): `latin` holds SKU, barcode,
  // English name, pinyin and initials (usually one-byte, which V8 searches fastest), `han` the
  // Chinese name. Normalised queries never hold SEPARATOR. join() makes flat strings.
  const han = nameColumns.column('name_zh').slice(0, count).map((name) => ['', normalizeSearchText(name), ''].join(SEPARATOR))
  const [nameEn, pinyinFull, initials] = (['name_en', 'pinyin_full', 'pinyin_initials'] as const).map((name) =>
    nameColumns.column(name).map(normalizeSearchText),
  ) as [string[], string[], string[]]
  const latin = sku.map((code, product) => ['', code, barcode[product], nameEn[product], pinyinFull[product], initials[product], ''].join(SEPARATOR))
  const offSale = Uint8Array.from(columns.column('status').slice(0, count), (status) => (status === 'offSale' ? 1 : 0))
  const categoryNumbers = new Map<string, number>()
  const categoryOf = Int32Array.from(columns.column('category_id').slice(0, count), (category) => {
    const key = `${category}`
    let number = categoryNumbers.get(key)
    if (number === undefined) categoryNumbers.set(key, (number = categoryNumbers.size))
    return number
  })
  return { count, ids, sku, barcode, han, latin, offSale, categoryNumbers, categoryOf }
}

export function buildCatalogIndex(db: CacheDatabase): CatalogIndex {
  const { count, ids, sku, barcode, han, latin, offSale, categoryNumbers, categoryOf } = readFields(db)

  // Rank = position in (SKU, id) order; byRank is its inverse.
  const byRank = Int32Array.from({ length: count }, (_, product) => product).sort((a, b) =>
    sku[a]! < sku[b]! ? -1 : sku[a]! > sku[b]! ? 1 : ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0,
  )
  const rank = new Int32Array(count)
  byRank.forEach((product, position) => (rank[product] = position))

  const grams: GramIndex = buildGramIndex(count, (product) => [latin[product]!, han[product]!])


  const tier = new Uint8Array(count).fill(TIER_NONE)
  const recent = new Map<string, Int32Array>()

  /**
   * Exact SKU/barcode and name tables for quick order, built on its first use (~100 ms, ~20 MB at
   * 100k): code → products (SKU matches before barcode matches), name → products, in rank order.
   */
  type ExactTable = Map<string, number | number[]>
  let exact: { codes: ExactTable; names: ExactTable } | null = null
  function exactTables(): { codes: ExactTable; names: ExactTable } {
    if (exact) return exact
    const codes: ExactTable = new Map()
    const names: ExactTable = new Map()
    // A single product is stored as a number (most keys), several as an array.
    const add = (map: ExactTable, key: string, product: number) => {
      if (key === '') return
      const known = map.get(key)
      if (known === undefined) map.set(key, product)
      else if (typeof known === 'number') {
        if (known !== product) map.set(key, [known, product])
      } else if (!known.includes(product)) known.push(product)
    }
    for (const product of byRank) add(codes, sku[product]!, product)
    for (const product of byRank) add(codes, barcode[product]!, product)
    for (const product of byRank) {
      add(names, han[product]!.slice(1, -1), product)
      add(names, latin[product]!.split(SEPARATOR)[3]!, product)
    }
    exact = { codes, names }
    return exact
  }
  const productsOf = (found: number | number[] | undefined): string[] =>
    found === undefined ? [] : typeof found === 'number' ? [ids[found]!] : found.map((product) => ids[product]!)

  /** The tier of `product` for `query`, or TIER_NONE. */
  function tierOf(product: number, query: string, fieldStart: string, containsKnown: boolean): number {
    if (sku[product] === query || barcode[product] === query) return 0
    if (latin[product]!.includes(fieldStart) || han[product]!.includes(fieldStart)) return 1
    if (containsKnown || latin[product]!.includes(query) || han[product]!.includes(query)) return 2
    return TIER_NONE
  }

  function ranked(query: string, options: SearchOptions): Int32Array {
    const category = options.categoryId === undefined ? -1 : (categoryNumbers.get(options.categoryId) ?? -2)
    if (category === -2) return new Int32Array(0)
    const allowed = (product: number) => (options.includeOffSale || offSale[product] === 0) && (category === -1 || categoryOf[product] === category)
    if (query === '') {
      const all = new Int32Array(count)
      let size = 0
      for (const product of byRank) if (allowed(product)) all[size++] = product
      return all.slice(0, size)
    }
    const touched: number[] = []
    try {
      const exact = grams.exactFor(query)
      const fieldStart = SEPARATOR + query
      const visit = (product: number) => {
        if (!allowed(product)) return
        const level = tierOf(product, query, fieldStart, exact)
        if (level === TIER_NONE) return
        tier[product] = level
        touched.push(product)
      }
      const candidates = grams.candidates(query)
      if (candidates) for (const product of candidates) visit(product)
      else for (let product = 0; product < count; product++) visit(product)
      return order(touched)
    } finally {
      for (const product of touched) tier[product] = TIER_NONE
    }
  }

  /** Touched products by (tier, rank): a sort for few matches, one pass over the rank order for many. */
  function order(touched: number[]): Int32Array {
    const out = new Int32Array(touched.length)
    if (touched.length * 8 < count) {
      const keys = Float64Array.from(touched, (product) => tier[product]! * count + rank[product]!).sort()
      keys.forEach((key, index) => (out[index] = byRank[key % count]!))
      return out
    }
    const next = [0, 0, 0]
    for (const product of touched) next[tier[product]!]!++
    next[2] = next[0]! + next[1]!
    next[1] = next[0]!
    next[0] = 0
    for (let position = 0; position < count; position++) {
      const product = byRank[position]!
      const level = tier[product]!
      if (level !== TIER_NONE) out[next[level]!++] = product
    }
    return out
  }

  return {
    size: count,
    search(query, options, offset, limit) {
      const normalised = normalizeSearchText(query)
      const key = `${normalised}\n${options.categoryId ?? ''}\n${options.includeOffSale ? 1 : 0}`
      let result = recent.get(key)
      if (result) recent.delete(key)
      else result = ranked(normalised, options)
      recent.set(key, result)
      if (recent.size > CACHED_RESULTS) recent.delete(recent.keys().next().value as string)
      return { total: result.length, ids: Array.from(result.subarray(offset, offset + limit), (product) => ids[product]!) }
    },
    exactCode(reference) {
      return productsOf(exactTables().codes.get(normalizeSearchText(reference)))
    },
    exactName(reference) {
      return productsOf(exactTables().names.get(normalizeSearchText(reference)))
    },
    categoryCounts() {
      const perNumber = new Int32Array(categoryNumbers.size)
      for (let product = 0; product < count; product++) if (offSale[product] === 0) perNumber[categoryOf[product]!]!++
      return new Map([...categoryNumbers].map(([category, number]) => [category, perNumber[number]!]))
    },
  }
}
