/**
 * Matches quick-order rows (shared/domain/quickOrder.ts) to the dealer's products:
 *   1. exact SKU, then exact barcode (normalised: full-width, case, spaces);
 *   2. exact Chinese or English name (normalised): one product → matched, several → ambiguous;
 *   3. otherwise a search: exactly one hit → matched, several → ambiguous (first 10 ranked as
 *      candidates), none → notFound. Candidates are only products that can be ordered (on sale,
 *      priced): one left → matched; none → the first, notSellable with its reason.
 * A matched product that is off sale or on no valid price list is notSellable (with the reason).
 * The quantity to add is the requested one snapped up to the minimum and pack step (shared/domain
 * snapQuantity, `adjustment` says why); a missing quantity becomes the minimum ('defaulted').
 * Products and prices are read for all rows at once, so 5,000 rows take a few hundred ms at 100k
 * products: only what the table shows, from the products' columns (readQuickOrderProducts), not
 * their decoded records.
 * It runs in the cache worker, next to the index (catalogWorker.ts): a paste is one message. The
 * answer names every product it refers to once, in `products`, with only what the quick-order
 * table shows (quickOrderProduct); rows refer to them by id. An ambiguous row names no product:
 * its candidates are asked for when its picker opens (quickOrderCandidates, the same resolution),
 * and the paste reads only as many of a name's products as it takes to find two that can be
 * ordered (a 1,000-row paste: 1,464 products read and 527 KB sent before, ~1,000 and ~300 KB now).
 */
import {
  MAX_QUICK_ORDER_CANDIDATES,
  type CatalogProduct,
  type QuickOrderCandidate,
  type QuickOrderProduct,
  type QuickOrderResult,
  type QuickOrderRow,
} from '../../../shared/contract/catalog'
import { orderLineFor, type PastedRow } from '../../../shared/domain/quickOrder'
import type { CacheSql } from '../cache/cacheDatabase'
import { decodeProduct } from '../cache/storedRecords'
import type { CatalogIndex } from './catalogIndex'
import { createPriceBook } from './priceBook'

/**
 * What matching reads: the index, and products by id with what the table shows (their pack rule
 * from the sellable price): readQuickOrderProducts; the picker's candidates also need the spec.
 */
export interface QuickOrderSource<P extends QuickOrderProduct = QuickOrderProduct> {
  index(): Promise<Pick<CatalogIndex, 'exactCode' | 'exactName' | 'search'>>
  /** Products by id in the order given; unknown ids are left out. */
  products(ids: readonly string[]): Promise<P[]>
}

export const MAX_CANDIDATES = MAX_QUICK_ORDER_CANDIDATES
/** A name's products read at first for a paste: enough, as a rule, to find two orderable ones. */
const FIRST_READ = 4

type Resolution = { kind: 'one'; id: string } | { kind: 'many'; ids: string[] } | { kind: 'none' }

/** What the quick-order table shows of a product: code, names, status and pack rule. */
export function quickOrderProduct(product: QuickOrderProduct): QuickOrderProduct {
  const { id, sku, nameZh, nameEn, status, price } = product
  return {
    ...{ id, sku, nameZh, nameEn, status },
    price: price ? { minQuantity: price.minQuantity, step: price.step } : null,
  }
}

/** What an ambiguous row's picker shows of a candidate: the table's fields and the spec. */
export function quickOrderCandidate(product: CatalogProduct): QuickOrderCandidate {
  return { ...quickOrderProduct(product), specZh: product.specZh, specEn: product.specEn }
}

const orderable = (product: QuickOrderProduct) =>
  product.status === 'onSale' && product.price !== null

/**
 * Products by id (in the order given; unknown ids left out) with only what the table shows: read
 * from their columns, not their records (no JSON decoded: a record is read only when a column is
 * empty), priced at `now` as the catalog prices them (priceBook.ts).
 */
