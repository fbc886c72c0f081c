/**
 * The query paging of the OpenAPI client: by offset up to `maxOffset` (ShareCRM refuses beyond
 * 10,000 with 10013), then by keyset on (last_modified_time, _id) with AND-only filters:
 *   1. `time EQ t` + `_id GT id`, offset 0, page after page (the rows sharing the last time t,
 *      however many: a bulk import gives thousands the same time);
 *   2. then `time GT t`, by offset again from 0, and so on.
 * `total` (when answered) ends a phase without an extra empty call.
 */
import { KEY_ORDERS, type QueryPage, type ShareCrmFilter, type ShareCrmOrder, eq } from './types'

export interface PagingSpec {
  api: string
  filters: ShareCrmFilter[]
  orders: ShareCrmOrder[]
  limit: number
  maxOffset: number
}

export function isKeyOrder(orders: ShareCrmOrder[]): boolean {
  return (
    orders.length === 2 &&
    orders.every((order, index) => order.fieldName === KEY_ORDERS[index]?.fieldName && order.isAsc)
  )
}

export async function* pages(
  spec: PagingSpec,
  fetchPage: (filters: ShareCrmFilter[], offset: number) => Promise<QueryPage>,
): AsyncGenerator<QueryPage> {
  const { api, filters: base, limit, maxOffset } = spec
  const keyset = isKeyOrder(spec.orders)
  let filters = base
  let phase: 'offset' | 'ties' = 'offset'
  let offset = 0
  let seen = 0
  let after: { time: unknown; id: string } | null = null
  for (;;) {
    const tieFilters = after && [
      ...base,
      eq('last_modified_time', after.time),
      { field_name: '_id', operator: 'GT' as const, field_values: [after.id] },
    ]
    const result = await fetchPage(
      phase === 'ties' && tieFilters ? tieFilters : filters,
      phase === 'ties' ? 0 : offset,
    )
    if (result.records.length > 0) yield result
    const last = result.records[result.records.length - 1]
    const got = phase === 'ties' ? result.records.length : offset + result.records.length
    const exhausted =
      result.records.length < limit || (result.total !== null && got >= result.total)
    if (phase === 'ties' && after) {
      if (last) after = { time: after.time, id: String(last._id) }
      if (!exhausted) continue
      // Past the rows sharing time t: on to later times, by offset again.
      phase = 'offset'
      filters = [
        ...base,
        { field_name: 'last_modified_time', operator: 'GT', field_values: [after.time] },
      ]
      offset = 0
      continue
    }
    seen += result.records.length
    if (exhausted || !last) return
    offset += limit
    if (offset > maxOffset) {
      if (!keyset)
        throw new Error(
          `ShareCRM query of ${api} passed offset ${maxOffset} (${seen} rows) with orders that allow no keyset paging`,
        )
      after = { time: last.last_modified_time, id: String(last._id) }
      phase = 'ties'
    }
  }
}
