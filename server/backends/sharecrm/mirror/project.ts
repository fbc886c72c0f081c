/**
 * From mirrored ShareCRM records to Portal feed records, table-driven:
 * - `TOUCHES`: which Portal records a changed record of each mapped resource touches (a price
 *   list's assignment touches the price list, a delivery line its note's order, ...). Resources
 *   not in it (dealers, addresses, invoice profiles, rebate rules, balances, transactions) are
 *   read from the mirror when asked, not projected.
 * - `PROJECTIONS`: one per Portal feed (projections/*.ts), run in this order on the touched ids;
 *   returns and invoice requests name the orders whose amounts they change, so orders run last.
 * The feed entries are then written only where the JSON changed (feedEntries.ts).
 */
import type { Queryable } from '../db/driver'
import type { FieldMap, MappedResource } from '../fieldMap'
import { lookupId } from '../values'
import { loadLabels, writeFeedEntries, type FeedWrite } from './feedEntries'
import type { Affected, Projection } from './projection'
import {
  priceListItemsProjection,
  priceListsProjection,
  productsProjection,
} from './projections/catalog'
import { invoiceRequestsProjection } from './projections/invoiceRequests'
import { ordersProjection } from './projections/orders'
import { returnsProjection } from './projections/returns'
import { recordsById, type MirrorRow } from './records'

export {
  feedKey,
  loadLabels,
  writeFeedEntries,
  type FeedWrite,
  type OptionLabels,
} from './feedEntries'
export type { Affected } from './projection'
export { priceListItemRecord, priceListRecord, productRecord } from './projections/catalog'
export { invoiceProfileRecord, invoiceStatus } from './projections/invoiceRequests'
export { returnStatus } from './projections/returns'

export function emptyAffected(): Affected {
  return {
    products: new Set(),
    priceItems: new Set(),
    priceLists: new Set(),
    orders: new Set(),
    returns: new Set(),
    invoiceRequests: new Set(),
  }
}

type Touched = Partial<Record<keyof Affected, Iterable<string | null | undefined>>>
type Touches = (rows: readonly MirrorRow[], db: Queryable, map: FieldMap) => Promise<Touched>

const ids = (rows: readonly MirrorRow[]) => rows.map((row) => row.id)
const parents = (rows: readonly MirrorRow[]) => rows.map((row) => row.parent_id)

const TOUCHES: Partial<Record<MappedResource, Touches>> = {
  product: async (rows) => ({ products: ids(rows) }),
  priceList: async (rows) => ({ priceLists: ids(rows) }),
  priceListDealer: async (rows) => ({ priceLists: parents(rows) }),
  priceListItem: async (rows) => ({ priceItems: ids(rows) }),
  order: async (rows) => ({ orders: ids(rows) }),
  orderLine: async (rows) => ({ orders: parents(rows) }),
  delivery: async (rows) => ({ orders: parents(rows) }),
  deliveryLine: async (rows, db, map) => {
    const notes = await recordsById(
      db,
      map.delivery.object,
      rows.map((row) => row.parent_id ?? ''),
    )
    return { orders: parents(notes) }
  },
  return: async (rows) => ({ returns: ids(rows), orders: parents(rows) }),
  returnLine: async (rows) => ({ returns: parents(rows) }),
  refund: async (rows) => ({ returns: parents(rows) }),
  invoiceRequest: async (rows) => ({ invoiceRequests: ids(rows) }),
  invoiceRequestLine: async (rows, _db, map) => ({
    invoiceRequests: parents(rows),
    orders: rows.map((row) => lookupId(row.data[map.invoiceRequestLine.order])),
  }),
}

/** Order matters: orders last (see the module comment). */
const PROJECTIONS: Projection[] = [
  productsProjection,
  priceListItemsProjection,
  priceListsProjection,
  returnsProjection,
  invoiceRequestsProjection,
  ordersProjection,
]

/** Which Portal records a changed page of `resource` touches, added to `into`. */
export async function affectedBy(
  db: Queryable,
  map: FieldMap,
  resource: string,
  rows: readonly MirrorRow[],
  into = emptyAffected(),
): Promise<Affected> {
  const touches = TOUCHES[resource as MappedResource]
  if (!touches || rows.length === 0) return into
  const touched = await touches(rows, db, map)
  for (const [key, values] of Object.entries(touched) as [keyof Affected, Iterable<string>][]) {
    for (const value of values) if (value) into[key].add(value)
  }
  return into
}

/** Re-projects everything in `affected` into the feeds. Answers the written JSON by feedKey. */
export async function project(
  tx: Queryable,
  map: FieldMap,
  affected: Affected,
  now = Date.now(),
): Promise<Map<string, string>> {
  const context = { tx, map, labels: await loadLabels(tx), now }
  const writes: FeedWrite[] = []
  for (const projection of PROJECTIONS) {
    const touched = affected[projection.key]
    if (touched.size === 0) continue
    const result = await projection.project(context, [...touched])
    writes.push(...result.writes)
    for (const orderId of result.orders ?? []) if (orderId) affected.orders.add(orderId)
  }
  return writeFeedEntries(tx, writes, now)
}
