/**
 * The in-memory search index of the dealer's products. Compact: per product its id, its SKU and
 * two joined field texts (normalised straight into them: no string per field) and typed-array
 * slots, grams in segments (gramIndex.ts: bitmaps and 16-bit lists). At 100k products (the
 * sandbox catalog, bench/profileIndex.ts) it holds ~39 MB of heap and ~10 MB of typed arrays.
 * It grows page by page: `upsert` appends products as a new segment (a product seen again is
 * replaced: its old slot is marked dead), so a sync makes every page searchable as it lands and a
 * cache opens without one long build (the cache worker, catalogWorker.ts, reads it in slices).
 *
 * Matching: the query (normalised: NFKC so full-width → half-width, lower case, × → x) is split
 * into tokens at whitespace; every token must occur, in any order, in the SKU, barcode, Chinese or
 * English name, specification, full pinyin or pinyin initials. Ranking, each tier in SKU order
 * (then id), so results are deterministic:
 *   0. the whole query (spaces removed) is the exact SKU or barcode;
 *   1. the first token is a prefix of one of the fields;
 *   2. otherwise.
 * Candidates, per segment, are the documents holding every unigram/bigram of every token (a
 * bitmap ANDed with each gram's); each is then checked (equals / startsWith / includes) for its
 * tier. `total` is exact. The last few ordered results are kept, so paging through one query
 * costs a slice.
 */
import type { CacheSql } from '../cache/cacheDatabase'
import {
  buildGramSegment,
  fillDocuments,
  forEachDocument,
  gramsAreExact,
  type GramSegment,
} from './gramIndex'
import { createFieldJoiner, FIELD_SEPARATOR, normalizeSearchText, searchTokens } from './searchText'

export interface SearchOptions {
  categoryId?: string
  includeOffSale?: boolean
}

/** What the index needs of a product (the cache's columns plus the specifications). */
export interface IndexedProduct {
  id: string
  sku: string
  barcode: string
  nameZh: string
  nameEn: string
  specZh: string
  specEn: string
  pinyinFull: string
  pinyinInitials: string
  categoryId: string
  status: string
}

export interface CatalogIndex {
  /** Live products. */
  readonly size: number
  /** Share of slots held by replaced or removed products (rebuild when it grows large). */
  readonly waste: number
  /** Product ids of matches [offset, offset + limit) in rank order, and the count of all matches. */
  search(
    query: string,
    options: SearchOptions,
    offset: number,
    limit: number,
  ): { total: number; ids: string[] }
  /** Products whose normalised SKU or barcode equals `reference`'s (SKU first). */
  exactCode(reference: string): string[]
  /** Products whose normalised Chinese or English name equals `reference`'s. */
  exactName(reference: string): string[]
  /** On-sale product count per category id. */
  categoryCounts(): Map<string, number>
  /** Adds products, replacing those already indexed (by id). */
  upsert(products: readonly IndexedProduct[]): void
  remove(ids: readonly string[]): void
}

/** Products per segment: one slice of work (read + grams) stays well under a frame. */
export const SEGMENT_SIZE = 1000

const SEPARATOR = FIELD_SEPARATOR
const TIER_NONE = 255
const CACHED_RESULTS = 4

