/**
 * sql.js (SQLite compiled to WebAssembly) for the client's cache worker and the gateway's sandbox:
 * loaded once per thread (a failed load is forgotten, so the next call tries again), with its
 * WebAssembly memory caught when the module is instantiated. sql.js exports neither its heap nor
 * a bulk copy in or out of it, and copies blobs byte by byte in JavaScript: with the memory, code
 * here moves a row's bytes with one native copy and binds values where they lie (`readStoredJson`
 * below; the cache's packed rows and `:memory:` databases in electron/services/cache/sqlJs.ts).
 * The raw calls go to SQLite's C API, which sql.js exports (its own fields are minified).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js'
import { ByteWriter } from './byteWriter'

export interface SqlJsOptions {
  /**
   * Absolute path of `sql-wasm.wasm`. Electron main passes it when the file is shipped outside
   * node_modules (e.g. unpacked from the asar); otherwise it is resolved from the sql.js package.
   */
  wasmPath?: string
}

/** The parts of the WebAssembly API used here (the electron tsconfig has no DOM typings). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory
  compile(bytes: Uint8Array): Promise<object>
  instantiate(module: object, imports: unknown): Promise<WasmInstance>
}
interface WasmInstance {
  exports: Record<string, unknown>
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

let loading: Promise<SqlJsStatic> | undefined
/** The module's WebAssembly memory (read through a fresh view: it grows). */
let wasmMemory: WasmMemory | undefined

export function loadSqlJs(options: SqlJsOptions = {}): Promise<SqlJsStatic> {
  loading ??= (async () => {
    // Compiled here, so a missing or broken wasm file rejects (instantiateWasm cannot).
    const compiled = await wasm.compile(await readFile(options.wasmPath ?? resolveSqlJsWasm()))
    let failed!: (error: unknown) => void
    const failure = new Promise<never>((_, reject) => (failed = reject))
    const loaded = initSqlJs({
      instantiateWasm(imports, done) {
        wasm.instantiate(compiled, imports).then(
          (instance) => {
            wasmMemory = Object.values(instance.exports).find(
              (value): value is WasmMemory => value instanceof wasm.Memory,
            )
            done(instance as never)
          },
          (error: unknown) => failed(error),
        )
        return {}
      },
    })
    return Promise.race([loaded, failure])
  })().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}

/** The module's exports that sql.js's typings leave out (all present in sql-wasm.js 1.x). */
export interface SqlJsInternals {
  cwrap(name: string, result: string | null, args: string[]): (...args: unknown[]) => number
  _malloc(bytes: number): number
  _free(pointer: number): void
  _sqlite3_close_v2(db: number): number
  _sqlite3_backup_step(backup: number, pages: number): number
  _sqlite3_backup_finish(backup: number): number
  _sqlite3_errmsg(db: number): number
  _RegisterExtensionFunctions(db: number): number
  _sqlite3_prepare_v2(db: number, sql: number, bytes: number, out: number, tail: number): number
  _sqlite3_bind_text(
    statement: number,
    index: number,
    text: number,
    bytes: number,
    destructor: number,
  ): number
  _sqlite3_bind_int(statement: number, index: number, value: number): number
  _sqlite3_bind_double(statement: number, index: number, value: number): number
  _sqlite3_step(statement: number): number
  _sqlite3_reset(statement: number): number
  _sqlite3_finalize(statement: number): number
  _sqlite3_changes(db: number): number
  _sqlite3_column_count(statement: number): number
  _sqlite3_column_type(statement: number, column: number): number
  _sqlite3_column_double(statement: number, column: number): number
  _sqlite3_column_text(statement: number, column: number): number
  _sqlite3_column_blob(statement: number, column: number): number
  _sqlite3_column_bytes(statement: number, column: number): number
  UTF8ToString(pointer: number): string
  stringToNewUTF8(text: string): number
}

/** A sql.js Database's own handle (the `db` field of sql-wasm.js 1.x). */
export type HandleOf = Database & { db: number | null }

export const SQLITE_OK = 0
export const SQLITE_ROW = 100
export const SQLITE_DONE = 101
/** sqlite3_bind_text's destructor: the bytes stay where they are until the statement is reset. */
export const SQLITE_STATIC = 0
const SQLITE_INTEGER = 1
const SQLITE_FLOAT = 2
const SQLITE_TEXT = 3
const SQLITE_NULL = 5

export const internalsOf = (SQL: SqlJsStatic) => SQL as unknown as SqlJsInternals

/** The module's memory as bytes: a fresh view every call (the memory grows). */
export function sqlJsHeap(): Uint8Array {
  if (!wasmMemory) throw new Error('sql.js was not loaded by loadSqlJs')
  return new Uint8Array(wasmMemory.buffer)
}

/** The database's SQLite handle. */
export function handleOf(database: Database): number {
  const handle = (database as HandleOf).db
  if (handle === null || handle === undefined) throw new Error('sql.js: the database is closed')
  return handle
}

/** SQLite's message for the last error on `handle`, prefixed with what failed and its code. */
export function sqliteError(SQL: SqlJsStatic, handle: number, what: string, code: number): Error {
  const internals = internalsOf(SQL)
  return new Error(
    `${what} (${code}): ${internals.UTF8ToString(internals._sqlite3_errmsg(handle))}`,
  )
}

