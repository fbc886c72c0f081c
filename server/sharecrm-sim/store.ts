/**
 * The simulator's record store: objects by apiName, records by `_id`, each object indexed by
 * (last_modified_time, _id) so that a query filtered on a time range and ordered by that key is a
 * binary search, also at 100k+ rows.
 *
 * Public API (stable):
 * - `new SimStore(clock?)`; `store.put(api, record)` inserts or replaces (sets `_id` when missing,
 *   fills `is_deleted`, `life_status`, `create_time`, `last_modified_time`); `store.patch(api, id,
 *   fields)` merges and bumps `last_modified_time` (strictly increasing across the store);
 *   `store.get(api, id)`, `store.remove(api, id)` (a hard delete), `store.all(api)` (key order),
 *   `store.count(api)`, `store.objects()`, `store.newId()`, `store.touch()` (next modification time).
 * - `store.query(api, { filters, orders, offset, limit })` → `{ rows, total }` (throws
 *   `QueryError` for an unknown operator); `store.find(api, predicate)`.
 * - `store.toJson()` / `SimStore.fromJson(text)`: the --data file format.
 */
import {
  KNOWN_OPERATORS,
  MAX_ID,
  QueryError,
  type SimFilter,
  type SimOrder,
  type SimRecord,
  comparable,
  matches,
} from './filters'

export { QueryError, type SimFilter, type SimOrder, type SimRecord } from './filters'

interface ObjectTable {
  byId: Map<string, SimRecord>
  /** Sorted by (last_modified_time, _id). */
  index: SimRecord[]
  version: number
  views: Map<string, SimRecord[]>
}

const TIME = 'last_modified_time'

function compareKey(a: SimRecord, time: number, id: string): number {
  return a.last_modified_time - time || (a._id < id ? -1 : a._id > id ? 1 : 0)
}

/** First position whose key is ≥ (time, id) (or > when `strict`). */
function lowerBound(rows: SimRecord[], time: number, id: string, strict: boolean): number {
  let low = 0
  let high = rows.length
  while (low < high) {
    const middle = (low + high) >> 1
    const order = compareKey(rows[middle] as SimRecord, time, id)
    if (order < 0 || (strict && order === 0)) low = middle + 1
    else high = middle
  }
  return low
}

export class SimStore {
  private tables = new Map<string, ObjectTable>()
  private lastStamp = 0
  private idCounter = 0

  constructor(readonly clock: () => number = Date.now) {}

  /** The next modification time: now, or 1 ms after the last one (strictly increasing). */
  touch(): number {
    this.lastStamp = Math.max(this.clock(), this.lastStamp + 1)
    return this.lastStamp
  }

  newId(): string {
    this.idCounter++
    const time = Math.floor(this.clock() / 1000)
      .toString(16)
      .padStart(8, '0')
    return `${time}${this.idCounter.toString(16).padStart(16, '0')}`
  }

  private table(api: string): ObjectTable {
    let table = this.tables.get(api)
    if (!table) {
      table = { byId: new Map(), index: [], version: 0, views: new Map() }
      this.tables.set(api, table)
    }
    return table
  }

  objects(): string[] {
    return [...this.tables.keys()].sort()
  }

  count(api: string): number {
    return this.tables.get(api)?.byId.size ?? 0
  }

  get(api: string, id: string): SimRecord | undefined {
    return this.tables.get(api)?.byId.get(id)
  }

  all(api: string): SimRecord[] {
    return [...(this.tables.get(api)?.index ?? [])]
  }

  find(api: string, predicate: (record: SimRecord) => boolean): SimRecord[] {
    return (this.tables.get(api)?.index ?? []).filter(predicate)
  }

  /** Inserts or replaces a whole record. Missing bookkeeping fields are filled in. */
  put(api: string, input: Record<string, unknown>): SimRecord {
    const table = this.table(api)
    const id = typeof input._id === 'string' && input._id ? input._id : this.newId()
    const time =
      typeof input.last_modified_time === 'number' ? input.last_modified_time : this.touch()
    if (time > this.lastStamp) this.lastStamp = time
    const record: SimRecord = {
      is_deleted: false,
      life_status: 'normal',
      create_time: time,
      ...input,
      _id: id,
      last_modified_time: time,
    }
    const old = table.byId.get(id)
    if (old) this.unindex(table, old)
    table.byId.set(id, record)
    table.index.splice(lowerBound(table.index, record.last_modified_time, id, false), 0, record)
    this.changed(table)
    return record
  }

