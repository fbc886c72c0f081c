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
 * products.
 * It runs in the cache worker, next to the index (catalogWorker.ts): a paste is one message. The
 * answer names every product it refers to once, in `products`, with only what the quick-order
 * table shows (quickOrderProduct); rows refer to them by id (a 1,000-row answer: 527 KB instead of 965 KB with whole products).
 */
import type {
  CatalogProduct,
  QuickOrderProduct,
  QuickOrderResult,
  QuickOrderRow,
} from '../../../shared/contract/catalog'
import { orderLineFor, type PastedRow } from '../../../shared/domain/quickOrder'
import type { CatalogIndex } from './catalogIndex'

/** What matching reads: the index, and products (with prices) by id. */
export interface QuickOrderSource {
  index(): Promise<Pick<CatalogIndex, 'exactCode' | 'exactName' | 'search'>>
  /** Products by id in the order given; unknown ids are left out. */
  products(ids: readonly string[]): Promise<CatalogProduct[]>
}

export const MAX_CANDIDATES = 10

type Resolution = { kind: 'one'; id: string } | { kind: 'many'; ids: string[] } | { kind: 'none' }

/** What the quick-order table shows of a product: code, names, spec, status and pack rule. */
export function quickOrderProduct(product: CatalogProduct): QuickOrderProduct {
  const { id, sku, nameZh, nameEn, specZh, specEn, status, price } = product
  return {
    ...{ id, sku, nameZh, nameEn, specZh, specEn, status },
    price: price ? { minQuantity: price.minQuantity, step: price.step } : null,
  }
}

export async function matchQuickOrderRows(
  rows: readonly PastedRow[],
  catalog: QuickOrderSource,
): Promise<QuickOrderResult> {
  const index = await catalog.index()
  const resolutions = new Map<string, Resolution>()

  function resolve(reference: string): Resolution {
    const known = resolutions.get(reference)
    if (known) return known
    let resolution: Resolution
    const codes = index.exactCode(reference)
    if (codes.length > 0) resolution = { kind: 'one', id: codes[0]! }
    else {
      const names = index.exactName(reference)
      if (names.length === 1) resolution = { kind: 'one', id: names[0]! }
      // All of them (up to a bound): discontinued ones are dropped before the first 10 are kept.
      else if (names.length > 1) resolution = { kind: 'many', ids: names.slice(0, 100) }
      else {
        // Products on sale first, so discontinued ones never crowd the candidates out; only
        // when nothing on sale matches, a discontinued hit says why it cannot be ordered.
        const onSale = index.search(reference, {}, 0, MAX_CANDIDATES)
        const { total, ids } =
          onSale.total > 0
            ? onSale
            : index.search(reference, { includeOffSale: true }, 0, MAX_CANDIDATES)
        resolution =
          total === 0
            ? { kind: 'none' }
            : total === 1
              ? { kind: 'one', id: ids[0]! }
              : { kind: 'many', ids }
      }
    }
    resolutions.set(reference, resolution)
    return resolution
  }

  const resolved = rows.map((row) =>
    row.problem === 'quickOrder.referenceMissing'
      ? ({ kind: 'none' } as const)
      : resolve(row.reference),
  )
  const wanted = new Set<string>()
  for (const resolution of resolved) {
    if (resolution.kind === 'one') wanted.add(resolution.id)
    else if (resolution.kind === 'many') for (const id of resolution.ids) wanted.add(id)
  }
  const products = new Map(
    (await catalog.products([...wanted])).map((product) => [product.id, product]),
  )
  const pick = (ids: string[]) => ids.flatMap((id) => products.get(id) ?? [])

  /** The products the rows refer to, each once (in the order first referred to). */
  const named = new Map<string, QuickOrderProduct>()
  const refer = (product: CatalogProduct): string => {
    if (!named.has(product.id)) named.set(product.id, quickOrderProduct(product))
    return product.id
  }
  const line = (product: CatalogProduct, requested: number | null) => {
    const { product: matched, ...rest } = orderLineFor(product, requested)
    return { ...rest, productId: refer(matched), candidateIds: [] }
  }

  const matched = rows.map((row, position): QuickOrderRow => {
    const base = { line: row.line, reference: row.reference, requestedQuantity: row.quantity }
    const resolution = resolved[position]!
    const empty = { productId: null, quantity: null, adjustment: null, candidateIds: [] }
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
      const sellable = pick(resolution.ids)
        .filter((product) => product.status === 'onSale' && product.price !== null)
        .slice(0, MAX_CANDIDATES)
      if (sellable.length === 1) return { ...base, ...line(sellable[0]!, row.quantity) }
      if (sellable.length === 0) return { ...base, ...line(pick(resolution.ids)[0]!, row.quantity) }
      const candidateIds = sellable.map(refer)
      return { ...base, ...empty, status: 'ambiguous', candidateIds, problem: null }
    }
    const product = products.get(resolution.id)
    if (!product) return { ...base, ...empty, status: 'notFound', problem: null }
    return { ...base, ...line(product, row.quantity) }
  })
  return { products: [...named.values()], rows: matched }
}