export function createCatalogIndex(): CatalogIndex {
  const segments: Array<{ base: number; grams: GramSegment }> = []
  let count = 0
  let capacity = 0
  let live = 0
  const ids: string[] = []
  const sku: string[] = []
  // A product's fields joined into two strings, each field opened by SEPARATOR, so one `includes`
  // tests several fields (SEPARATOR + token = a prefix of some field): `latin` holds SKU, barcode,
  // English name, pinyin, initials and English specification (usually one-byte, which V8 searches
  // fastest), `han` the Chinese name and specification. Normalised text never holds SEPARATOR.
  // The barcode is read in `latin` (after the SKU), the SKU is also kept alone (rank order).
  const latin: string[] = []
  const han: string[] = []
  let offSale = new Uint8Array(0)
  let dead = new Uint8Array(0)
  let tier = new Uint8Array(0)
  let categoryOf = new Int32Array(0)
  let byRank = new Int32Array(0)
  /** Slots [0, ranked_) are in byRank / rank. */
  let ranked_ = 0
  let rank = new Int32Array(0)
  const slotOf = new Map<string, number>()
  const categoryNumbers = new Map<string, number>()
  const recent = new Map<string, Int32Array>()
  type ExactTable = Map<string, number | number[]>
  let exact: { codes: ExactTable; names: ExactTable } | null = null
  /**
   * Products upserted but not yet in a segment: a sync's small transactions arrive a few hundred
   * at a time; they become a segment once SEGMENT_SIZE wait, or before the next read.
   */
  let waiting: IndexedProduct[] = []

  /** Before a read: waiting products into a segment, new slots into the rank order. */
  function settle(): void {
    if (waiting.length > 0) {
      const products = waiting
      waiting = []
      for (let start = 0; start < products.length; start += SEGMENT_SIZE)
        upsertSegment(products.slice(start, start + SEGMENT_SIZE))
      changed()
    }
    rankAdded()
  }

  function reserve(extra: number): void {
    if (count + extra <= capacity) return
    capacity = Math.max(count + extra, capacity * 2, 1024)
    const grow = <T extends Uint8Array | Int32Array>(old: T, make: (size: number) => T): T => {
      const next = make(capacity)
      next.set(old)
      return next
    }
    offSale = grow(offSale, (size) => new Uint8Array(size))
    dead = grow(dead, (size) => new Uint8Array(size))
    tier = grow(tier, (size) => new Uint8Array(size).fill(TIER_NONE))
    categoryOf = grow(categoryOf, (size) => new Int32Array(size))
  }

  const joiner = createFieldJoiner()
  /** The normalised barcode of `slot` is `code` (which holds no SEPARATOR). */
  const barcodeIs = (slot: number, code: string) => {
    const start = sku[slot]!.length + 2
    return (
      latin[slot]!.charCodeAt(start + code.length) === 1 && latin[slot]!.startsWith(code, start)
    )
  }
  const barcodeOf = (slot: number) => {
    const start = sku[slot]!.length + 2
    return latin[slot]!.slice(start, latin[slot]!.indexOf(SEPARATOR, start))
  }

  /** Rank order: SKU, then id. */
  const compare = (a: number, b: number): number => {
    const x = sku[a]!
    const y = sku[b]!
    if (x !== y) return x < y ? -1 : 1
    const p = ids[a]!
    const q = ids[b]!
    return p < q ? -1 : p > q ? 1 : 0
  }

  function changed(): void {
    recent.clear()
    exact = null
  }

  function kill(slot: number): void {
    if (dead[slot]) return
    dead[slot] = 1
    live--
  }

  function upsertSegment(products: readonly IndexedProduct[]): void {
    reserve(products.length)
    const base = count
    for (const product of products) {
      const slot = count++
      const previous = slotOf.get(product.id)
      if (previous !== undefined) kill(previous)
      slotOf.set(product.id, slot)
      live++
      ids[slot] = product.id
      joiner.add(product.sku)
      joiner.add(product.barcode)
      joiner.add(product.nameEn)
      joiner.add(product.pinyinFull)
      joiner.add(product.pinyinInitials)
      joiner.add(product.specEn)
      const text = joiner.take()
      latin[slot] = text
      // Not a slice of `text`: V8 compares sliced strings several times slower (rank order).
      sku[slot] = normalizeSearchText(product.sku)
      joiner.add(product.nameZh)
      joiner.add(product.specZh)
      han[slot] = joiner.take()
      offSale[slot] = product.status === 'offSale' ? 1 : 0
      let category = categoryNumbers.get(product.categoryId)
      if (category === undefined)
        categoryNumbers.set(product.categoryId, (category = categoryNumbers.size))
      categoryOf[slot] = category
    }
    segments.push({ base, grams: buildGramSegment(count - base, [latin, han], base) })
  }

  /**
   * Merges the slots added since the last read into the rank order (once per read, not per
   * segment): a few added to many are each placed by binary search and the runs between copied
   * whole; many are merged in one pass.
   */
  function rankAdded(): void {
    if (ranked_ === count) return
    const added = Int32Array.from(
      { length: count - ranked_ },
      (_, offset) => ranked_ + offset,
    ).sort(compare)
    const old = byRank
    const merged = new Int32Array(count)
    let i = 0
    let k = 0
    if (added.length * Math.log2(old.length + 2) < old.length) {
      for (const slot of added) {
        // After the old slots that rank before it or equal (a dead slot of the same product).
        let low = i
        let high = old.length
        while (low < high) {
          const middle = (low + high) >>> 1
          if (compare(old[middle]!, slot) <= 0) low = middle + 1
          else high = middle
        }
        merged.set(old.subarray(i, low), k)
        k += low - i
        i = low
        merged[k++] = slot
      }
      merged.set(old.subarray(i), k)
    } else {
      let j = 0
      while (i < old.length && j < added.length)
        merged[k++] = compare(added[j]!, old[i]!) < 0 ? added[j++]! : old[i++]!
      while (i < old.length) merged[k++] = old[i++]!
      while (j < added.length) merged[k++] = added[j++]!
    }
    byRank = merged
    rank = new Int32Array(count)
    for (let position = 0; position < count; position++) rank[byRank[position]!] = position
    ranked_ = count
  }

  function exactTables(): { codes: ExactTable; names: ExactTable } {
    if (exact) return exact
    const codes: ExactTable = new Map()
    const names: ExactTable = new Map()
    // A single product is stored as a number (most keys), several as an array.
    const add = (map: ExactTable, key: string, slot: number) => {
      if (key === '') return
      const known = map.get(key)
      if (known === undefined) map.set(key, slot)
      else if (typeof known === 'number') {
        if (known !== slot) map.set(key, [known, slot])
      } else if (!known.includes(slot)) known.push(slot)
    }
    for (const slot of byRank) if (!dead[slot]) add(codes, sku[slot]!, slot)
    for (const slot of byRank) if (!dead[slot]) add(codes, barcodeOf(slot), slot)
    for (const slot of byRank) {
      if (dead[slot]) continue
      add(names, han[slot]!.slice(1, han[slot]!.indexOf(SEPARATOR, 1)), slot)
      add(names, latin[slot]!.split(SEPARATOR)[3]!, slot)
    }
    exact = { codes, names }
    return exact
  }
  const productsOf = (found: number | number[] | undefined): string[] =>
    found === undefined
      ? []
      : typeof found === 'number'
        ? [ids[found]!]
        : found.map((slot) => ids[slot]!)

  function ranked(tokens: string[], options: SearchOptions): Int32Array {
    const category =
      options.categoryId === undefined ? -1 : (categoryNumbers.get(options.categoryId) ?? -2)
    if (category === -2) return new Int32Array(0)
    const allowed = (slot: number) =>
      dead[slot] === 0 &&
      (options.includeOffSale || offSale[slot] === 0) &&
      (category === -1 || categoryOf[slot] === category)
    if (tokens.length === 0) {
      const all = new Int32Array(count)
      let size = 0
      for (const slot of byRank) if (allowed(slot)) all[size++] = slot
      return all.slice(0, size)
    }
    const whole = tokens.join('')
    const fieldStart = SEPARATOR + tokens[0]
    const checked = tokens.filter((token) => !gramsAreExact(token))
    const touched: number[] = []
    try {
      const visit = (slot: number) => {
        if (!allowed(slot)) return
        let level: number
        if (sku[slot] === whole || barcodeIs(slot, whole)) level = 0
        else {
          for (const token of checked)
            if (!latin[slot]!.includes(token) && !han[slot]!.includes(token)) return
          level = latin[slot]!.includes(fieldStart) || han[slot]!.includes(fieldStart) ? 1 : 2
        }
        tier[slot] = level
        touched.push(slot)
      }
      let bits = new Uint32Array(0)
      for (const { base, grams } of segments) {
        if (bits.length < grams.words) bits = new Uint32Array(grams.words)
        fillDocuments(bits, grams.documentCount)
        if (tokens.every((token) => grams.restrict(token, bits)))
          forEachDocument(bits, grams.words, (document) => visit(base + document))
      }
      return order(touched)
    } finally {
      for (const slot of touched) tier[slot] = TIER_NONE
    }
  }

  /** Touched slots by (tier, rank): a sort for few matches, one pass over the rank order for many. */
  function order(touched: number[]): Int32Array {
    const out = new Int32Array(touched.length)
    if (touched.length * 8 < count) {
      const keys = Float64Array.from(touched, (slot) => tier[slot]! * count + rank[slot]!).sort()
      keys.forEach((key, index) => (out[index] = byRank[key % count]!))
      return out
    }
    const next = [0, 0, 0]
    for (const slot of touched) next[tier[slot]!]!++
    next[2] = next[0]! + next[1]!
    next[1] = next[0]!
    next[0] = 0
    for (let position = 0; position < count; position++) {
      const slot = byRank[position]!
      const level = tier[slot]!
      if (level !== TIER_NONE) out[next[level]!++] = slot
    }
    return out
  }

  return {
    get size() {
      settle()
      return live
    },
    get waste() {
      settle()
      return count === 0 ? 0 : (count - live) / count
    },
    search(query, options, offset, limit) {
      settle()
      const tokens = searchTokens(query)
      const key = `${tokens.join(' ')}\n${options.categoryId ?? ''}\n${options.includeOffSale ? 1 : 0}`
      let result = recent.get(key)
      if (result) recent.delete(key)
      else result = ranked(tokens, options)
      recent.set(key, result)
      if (recent.size > CACHED_RESULTS) recent.delete(recent.keys().next().value as string)
      return {
        total: result.length,
        ids: Array.from(result.subarray(offset, offset + limit), (slot) => ids[slot]!),
      }
    },
    exactCode(reference) {
      settle()
      return productsOf(exactTables().codes.get(normalizeSearchText(reference)))
    },
    exactName(reference) {
      settle()
      return productsOf(exactTables().names.get(normalizeSearchText(reference)))
    },
    categoryCounts() {
      settle()
      const perNumber = new Int32Array(categoryNumbers.size)
      for (let slot = 0; slot < count; slot++)
        if (dead[slot] === 0 && offSale[slot] === 0) perNumber[categoryOf[slot]!]!++
      return new Map(
        [...categoryNumbers].map(([category, number]) => [category, perNumber[number]!]),
      )
    },
    upsert(products) {
      if (products.length === 0) return
      for (const product of products) waiting.push(product)
      while (waiting.length >= SEGMENT_SIZE) {
        upsertSegment(waiting.slice(0, SEGMENT_SIZE))
        waiting = waiting.slice(SEGMENT_SIZE)
        changed()
      }
    },
    remove(removed) {
      settle()
      for (const id of removed) {
        const slot = slotOf.get(id)
        if (slot === undefined) continue
        slotOf.delete(id)
        kill(slot)
      }
      if (removed.length) changed()
    },
  }
}