  /** Bulk insert of new records (seeding): one sort instead of n splices. */
  putMany(api: string, inputs: Record<string, unknown>[]): void {
    const table = this.table(api)
    for (const input of inputs) {
      const id = typeof input._id === 'string' && input._id ? input._id : this.newId()
      const time =
        typeof input.last_modified_time === 'number' ? input.last_modified_time : this.touch()
      if (time > this.lastStamp) this.lastStamp = time
      const old = table.byId.get(id)
      if (old) this.unindex(table, old)
      const record: SimRecord = {
        is_deleted: false,
        life_status: 'normal',
        create_time: time,
        ...input,
        _id: id,
        last_modified_time: time,
      }
      table.byId.set(id, record)
      table.index.push(record)
    }
    table.index.sort((a, b) => compareKey(a, b.last_modified_time, b._id))
    this.changed(table)
  }

  /** Merges fields into a record and gives it a new last_modified_time. */
  patch(api: string, id: string, fields: Record<string, unknown>): SimRecord {
    const old = this.get(api, id)
    if (!old) throw new Error(`${api} ${id} not found`)
    const { _id: _ignored, last_modified_time: _time, ...rest } = fields
    return this.put(api, { ...old, ...rest, last_modified_time: this.touch() })
  }

  remove(api: string, id: string): boolean {
    const table = this.tables.get(api)
    const old = table?.byId.get(id)
    if (!table || !old) return false
    table.byId.delete(id)
    this.unindex(table, old)
    this.changed(table)
    return true
  }

  private unindex(table: ObjectTable, record: SimRecord): void {
    const at = lowerBound(table.index, record.last_modified_time, record._id, false)
    if (table.index[at] === record) table.index.splice(at, 1)
    else table.index.splice(table.index.indexOf(record), 1)
  }

  private changed(table: ObjectTable): void {
    table.version++
    table.views.clear()
  }

