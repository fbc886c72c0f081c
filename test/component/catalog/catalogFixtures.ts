/** Catalog products and quick-order rows as the bridge returns them, for component tests. */
import {
  QuickOrderResult,
  type CatalogProduct,
  type QuickOrderCandidate,
  type QuickOrderProduct,
} from '../../../shared/contract/catalog'
import type { QuickOrderRow } from '../../../renderer/components/catalog/quickOrderRows'

export function catalogProduct(id: string, fields: Partial<CatalogProduct> = {}): CatalogProduct {
  return {
    id,
    sku: `SKU-${id}`,
    barcode: `690000${id}`,
    nameZh: `商品${id}`,
    nameEn: `Product ${id}`,
    specZh: '标准',
    specEn: 'standard',
    unitZh: '个',
    unitEn: 'piece',
    categoryId: 'cat_tools',
    categoryNameZh: '工具',
    categoryNameEn: 'Tools',
    status: 'onSale',
    price: {
      priceListId: 'pl_std',
      priceListNameZh: '标准价目表',
      priceListNameEn: 'Standard price list',
      price: 4600,
      tiers: [],
      minQuantity: 1,
      step: 1,
      previousPrice: null,
      priceChangedAt: null,
    },
    ...fields,
  }
}

type FixtureRow = Omit<QuickOrderRow, 'product'> & {
  product: CatalogProduct | null
  /** An ambiguous row's: what catalog.candidates answers for its reference (quickOrderPicks). */
  candidates: CatalogProduct[]
}

/** A row of the table with full catalog products (quickOrderAnswer makes the bridge's answer). */
export function quickOrderRow(line: number, fields: Partial<FixtureRow>): FixtureRow {
  return {
    line,
    reference: `REF-${line}`,
    requestedQuantity: 1,
    status: 'notFound',
    product: null,
    quantity: null,
    adjustment: null,
    candidates: [],
    problem: null,
    ...fields,
  }
}

/** What the quick-order table knows of a catalog product. */
export function quickOrderProduct(product: CatalogProduct): QuickOrderProduct {
  const { id, sku, nameZh, nameEn, status, price } = product
  const rule = price ? { minQuantity: price.minQuantity, step: price.step } : null
  return { id, sku, nameZh, nameEn, status, price: rule }
}

/**
 * Rows (with their products) as the bridge sends them: each product once, rows by id, no
 * candidates (the picker asks for them); checked against the contract.
 */
export function quickOrderAnswer(rows: FixtureRow[]): QuickOrderResult {
  const products = new Map<string, QuickOrderProduct>()
  for (const row of rows)
    if (row.product) products.set(row.product.id, quickOrderProduct(row.product))
  return QuickOrderResult.parse({
    products: [...products.values()],
    rows: rows.map(({ product, candidates: _candidates, ...row }) => ({
      ...row,
      productId: product?.id ?? null,
    })),
  })
}

/** catalog.candidates over these rows: the candidates of the row with that reference. */
export function quickOrderPicks(rows: FixtureRow[]) {
  return ({ reference }: { reference: string }) => {
    const row = rows.find((candidate) => candidate.reference === reference)
    const data: QuickOrderCandidate[] = (row?.candidates ?? []).map((product) => ({
      ...quickOrderProduct(product),
      specZh: product.specZh,
      specEn: product.specEn,
    }))
    return Promise.resolve({ ok: true as const, data })
  }
}

export const emptyCartChange = {
  cart: null as never,
  adjusted: [],
  refused: [],
}