/** A products row as `INDEXED_PRODUCT_COLUMNS` selects it. */
export interface IndexedProductRow {
  r: number
  id: string
  sku: string | null
  barcode: string | null
  name_zh: string | null
  name_en: string | null
  pinyin_full: string | null
  pinyin_initials: string | null
  category_id: string | null
  status: string | null
  spec_zh: string | null
  spec_en: string | null
}

/**
 * The one place that reads what the index needs of a products row (select list over `products`;
 * `r` is the rowid; `toIndexedProduct` reads it by name, `fromIndexedColumns` by position). The
 * specifications are columns since cache migration 7; a row without them (written otherwise) has
 * them in its record.
 */
export const INDEXED_PRODUCT_COLUMNS = `rowid AS r, id, sku, barcode, name_zh, name_en, pinyin_full, pinyin_initials, category_id, status,
  coalesce(spec_zh, json_extract(record, '$.specZh')) AS spec_zh,
  coalesce(spec_en, json_extract(record, '$.specEn')) AS spec_en`

export function toIndexedProduct(row: IndexedProductRow): IndexedProduct {
  return {
    id: row.id,
    sku: row.sku ?? '',
    barcode: row.barcode ?? '',
    nameZh: row.name_zh ?? '',
    nameEn: row.name_en ?? '',
    specZh: row.spec_zh ?? '',
    specEn: row.spec_en ?? '',
    pinyinFull: row.pinyin_full ?? '',
    pinyinInitials: row.pinyin_initials ?? '',
    categoryId: row.category_id ?? '',
    status: row.status ?? '',
  }
}

