/**
 * The cache's sql.js (see node/sqlJs.ts for the loader): `:memory:` databases and packed rows.
 *
 * The cache's database lives in SQLite's own memory (`:memory:`, pages in the WebAssembly heap),
 * not in a file of sql.js's in-memory file system: that file is one JavaScript Uint8Array which
 * every write past its end copies into a new one 1.125 times larger (a full 100k sync copied
 * ~600 MB and left the old arrays to the garbage collector), and every page SQLite reads or writes
 * crosses it. sql.js opens only such files, so `openMemoryDatabase` swaps the handle of a
 * `Database` for one opened on `:memory:` (sqlite3_open and the backup API are exported by
 * sql.js).
 */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js'
import {
  internalsOf,
  sqlJsHeap,
  sqliteError,
  SQLITE_DONE,
  SQLITE_OK,
  SQLITE_STATIC,
  withStatement,
  type HandleOf,
} from '../../../node/sqlJs'
import { PACKED_INT, PACKED_NULL, PACKED_REAL, type PackedRows } from './packedRows'

export { loadSqlJs, resolveSqlJsWasm, sqlJsHeapBytes, type SqlJsOptions } from '../../../node/sqlJs'

/**
 * A sql.js Database whose main database is SQLite's `:memory:`; when `image` is given (a
 * database file), its pages are copied in with the backup API. Throws when the image is not a
 * database SQLite can read. Everything else (prepare, exec, export, close) is sql.js's own.
 */
export function openMemoryDatabase(SQL: SqlJsStatic, image?: Uint8Array): Database {
  const internals = internalsOf(SQL)
  const database = new SQL.Database() as HandleOf
  try {
    internals._sqlite3_close_v2(database.db!)
    database.db = null
    const out = internals._malloc(4)
    let handle: number
    try {
      const code = internals.cwrap('sqlite3_open', 'number', ['string', 'number'])(':memory:', out)
      handle = new Int32Array(sqlJsHeap().buffer, out, 1)[0]!
      if (code !== SQLITE_OK) throw new Error(`sqlite3_open(:memory:) failed (${code})`)
    } finally {
      internals._free(out)
    }
    database.db = handle
    internals._RegisterExtensionFunctions(handle)
    if (image) copyImage(SQL, database, image)
    return database
  } catch (error) {
    if (database.db !== null) database.close()
    throw error
  }
}

/** Copies a database file's pages into the (empty) in-memory database. */
function copyImage(SQL: SqlJsStatic, target: HandleOf, image: Uint8Array): void {
  const internals = internalsOf(SQL)
  // An in-memory destination keeps its page size through a backup: give it the image's.
  const rawPageSize = (image[16]! << 8) | image[17]!
  target.exec(`PRAGMA page_size = ${rawPageSize === 1 ? 65536 : rawPageSize}`)
  const source = new SQL.Database(image) as HandleOf
  try {
    const backup = internals.cwrap('sqlite3_backup_init', 'number', [
      'number',
      'string',
      'number',
      'string',
    ])(target.db, 'main', source.db, 'main')
    if (backup === 0) throw new Error(internals.UTF8ToString(internals._sqlite3_errmsg(target.db!)))
    const step = internals._sqlite3_backup_step(backup, -1)
    const finish = internals._sqlite3_backup_finish(backup)
    if (step !== SQLITE_DONE || finish !== SQLITE_OK) {
      const message = internals.UTF8ToString(internals._sqlite3_errmsg(target.db!))
      throw new Error(`cannot read the database image (${step}/${finish}): ${message}`)
    }
  } finally {
    source.close()
  }
}

/**
 * Runs `sql` once per row of `rows` (row values bound to parameters 1..width, then `trailing` to
 * the parameters after them, the same for every row) and returns the rows changed. The rows' text
 * is copied into SQLite's memory once and bound where it lies (packedRows.ts). Throws SQLite's
 * message at the first failing row; the caller's transaction decides what stays.
 */
export function runPackedRows(
  SQL: SqlJsStatic,
  database: Database,
  sql: string,
  rows: PackedRows,
  trailing: readonly SqlValue[] = [],
): number {
  const internals = internalsOf(SQL)
  const { width, count, sizes, values, bytes } = rows
  // Placeholders for the row's values, then the trailing ones (bound once: a reset keeps them).
  const params: SqlValue[] = [...new Array<null>(width).fill(null), ...trailing]
  return withStatement(SQL, database, sql, params, (statement, handle) => {
    const data = internals._malloc(Math.max(1, bytes.length))
    try {
      // A fresh view: malloc may have grown the memory.
      sqlJsHeap().set(bytes, data)
      let changed = 0
      for (let row = 0, cell = 0; row < count; row++) {
        for (let index = 1; index <= width; index++, cell++) {
          const size = sizes[cell]!
          const value = values[cell]!
          const code =
            size >= 0
              ? internals._sqlite3_bind_text(statement, index, data + value, size, SQLITE_STATIC)
              : size === PACKED_INT
                ? internals._sqlite3_bind_int(statement, index, value)
                : size === PACKED_REAL
                  ? internals._sqlite3_bind_double(statement, index, value)
                  : size === PACKED_NULL
                    ? internals._sqlite3_bind_text(statement, index, 0, 0, SQLITE_STATIC)
                    : -1
          if (code !== SQLITE_OK) throw sqliteError(SQL, handle, `row ${row}: bind ${index}`, code)
        }
        const stepped = internals._sqlite3_step(statement)
        if (stepped !== SQLITE_DONE)
          throw sqliteError(SQL, handle, `row ${row}`, internals._sqlite3_reset(statement))
        changed += internals._sqlite3_changes(handle)
        internals._sqlite3_reset(statement)
      }
      return changed
    } finally {
      internals._free(data)
    }
  })
}