export async function readQuickOrderProducts(
  db: Pick<CacheSql, 'all'>,
  ids: readonly string[],
  now: number,
): Promise<QuickOrderProduct[]> {
  const rows = await db.all<{
    id: string
    sku: string | null
    name_zh: string | null
    name_en: string | null
    status: string | null
    record: string | null
  }>(
    `SELECT id, sku, name_zh, name_en, status,
       CASE WHEN sku IS NULL OR name_zh IS NULL OR name_en IS NULL OR status IS NULL
         THEN record END AS record
     FROM products WHERE id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  )
  const prices = await createPriceBook(db, () => now).pricesFor(rows.map((row) => row.id))
  const products = new Map<string, QuickOrderProduct>()
  for (const row of rows) {
    const record =
      row.record === null
        ? { sku: row.sku!, nameZh: row.name_zh!, nameEn: row.name_en!, status: row.status! }
        : decodeProduct({ ...row, record: row.record })
    const price = prices.get(row.id)
    products.set(row.id, {
      id: row.id,
      sku: record.sku,
      nameZh: record.nameZh,
      nameEn: record.nameEn,
      status: record.status as QuickOrderProduct['status'],
      price: price
        ? { minQuantity: Math.max(1, price.minQuantity), step: Math.max(1, price.step) }
        : null,
    })
  }
  return ids.flatMap((id) => products.get(id) ?? [])
}

type Index = Awaited<ReturnType<QuickOrderSource['index']>>

/** How a reference resolves: one product, several (ranked), or none. */
function resolveReference(index: Index, reference: string): Resolution {
  const codes = index.exactCode(reference)
  if (codes.length > 0) return { kind: 'one', id: codes[0]! }
  const names = index.exactName(reference)
  if (names.length === 1) return { kind: 'one', id: names[0]! }
  // All of them (up to a bound): discontinued ones are dropped before the first 10 are kept.
  if (names.length > 1) return { kind: 'many', ids: names.slice(0, 100) }
  // Products on sale first, so discontinued ones never crowd the candidates out; only when
  // nothing on sale matches, a discontinued hit says why it cannot be ordered.
  const onSale = index.search(reference, {}, 0, MAX_CANDIDATES)
  const { total, ids } =
    onSale.total > 0 ? onSale : index.search(reference, { includeOffSale: true }, 0, MAX_CANDIDATES)
  return total === 0
    ? { kind: 'none' }
    : total === 1
      ? { kind: 'one', id: ids[0]! }
      : { kind: 'many', ids }
}

/**
 * The products an ambiguous row's picker offers for `reference`: resolved as a paste resolves it,
 * the ones that can be ordered, ranked, at most MAX_CANDIDATES (none when nothing matches).
 */
export async function quickOrderCandidates(
  reference: string,
  catalog: QuickOrderSource<CatalogProduct>,
): Promise<QuickOrderCandidate[]> {
  const resolution = resolveReference(await catalog.index(), reference)
  const ids =
    resolution.kind === 'one' ? [resolution.id] : resolution.kind === 'many' ? resolution.ids : []
  return (await catalog.products(ids))
    .filter(orderable)
    .slice(0, MAX_CANDIDATES)
    .map(quickOrderCandidate)
}

export async function matchQuickOrderRows(
  rows: readonly PastedRow[],
  catalog: QuickOrderSource,
): Promise<QuickOrderResult> {
  const index = await catalog.index()
  const resolutions = new Map<string, Resolution>()
  function resolve(reference: string): Resolution {
    let resolution = resolutions.get(reference)
    if (!resolution) resolutions.set(reference, (resolution = resolveReference(index, reference)))
    return resolution
  }

  const resolved = rows.map((row) =>
    row.problem === 'quickOrder.referenceMissing'
      ? ({ kind: 'none' } as const)
      : resolve(row.reference),
  )
  // Every matched product, and the first few of each ambiguous reference's: then the rest of a
  // reference's only while fewer than two of those read can be ordered (one → matched, two →
  // ambiguous, its candidates read when its picker opens).
  const wanted = new Set<string>()
  for (const resolution of resolved) {
    if (resolution.kind === 'one') wanted.add(resolution.id)
    else if (resolution.kind === 'many')
      for (const id of resolution.ids.slice(0, FIRST_READ)) wanted.add(id)
  }
  const products = new Map<string, QuickOrderProduct>()
  const read = async (ids: Iterable<string>) => {
    for (const product of await catalog.products([...ids])) products.set(product.id, product)
  }
  await read(wanted)
  const pick = (ids: string[]) => ids.flatMap((id) => products.get(id) ?? [])
  const sellableOf = (ids: string[]) => pick(ids).filter(orderable)
  const more = new Set<string>()
  for (const resolution of new Set(resolved))
    if (resolution.kind === 'many' && sellableOf(resolution.ids).length < 2)
      for (const id of resolution.ids.slice(FIRST_READ)) more.add(id)
  if (more.size > 0) await read(more)

  /** The products the rows refer to, each once (in the order first referred to). */
  const named = new Map<string, QuickOrderProduct>()
  const refer = (product: QuickOrderProduct): string => {
    if (!named.has(product.id)) named.set(product.id, quickOrderProduct(product))
    return product.id
  }
  const line = (product: QuickOrderProduct, requested: number | null) => {
    const { product: matched, ...rest } = orderLineFor(product, requested)
    return { ...rest, productId: refer(matched) }
  }

  const matched = rows.map((row, position): QuickOrderRow => {
    const base = { line: row.line, reference: row.reference, requestedQuantity: row.quantity }
    const resolution = resolved[position]!
    const empty = { productId: null, quantity: null, adjustment: null }
    if (
      row.problem === 'quickOrder.referenceMissing' ||
      row.problem === 'quickOrder.quantityInvalid'
    ) {
      const product = resolution.kind === 'one' ? products.get(resolution.id) : undefined
      const productId = product ? refer(product) : null
      return { ...base, ...empty, productId, status: 'invalid', problem: row.problem }
    }
    if (resolution.kind === 'none') return { ...base, ...empty, status: 'notFound', problem: null }
    if (resolution.kind === 'many') {
      // Only what can be ordered is offered: a discontinued product is never a candidate.
      const sellable = sellableOf(resolution.ids)
      if (sellable.length === 1) return { ...base, ...line(sellable[0]!, row.quantity) }
      if (sellable.length === 0) {
        const first = pick(resolution.ids)[0]
        if (!first) return { ...base, ...empty, status: 'notFound', problem: null }
        return { ...base, ...line(first, row.quantity) }
      }
      return { ...base, ...empty, status: 'ambiguous', problem: null }
    }
    const product = products.get(resolution.id)
    if (!product) return { ...base, ...empty, status: 'notFound', problem: null }
    return { ...base, ...line(product, row.quantity) }
  })
  return { products: [...named.values()], rows: matched }
}