  /**
   * Filters AND-ed; default order (last_modified_time, _id) ascending. With that order, time
   * filters (EQ/GT/GTE/LT/LTE) and `_id GT/GTE` next to `time EQ` become a range of a cached
   * "view" (the rows matching the other filters), so each page costs a binary search.
   */
  query(
    api: string,
    spec: { filters: SimFilter[]; orders: SimOrder[]; offset: number; limit: number },
  ): { rows: SimRecord[]; total: number } {
    for (const filter of spec.filters) {
      if (
        !filter ||
        typeof filter.field_name !== 'string' ||
        !KNOWN_OPERATORS.has(filter.operator) ||
        !Array.isArray(filter.field_values)
      ) {
        throw new QueryError(`bad filter ${JSON.stringify(filter)}`)
      }
    }
    const table = this.tables.get(api)
    if (!table) return { rows: [], total: 0 }
    const orders =
      spec.orders.length > 0
        ? spec.orders
        : [
            { fieldName: TIME, isAsc: true },
            { fieldName: '_id', isAsc: true },
          ]
    const keyOrder =
      orders[0]?.fieldName === TIME &&
      orders[0].isAsc &&
      (orders.length === 1 ||
        (orders.length === 2 && orders[1]?.fieldName === '_id' && orders[1].isAsc))
    // `_id EQ/IN` (look-ups by id): start from those records instead of scanning the object.
    const byIds = spec.filters.find(
      (filter) =>
        filter.field_name === '_id' && (filter.operator === 'EQ' || filter.operator === 'IN'),
    )
    if (byIds || !keyOrder) {
      const candidates = byIds
        ? [...new Set(byIds.field_values.map(String))].flatMap((id) => table.byId.get(id) ?? [])
        : table.index
      const rows = candidates.filter((record) =>
        spec.filters.every((filter) => matches(record, filter)),
      )
      rows.sort((a, b) => {
        if (keyOrder) return compareKey(a, b.last_modified_time, b._id)
        for (const order of orders) {
          const pair = comparable(a[order.fieldName], b[order.fieldName])
          const [x, y] = pair ?? ['', '']
          if (x < y) return order.isAsc ? -1 : 1
          if (x > y) return order.isAsc ? 1 : -1
        }
        return compareKey(a, b.last_modified_time, b._id)
      })
      return { rows: rows.slice(spec.offset, spec.offset + spec.limit), total: rows.length }
    }
    // Range on (time, id): [low, high) positions in the view.
    const timeEq = spec.filters.find(
      (filter) => filter.field_name === TIME && filter.operator === 'EQ',
    )
    const rangeFilters = new Set<SimFilter>()
    const bounds: { low: [number, string, boolean]; high: [number, string, boolean] } = {
      low: [-Infinity, '', false],
      high: [Infinity, MAX_ID, true],
    }
    const raise = (time: number, id: string, strict: boolean) => {
      const [t, i] = bounds.low
      if (time > t || (time === t && id > i) || (time === t && id === i && strict))
        bounds.low = [time, id, strict]
    }
    const lower = (time: number, id: string, strict: boolean) => {
      const [t, i] = bounds.high
      if (time < t || (time === t && id < i) || (time === t && id === i && strict))
        bounds.high = [time, id, strict]
    }
    for (const filter of spec.filters) {
      if (filter.field_name === TIME && filter.field_values.length === 1) {
        const time = Number(filter.field_values[0])
        if (!Number.isFinite(time)) continue
        if (filter.operator === 'EQ') {
          raise(time, '', false)
          lower(time, MAX_ID, false)
        } else if (filter.operator === 'GT') raise(time, MAX_ID, false)
        else if (filter.operator === 'GTE') raise(time, '', false)
        else if (filter.operator === 'LT') lower(time, '', true)
        else if (filter.operator === 'LTE') lower(time, MAX_ID, false)
        else continue
        rangeFilters.add(filter)
      } else if (
        timeEq &&
        filter.field_name === '_id' &&
        (filter.operator === 'GT' || filter.operator === 'GTE')
      ) {
        const time = Number(timeEq.field_values[0])
        if (!Number.isFinite(time)) continue
        raise(time, String(filter.field_values[0]), filter.operator === 'GT')
        rangeFilters.add(filter)
      }
    }
    const rest = spec.filters.filter((filter) => !rangeFilters.has(filter))
    const viewKey = JSON.stringify(rest)
    let view = table.views.get(viewKey)
    if (!view) {
      view =
        rest.length === 0
          ? table.index
          : table.index.filter((record) => rest.every((filter) => matches(record, filter)))
      if (table.views.size > 32) table.views.clear()
      table.views.set(viewKey, view)
    }
    const start = lowerBound(view, bounds.low[0], bounds.low[1], bounds.low[2])
    // high: position of the first row beyond the upper bound.
    const end = lowerBound(view, bounds.high[0], bounds.high[1], !bounds.high[2])
    const total = Math.max(0, end - start)
    const from = start + spec.offset
    return { rows: view.slice(from, Math.min(end, from + spec.limit)), total }
  }

  toJson(): string {
    const objects: Record<string, SimRecord[]> = {}
    for (const [api, table] of this.tables) objects[api] = table.index
    return JSON.stringify({
      version: 1,
      lastStamp: this.lastStamp,
      idCounter: this.idCounter,
      objects,
    })
  }

  /** From `toJson()` text, or that text already parsed. */
  static fromJson(text: string | object, clock?: () => number): SimStore {
    const parsed = (typeof text === 'string' ? JSON.parse(text) : text) as {
      version: number
      lastStamp: number
      idCounter: number
      objects: Record<string, SimRecord[]>
    }
    if (parsed.version !== 1) throw new Error(`unknown simulator data version ${parsed.version}`)
    const store = new SimStore(clock)
    for (const [api, records] of Object.entries(parsed.objects)) store.putMany(api, records)
    store.lastStamp = parsed.lastStamp
    store.idCounter = parsed.idCounter
    return store
  }
}
