/**
 * The catalog's projections: products (one global feed), price lists (per dealer, through the
 * price-book assignments) and price-list items (per price list). Also the product names that
 * order, delivery and return lines carry.
 */
import type { PriceList, PriceListItem, Product } from '../../../../../shared/api'
import type { FieldMap } from '../../fieldMap'
import { lookupId, text, toFen, toQuantity, toTime } from '../../values'
import { label, type FeedWrite, type OptionLabels } from '../feedEntries'
import type { Projection, ProjectionContext } from '../projection'
import { recordsById, recordsByParent, type MirrorRow } from '../records'

export function productRecord(map: FieldMap, labels: OptionLabels, row: MirrorRow): Product {
  const f = map.product
  const data = row.data
  const category = text(data[f.category])
  const unitZh = label(labels, f.object, f.unit, data[f.unit])
  const nameZh = text(data[f.nameZh])
  const specZh = text(data[f.specZh])
  return {
    id: row.id,
    sku: text(data[f.sku]),
    barcode: text(data[f.barcode]),
    nameZh,
    nameEn: text(data[f.nameEn]) || nameZh,
    categoryId: category || 'none',
    categoryNameZh: label(labels, f.object, f.category, category),
    categoryNameEn: label(labels, f.object, f.category, category),
    unitZh,
    unitEn: text(data[f.unitEn]) || unitZh,
    specZh,
    specEn: specZh,
    status: text(data[f.status]) === '1' ? 'onSale' : 'offSale',
    imageUrl: null,
    modifiedAt: 0,
  }
}

export function priceListRecord(map: FieldMap, row: MirrorRow, assignmentLive: boolean): PriceList {
  const f = map.priceList
  const data = row.data
  const priority = Number(text(data[f.priority]))
  return {
    id: row.id,
    nameZh: text(data[f.nameZh]),
    nameEn: text(data[f.nameEn]) || text(data[f.nameZh]),
    priority:
      text(data[f.priority]) !== '' && Number.isInteger(priority)
        ? priority
        : (toTime(data.create_time) ?? 0),
    active: assignmentLive && text(data[f.active]) === '1',
    validFrom: toTime(data[f.validFrom]),
    validTo: toTime(data[f.validTo]),
    modifiedAt: 0,
  }
}

export function priceListItemRecord(map: FieldMap, row: MirrorRow): PriceListItem {
  const f = map.priceListItem
  const data = row.data
  return {
    id: row.id,
    priceListId: lookupId(data[f.priceList]),
    productId: lookupId(data[f.product]),
    price: Math.max(0, toFen(data[f.price]) ?? 0),
    tiers: [],
    minQuantity: Math.max(1, toQuantity(data[f.minQuantity]) ?? 1),
    step: Math.max(1, toQuantity(data[f.step]) ?? 1),
    validFrom: null,
    validTo: null,
    modifiedAt: 0,
  }
}

export const productsProjection: Projection = {
  key: 'products',
  async project({ tx, map, labels }, ids) {
    const writes: FeedWrite[] = []
    for (const row of await recordsById(tx, map.product.object, ids)) {
      writes.push({
        feed: 'products',
        scope: '',
        id: row.id,
        record: row.gone ? null : { ...productRecord(map, labels, row) },
      })
    }
    return { writes }
  },
}

export const priceListItemsProjection: Projection = {
  key: 'priceItems',
  async project({ tx, map }, ids) {
    const writes: FeedWrite[] = []
    for (const row of await recordsById(tx, map.priceListItem.object, ids)) {
      const item = priceListItemRecord(map, row)
      writes.push({
        feed: 'price_list_items',
        scope: item.priceListId,
        id: row.id,
        record: row.gone ? null : { ...item },
      })
    }
    return { writes }
  },
}

/** A price list in the feed of each dealer it is assigned to (a gone assignment: a tombstone). */
export const priceListsProjection: Projection = {
  key: 'priceLists',
  async project({ tx, map }, ids) {
    const writes: FeedWrite[] = []
    const lists = new Map(
      (await recordsById(tx, map.priceList.object, ids)).map((row) => [row.id, row]),
    )
    for (const assignment of await recordsByParent(tx, map.priceListDealer.object, ids)) {
      const list = lists.get(assignment.parent_id ?? '')
      if (!list || !assignment.dealer_id) continue
      writes.push({
        feed: 'price_lists',
        scope: assignment.dealer_id,
        id: list.id,
        record: list.gone || assignment.gone ? null : { ...priceListRecord(map, list, true) },
      })
    }
    return { writes }
  },
}

export interface ProductNames {
  sku: string
  nameZh: string
  nameEn: string
  specZh: string
  specEn: string
  unitZh: string
  unitEn: string
}

export async function productNames(
  { tx, map, labels }: ProjectionContext,
  ids: Iterable<string>,
): Promise<Map<string, ProductNames>> {
  const rows = await recordsById(tx, map.product.object, [...new Set(ids)])
  return new Map(
    rows.map((row) => {
      const product = productRecord(map, labels, row)
      const { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn } = product
      return [row.id, { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn }]
    }),
  )
}

export const NO_NAMES: ProductNames = {
  sku: '',
  nameZh: '',
  nameEn: '',
  specZh: '',
  specEn: '',
  unitZh: '',
  unitEn: '',
}
