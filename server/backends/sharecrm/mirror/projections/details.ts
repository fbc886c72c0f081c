/**
 * The line-detail join the document projections share (returns, invoice requests): a document's
 * detail lines by parent, and the numbers of the orders those lines name.
 */
import type { Queryable } from '../../db/driver'
import type { FieldMap } from '../../fieldMap'
import { text } from '../../values'
import { recordsById, recordsByParent, type MirrorRow } from '../records'

export interface DetailLines {
  /** Every row of the line object whose parent is one of the heads (gone ones too), by id. */
  all: MirrorRow[]
  /** The live (not gone) lines of one head, by id. */
  of(headId: string): MirrorRow[]
}

/** The rows of `lineObject` whose parent is one of `heads`. */
export async function detailLines(
  tx: Queryable,
  lineObject: string,
  heads: readonly MirrorRow[],
): Promise<DetailLines> {
  const all = await recordsByParent(
    tx,
    lineObject,
    heads.map((row) => row.id),
  )
  return {
    all,
    of: (headId) => all.filter((line) => line.parent_id === headId && !line.gone),
  }
}

/** The number of each mirrored order of `orderIds` (by id); '' for one not mirrored. */
export async function orderNumbers(
  tx: Queryable,
  map: FieldMap,
  orderIds: readonly string[],
): Promise<(orderId: string) => string> {
  const orders = await recordsById(tx, map.order.object, [...new Set(orderIds)])
  const numbers = new Map(orders.map((order) => [order.id, text(order.data[map.order.number])]))
  return (orderId) => numbers.get(orderId) ?? ''
}