/**
 * Prepares `sql` on the database with SQLite's C API, binds `params` (text, numbers or null) to
 * its first parameters, runs `work` with the statement, and finalizes it (also when `work` throws).
 */
export function withStatement<T>(
  SQL: SqlJsStatic,
  database: Database,
  sql: string,
  params: readonly SqlValue[],
  work: (statement: number, handle: number) => T,
): T {
  const internals = internalsOf(SQL)
  const handle = handleOf(database)
  const owned: number[] = []
  let statement = 0
  try {
    const sqlPointer = internals.stringToNewUTF8(sql)
    owned.push(sqlPointer)
    const out = internals._malloc(4)
    owned.push(out)
    const prepared = internals._sqlite3_prepare_v2(handle, sqlPointer, -1, out, 0)
    if (prepared !== SQLITE_OK) throw sqliteError(SQL, handle, 'prepare', prepared)
    statement = new Int32Array(wasmMemory!.buffer, out, 1)[0]!
    params.forEach((value, offset) => {
      const index = offset + 1
      let code: number
      if (typeof value === 'string') {
        const pointer = internals.stringToNewUTF8(value)
        owned.push(pointer)
        // -1: up to the terminating zero.
        code = internals._sqlite3_bind_text(statement, index, pointer, -1, SQLITE_STATIC)
      } else if (typeof value === 'number')
        code =
          (value | 0) === value
            ? internals._sqlite3_bind_int(statement, index, value)
            : internals._sqlite3_bind_double(statement, index, value)
      else if (value === null)
        code = internals._sqlite3_bind_text(statement, index, 0, 0, SQLITE_STATIC)
      else throw new TypeError('sql.js: parameters here are text, numbers or null')
      if (code !== SQLITE_OK) throw sqliteError(SQL, handle, `bind ${index}`, code)
    })
    return work(statement, handle)
  } finally {
    if (statement) internals._sqlite3_finalize(statement)
    for (const pointer of owned) internals._free(pointer)
  }
}

/** Rows whose last column is JSON text, kept as its UTF-8 bytes (see `readStoredJson`). */
export interface StoredJsonRows {
  /** The other columns of each row (text, numbers or null). */
  rows: SqlValue[][]
  /** Every row's JSON, one after the other. */
  bytes: Buffer
  /** Where each row's JSON ends in `bytes` (it starts where the previous one ends). */
  ends: number[]
}

/**
 * Runs a SELECT whose last column is stored JSON text (a feed's records): the other columns come
 * back as values (an integer as a number, as sql.js reads it), the JSON as its bytes, copied out
 * of SQLite's memory natively and never decoded (sql.js would decode it to a string, which the
 * gateway then encoded again to send it). A NULL there reads `null`.
 */
export function readStoredJson(
  SQL: SqlJsStatic,
  database: Database,
  sql: string,
  params: readonly SqlValue[],
): StoredJsonRows {
  const internals = internalsOf(SQL)
  return withStatement(SQL, database, sql, params, (statement, handle) => {
    const width = internals._sqlite3_column_count(statement)
    const rows: SqlValue[][] = []
    const ends: number[] = []
    const bytes = new ByteWriter()
    for (;;) {
      const stepped = internals._sqlite3_step(statement)
      if (stepped === SQLITE_DONE) break
      if (stepped !== SQLITE_ROW) throw sqliteError(SQL, handle, 'step', stepped)
      const row: SqlValue[] = new Array(width - 1)
      for (let column = 0; column < width - 1; column++) {
        const type = internals._sqlite3_column_type(statement, column)
        if (type === SQLITE_INTEGER || type === SQLITE_FLOAT)
          row[column] = internals._sqlite3_column_double(statement, column)
        else if (type === SQLITE_TEXT)
          row[column] = internals.UTF8ToString(internals._sqlite3_column_text(statement, column))
        else if (type === SQLITE_NULL) row[column] = null
        else throw new TypeError('readStoredJson: only the last column may be a blob')
      }
      rows.push(row)
      // A NULL is JSON null; anything else is read as text (SQLite converts it first, if it must,
      // so the size is read after the pointer).
      if (internals._sqlite3_column_type(statement, width - 1) === SQLITE_NULL) bytes.text('null')
      else {
        const text = internals._sqlite3_column_text(statement, width - 1)
        const size = internals._sqlite3_column_bytes(statement, width - 1)
        bytes.bytes(sqlJsHeap(), text, text + size)
      }
      ends.push(bytes.length)
    }
    return { rows, bytes: bytes.done(), ends }
  })
}

/** Bytes in use by sql.js's WebAssembly memory (it grows, never shrinks). */
export function sqlJsHeapBytes(): number {
  return wasmMemory?.buffer.byteLength ?? 0
}

/**
 * The wasm file inside the installed sql.js package. Under ESM (tsx, vitest) `import.meta.url`
 * anchors the lookup; bundled to CJS by esbuild `import.meta` is empty and the bundle's own
 * `require` is used instead.
 */
export function resolveSqlJsWasm(): string {
  const base = import.meta.url as string | undefined
  const resolver = base ? createRequire(base) : require
  return resolver.resolve('sql.js/dist/sql-wasm.wasm')
}
