/** Catalog products and quick-order rows as the bridge returns them, for component tests. */
import type { CatalogProduct, QuickOrderRow } from '../../../shared/contract/catalog'

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

export function quickOrderRow(line: number, fields: Partial<QuickOrderRow>): QuickOrderRow {
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

export const emptyCartChange = {
  cart: null as never,
  adjusted: [],
  refused: [],
}
