/**
 * What each synced feed stores: the cache table, the indexed columns copied out of the record,
 * and the Portal API route (whose `roles` decide whether this user may sync it for this dealer).
 */
import type {
  Delivery,
  InvoiceRequest,
  Order,
  PortalRouteName,
  PriceList,
  PriceListItem,
  Product,
  Return,
  Role,
} from '../../../shared/api'
import { PORTAL_ROUTES } from '../../../shared/api'
import type { FeedColumns, FeedTable } from '../cache/cacheRepositories'
import { pinyinOf } from './pinyin'

export interface FeedDefinition<R> {
  table: FeedTable
  route: PortalRouteName
  toColumns(record: R): FeedColumns
}

export const productFeed: FeedDefinition<Product> = {
  table: 'products',
  route: 'products',
  toColumns: (product) => {
    const { full, initials } = pinyinOf(product.nameZh)
    return {
      id: product.id,
      sku: product.sku,
      barcode: product.barcode,
      name_zh: product.nameZh,
      name_en: product.nameEn,
      pinyin_full: full,
      pinyin_initials: initials,
      category_id: product.categoryId,
      status: product.status,
      modified_at: product.modifiedAt,
      spec_zh: product.specZh,
      spec_en: product.specEn,
    }
  },
}

export const priceListFeed: FeedDefinition<PriceList> = {
  table: 'price_lists',
  route: 'priceLists',
  toColumns: (list) => ({
    id: list.id,
    name: list.nameZh,
    status: list.active ? 'active' : 'inactive',
    modified_at: list.modifiedAt,
  }),
}

export const priceItemFeed: FeedDefinition<PriceListItem> = {
  table: 'price_items',
  route: 'priceListItems',
  toColumns: (item) => ({
    id: item.id,
    price_list_id: item.priceListId,
    product_id: item.productId,
    price: item.price,
    modified_at: item.modifiedAt,
  }),
}

const documentColumns = (record: {
  id: string
  number: string
  status: string
  createdAt: number
  modifiedAt: number
}) => ({
  id: record.id,
  number: record.number,
  status: record.status,
  created_at: record.createdAt,
  modified_at: record.modifiedAt,
})

export const orderFeed: FeedDefinition<Order> = {
  table: 'orders',
  route: 'orders',
  toColumns: documentColumns,
}
export const deliveryFeed: FeedDefinition<Delivery> = {
  table: 'deliveries',
  route: 'deliveries',
  toColumns: (delivery) => ({ ...documentColumns(delivery), order_id: delivery.orderId }),
}
export const returnFeed: FeedDefinition<Return> = {
  table: 'returns',
  route: 'returns',
  toColumns: (record) => ({
    ...documentColumns(record),
    order_id: record.lines[0]?.orderId ?? null,
  }),
}
export const invoiceRequestFeed: FeedDefinition<InvoiceRequest> = {
  table: 'invoice_requests',
  route: 'invoiceRequests',
  toColumns: documentColumns,
}

/** Whether a user with `roles` for the dealer may call `route` (admin may call everything). */
export function mayCall(route: PortalRouteName, roles: readonly Role[]): boolean {
  const spec = PORTAL_ROUTES[route] as { roles?: readonly Role[] }
  if (!spec.roles) return true
  return roles.includes('admin') || spec.roles.some((role) => roles.includes(role))
}

/** Feeds whose documents a submission returns whole (see `SyncEngine.absorb`). */
export type AbsorbableFeed = 'orders' | 'deliveries' | 'returns' | 'invoiceRequests'
export const ABSORBABLE_FEEDS: Record<AbsorbableFeed, FeedDefinition<never>> = {
  orders: orderFeed as FeedDefinition<never>,
  deliveries: deliveryFeed as FeedDefinition<never>,
  returns: returnFeed as FeedDefinition<never>,
  invoiceRequests: invoiceRequestFeed as FeedDefinition<never>,
}
