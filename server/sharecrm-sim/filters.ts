/**
 * Filter semantics of the simulator's `data/query` (AND-ed filters, ShareCRM operators): EQ, N,
 * IN, NIN, IS, ISN, LIKE, GT, GTE, LT, LTE. Numbers compare as numbers, decimal strings
 * numerically, other values as strings; a multi-value field matches EQ when any value does.
 */
export type SimRecord = Record<string, unknown> & { _id: string; last_modified_time: number }

export interface SimFilter {
  field_name: string
  operator: string
  field_values: unknown[]
}

export interface SimOrder {
  fieldName: string
  isAsc: boolean
}

export class QueryError extends Error {}

export const MAX_ID = '\uffff'
const DECIMAL = /^-?\d+(\.\d+)?$/

export function comparable(
  recordValue: unknown,
  filterValue: unknown,
): [number | string, number | string] | null {
  if (recordValue === null || recordValue === undefined) return null
  if (typeof recordValue === 'number') return [recordValue, Number(filterValue)]
  const text = String(recordValue)
  const other = String(filterValue)
  if (DECIMAL.test(text) && DECIMAL.test(other)) return [Number(text), Number(other)]
  return [text, other]
}

function equals(recordValue: unknown, filterValue: unknown): boolean {
  if (Array.isArray(recordValue)) return recordValue.some((value) => equals(value, filterValue))
  if (recordValue === null || recordValue === undefined)
    return filterValue === null || filterValue === ''
  if (typeof recordValue === 'number') return recordValue === Number(filterValue)
  return String(recordValue) === String(filterValue)
}

export function matches(record: SimRecord, filter: SimFilter): boolean {
  const value = record[filter.field_name]
  const values = filter.field_values ?? []
  const first = values[0]
  switch (filter.operator) {
    case 'EQ':
      return equals(value, first)
    case 'N':
      return !equals(value, first)
    case 'IN':
      return values.some((candidate) => equals(value, candidate))
    case 'NIN':
      return !values.some((candidate) => equals(value, candidate))
    case 'IS':
      return value === null || value === undefined || value === ''
    case 'ISN':
      return !(value === null || value === undefined || value === '')
    case 'LIKE':
      return typeof value === 'string' && value.includes(String(first))
    case 'GT':
    case 'GTE':
    case 'LT':
    case 'LTE': {
      const pair = comparable(value, first)
      if (!pair) return false
      const [a, b] = pair
      if (filter.operator === 'GT') return a > b
      if (filter.operator === 'GTE') return a >= b
      if (filter.operator === 'LT') return a < b
      return a <= b
    }
    default:
      throw new QueryError(`unknown filter operator ${filter.operator}`)
  }
}

export const KNOWN_OPERATORS = new Set([
  'EQ',
  'N',
  'IN',
  'NIN',
  'IS',
  'ISN',
  'LIKE',
  'GT',
  'GTE',
  'LT',
  'LTE',
])
