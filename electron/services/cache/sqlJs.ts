/**
 * Loads sql.js (SQLite compiled to WebAssembly) once per process. Every cache database of the
 * process shares the one module; a failed load is forgotten so the next call tries again.
 *
 * The cache's database lives in SQLite's own memory (`:memory:`, pages in the WebAssembly heap),
 * not in a file of sql.js's in-memory file system: that file is one JavaScript Uint8Array which
 * every write past its end copies into a new one 1.125 times larger (a full 100k sync copied
 * ~600 MB and left the old arrays to the garbage collector), and every page SQLite reads or writes
 * crosses it. sql.js opens only such files, so `openMemoryDatabase` swaps the handle of a
 * `Database` for one opened on `:memory:` (sqlite3_open and the backup API are exported by
 * sql.js; the WebAssembly memory is caught when the module is instantiated, to read the handle).
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js'
import { PACKED_INT, PACKED_NULL, PACKED_REAL, type PackedRows } from './packedRows'

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
interface SqlJsInternals {
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
  UTF8ToString(pointer: number): string
  stringToNewUTF8(text: string): number
}

/** A sql.js Database's own handle (the `db` field of sql-wasm.js 1.x). */
type HandleOf = Database & { db: number | null }

const SQLITE_OK = 0
const SQLITE_DONE = 101
/** sqlite3_bind_text's destructor: the bytes stay where they are until the statement is reset. */
const SQLITE_STATIC = 0

/** Bytes in use by sql.js's WebAssembly memory (it grows, never shrinks). */
export function sqlJsHeapBytes(): number {
  return wasmMemory?.buffer.byteLength ?? 0
}

/**
 * A sql.js Database whose main database is SQLite's `:memory:`; when `image` is given (a
 * database file), its pages are copied in with the backup API. Throws when the image is not a
 * database SQLite can read. Everything else (prepare, exec, export, close) is sql.js's own.
 */
export function openMemoryDatabase(SQL: SqlJsStatic, image?: Uint8Array): Database {
  const internals = SQL as unknown as SqlJsInternals
  if (!wasmMemory) throw new Error('sql.js was not loaded by loadSqlJs')
  const database = new SQL.Database() as HandleOf
  try {
    internals._sqlite3_close_v2(database.db!)
    database.db = null
    const out = internals._malloc(4)
    let handle: number
    try {
      const code = internals.cwrap('sqlite3_open', 'number', ['string', 'number'])(':memory:', out)
      handle = new Int32Array(wasmMemory.buffer, out, 1)[0]!
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
  const internals = SQL as unknown as SqlJsInternals
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
  const internals = SQL as unknown as SqlJsInternals
  const handle = (database as HandleOf).db
  if (handle === null || !wasmMemory) throw new Error('runPackedRows: database is closed')
  const { width, count, sizes, values, bytes } = rows
  let statement = 0
  let data = 0
  const owned: number[] = []
  const fail = (code: number, what: string): never => {
    throw new Error(
      `${what} (${code}): ${internals.UTF8ToString(internals._sqlite3_errmsg(handle))}`,
    )
  }
  try {
    const sqlPointer = internals.stringToNewUTF8(sql)
    owned.push(sqlPointer)
    const out = internals._malloc(4)
    owned.push(out)
    const prepared = internals._sqlite3_prepare_v2(handle, sqlPointer, -1, out, 0)
    if (prepared !== SQLITE_OK) fail(prepared, 'prepare')
    statement = new Int32Array(wasmMemory.buffer, out, 1)[0]!
    data = internals._malloc(Math.max(1, bytes.length))
    // A fresh view: malloc may have grown the memory (and detached older views).
    new Uint8Array(wasmMemory.buffer).set(bytes, data)
    const bind = (index: number, size: number, value: number) => {
      const code =
        size >= 0
          ? internals._sqlite3_bind_text(statement, index, data + value, size, SQLITE_STATIC)
          : size === PACKED_INT
            ? internals._sqlite3_bind_int(statement, index, value)
            : size === PACKED_REAL
              ? internals._sqlite3_bind_double(statement, index, value)
              : internals._sqlite3_bind_text(statement, index, 0, 0, SQLITE_STATIC)
      if (code !== SQLITE_OK) fail(code, `bind ${index}`)
    }
    // The trailing values once: a reset keeps bindings.
    trailing.forEach((value, offset) => {
      const index = width + 1 + offset
      if (typeof value === 'string') {
        const pointer = internals.stringToNewUTF8(value)
        owned.push(pointer)
        // -1: up to the terminating zero.
        const code = internals._sqlite3_bind_text(statement, index, pointer, -1, SQLITE_STATIC)
        if (code !== SQLITE_OK) fail(code, `bind ${index}`)
      } else if (value === null) bind(index, PACKED_NULL, 0)
      else if (typeof value === 'number')
        bind(index, (value | 0) === value ? PACKED_INT : PACKED_REAL, value)
      else throw new TypeError('runPackedRows: trailing values are text, numbers or null')
    })
    let changed = 0
    for (let row = 0, cell = 0; row < count; row++) {
      for (let index = 1; index <= width; index++, cell++) bind(index, sizes[cell]!, values[cell]!)
      const stepped = internals._sqlite3_step(statement)
      if (stepped !== SQLITE_DONE) fail(internals._sqlite3_reset(statement), `row ${row}`)
      changed += internals._sqlite3_changes(handle)
      internals._sqlite3_reset(statement)
    }
    return changed
  } finally {
    if (statement) internals._sqlite3_finalize(statement)
    if (data) internals._free(data)
    for (const pointer of owned) internals._free(pointer)
  }
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
