/**
 * Rows of SQL values packed for one statement run once per row in the cache worker (a sync page's
 * upserts). The worker copies the rows' UTF-8 bytes into SQLite's memory once and binds each value
 * where it lies (sqlJs.ts `runPackedRows`): no JSON for SQLite to parse and take apart again.
 * Binding a 1,000-product page that way costs the worker about half of what extracting the same
 * columns from one bound JSON array did (13 json_extract calls per row were ~3/4 of the insert).
 *
 * The bytes are written here, on the thread that has the values, straight into one buffer
 * (node/byteWriter.ts: native UTF-8, no intermediate copies); the three buffers are moved to the
 * worker, not copied. Values are bound as sql.js binds them: a string as TEXT, an integer in the 32-bit
 * range as INTEGER, any other finite number as REAL (a column of INTEGER affinity stores an
 * integral REAL as INTEGER), a boolean as 1 or 0, null, undefined and non-finite numbers as NULL,
 * and any other value (an object, an array) as its JSON text.
 */

import { ByteWriter } from '../../../node/byteWriter'

/** `sizes[cell]`: the UTF-8 byte length of a TEXT value, or one of these. */
export const PACKED_NULL = -1
export const PACKED_INT = -2
export const PACKED_REAL = -3

export interface PackedRows {
  /** Values per row (bound to parameters 1..width). */
  width: number
  /** Rows. */
  count: number
  /** Per cell (row-major): a TEXT value's byte length, or PACKED_NULL / _INT / _REAL. */
  sizes: Int32Array
  /** Per cell: a TEXT value's offset in `bytes`, or the number. */
  values: Float64Array
  /** The TEXT values' UTF-8 bytes (a prefix of a buffer owned by these rows). */
  bytes: Uint8Array
}

/** Packs `rows` (each `width` values long). */
export function packRows(rows: ReadonlyArray<ReadonlyArray<unknown>>, width: number): PackedRows {
  const cells = rows.length * width
  const sizes = new Int32Array(cells)
  const values = new Float64Array(cells)
  const bytes = new ByteWriter()
  let cell = 0
  for (const row of rows) {
    if (row.length !== width) throw new RangeError(`packRows: a row of ${row.length}, not ${width}`)
    for (let index = 0; index < width; index++, cell++) {
      let value = row[index]
      switch (typeof value) {
        case 'number':
          if ((value | 0) === value) {
            sizes[cell] = PACKED_INT
            values[cell] = value
          } else if (Number.isFinite(value)) {
            sizes[cell] = PACKED_REAL
            values[cell] = value
          } else sizes[cell] = PACKED_NULL
          continue
        case 'boolean':
          sizes[cell] = PACKED_INT
          values[cell] = value ? 1 : 0
          continue
        case 'undefined':
          sizes[cell] = PACKED_NULL
          continue
        case 'string':
          break
        default:
          if (value === null) {
            sizes[cell] = PACKED_NULL
            continue
          }
          value = JSON.stringify(value)
          if (value === undefined) {
            sizes[cell] = PACKED_NULL
            continue
          }
      }
      values[cell] = bytes.length
      sizes[cell] = bytes.text(value as string)
    }
  }
  return {
    width,
    count: rows.length,
    sizes,
    values,
    bytes: bytes.done(),
  }
}

/** Whether `value` is PackedRows (as it arrives in the worker: a structured clone). */
export function isPackedRows(value: unknown): value is PackedRows {
  const rows = value as Partial<PackedRows> | null
  return (
    typeof rows === 'object' &&
    rows !== null &&
    rows.sizes instanceof Int32Array &&
    rows.values instanceof Float64Array &&
    rows.bytes instanceof Uint8Array &&
    Number.isInteger(rows.width) &&
    Number.isInteger(rows.count) &&
    rows.sizes.length === rows.width! * rows.count! &&
    rows.values.length === rows.sizes.length
  )
}

/** The buffers to move with a message carrying `rows`. */
export function packedBuffers(rows: PackedRows): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = []
  for (const view of [rows.sizes, rows.values, rows.bytes]) {
    const { buffer } = view
    if (buffer instanceof ArrayBuffer && !buffers.includes(buffer)) buffers.push(buffer)
  }
  return buffers
}