const columnText = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value)

/** A products row as `INDEXED_PRODUCT_COLUMNS` selects it, its values in that order. */
export function fromIndexedColumns(values: readonly unknown[]): IndexedProduct {
  return {
    id: String(values[1]),
    sku: columnText(values[2]),
    barcode: columnText(values[3]),
    nameZh: columnText(values[4]),
    nameEn: columnText(values[5]),
    pinyinFull: columnText(values[6]),
    pinyinInitials: columnText(values[7]),
    categoryId: columnText(values[8]),
    status: columnText(values[9]),
    specZh: columnText(values[10]),
    specEn: columnText(values[11]),
  }
}

/** Up to `limit` products after `afterRowid`, in rowid order. */
export const INDEXED_PRODUCTS_AFTER = `SELECT ${INDEXED_PRODUCT_COLUMNS} FROM products WHERE rowid > ? ORDER BY rowid LIMIT ?`

/** Up to `limit` products after `afterRowid` (rowid order), as the index needs them. */
export async function readIndexedProducts(
  db: Pick<CacheSql, 'all'>,
  afterRowid: number,
  limit: number,
): Promise<{ products: IndexedProduct[]; lastRowid: number }> {
  const rows = await db.all<IndexedProductRow>(INDEXED_PRODUCTS_AFTER, [afterRowid, limit])
  return { lastRowid: rows.at(-1)?.r ?? afterRowid, products: rows.map(toIndexedProduct) }
}

/** The whole index at once (tests, benchmarks; the app builds it in the cache worker). */
export async function buildCatalogIndex(db: Pick<CacheSql, 'all'>): Promise<CatalogIndex> {
  const index = createCatalogIndex()
  for (let after = 0; ;) {
    const { products, lastRowid } = await readIndexedProducts(db, after, SEGMENT_SIZE)
    index.upsert(products)
    if (products.length < SEGMENT_SIZE) return index
    after = lastRowid
  }
}
