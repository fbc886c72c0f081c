/**
 * The cache worker: a `node:worker_threads` thread that owns one sql.js database (see
 * cacheDatabase.ts, which talks to it through cacheRpc.ts). Everything that costs time on a large
 * cache runs here, off the event loop that answers the bridge: reading the file and opening it
 * (quick_check), every statement, atomic batches, and the export + atomic write of the image.
 *
 * Messages in: `{ id, op, args }`; out: `{ id, ok: true, value }` or `{ id, ok: false, error }`.
 * Ops run one at a time in arrival order (sql.js is synchronous), so a statement sent after
 * another sees its effect.
 */
import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort } from 'node:worker_threads'
import { crc32 } from 'node:zlib'
import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js'
import { writeFileAtomic } from '../../../node/atomicFile'
import type { CatalogOps, CatalogWorker } from '../catalog/catalogWorker'
import { checkDatabaseImage } from './cacheSchema'
import { checksumFile, imageChecksum } from './cacheFiles'
import type { CacheWorkerOps, LoadOutcome, WorkerError } from './cacheRpc'
import { isPackedRows } from './packedRows'
import { loadSqlJs, openMemoryDatabase, runPackedRows, sqlJsHeapBytes } from './sqlJs'
import { createOpQueue } from './opQueue'
import { lowerThreadPriority } from './threadPriority'

let SQL: SqlJsStatic | undefined
let database: Database | undefined
const statements = new Map<string, Statement>()

function open(): Database {
  if (!database) throw new Error('cache worker: no database open')
  return database
}

function prepare(sql: string): Statement {
  let statement = statements.get(sql)
  if (!statement) {
    statement = open().prepare(sql)
    statements.set(sql, statement)
  }
  return statement
}

function forget(): void {
  catalog?.reset()
  for (const statement of statements.values()) statement.free()
  statements.clear()
  database?.close()
  database = undefined
}

function newDatabase(bytes?: Uint8Array): Database {
  const created = openMemoryDatabase(SQL!, bytes)
  // The image lives in memory; the journal only needs to support ROLLBACK.
  created.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF')
  return created
}

/**
 * Column names per prepared statement: sql.js's getAsObject decodes them again for every row (a
 * string per column per row: a third of reading 100k products). Forgotten by `exec` and by a
 * `run` of anything but DML (a schema change: SQLite re-prepares the statements it affects).
 */
let columnNames = new WeakMap<Statement, string[]>()

/** A statement that may change the schema (then cached column names are forgotten). */
const schemaChange = (sql: string) => !/^\s*(insert|update|delete|replace|select|with)\b/i.test(sql)

function run(sql: string, params: BindParams = []): number {
  if (schemaChange(sql)) columnNames = new WeakMap()
  const statement = prepare(sql)
  try {
    statement.run(params)
  } finally {
    statement.reset()
  }
  return open().getRowsModified()
}

/** A statement run once per packed row (a sync page's upserts: packedRows.ts). */
function runRows(sql: string, rows: unknown, trailing: BindParams = []): number {
  if (!isPackedRows(rows)) throw new TypeError('cache worker: malformed packed rows')
  if (!Array.isArray(trailing))
    throw new TypeError('cache worker: packed rows take positional params')
  return runPackedRows(SQL!, open(), sql, rows, trailing)
}

function rowObject(statement: Statement): Record<string, unknown> {
  const values = statement.get()
  let names = columnNames.get(statement)
  if (names?.length !== values.length) {
    names = statement.getColumnNames()
    columnNames.set(statement, names)
  }
  const row: Record<string, unknown> = {}
  for (let index = 0; index < values.length; index++) row[names[index]!] = values[index]
  return row
}

function all(sql: string, params: BindParams = []): Record<string, unknown>[] {
  const statement = prepare(sql)
  const rows: Record<string, unknown>[] = []
  try {
    statement.bind(params)
    while (statement.step()) rows.push(rowObject(statement))
  } finally {
    statement.reset()
  }
  return rows
}

/**
 * A full garbage collection of this worker's heap. An exported image (77 MB at 100k products) is
 * garbage once written, but it is one large buffer in the old generation of a heap that grows
 * little afterwards: nothing collected it for minutes (the process stayed ~75 MB larger after a
 * full sync). A collection here costs tens of ms, on this thread, a second after the last persist.
 */
const collectGarbage: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  try {
    setFlagsFromString('--expose-gc')
    return runInNewContext('gc') as () => void
  } catch {
    return () => undefined
  }
})()

/** Images smaller than this are left to the collector's own pace. */
const COLLECT_AFTER_IMAGE_BYTES = 8 * 1024 * 1024
/** Quiet time after the last image write before the collection (persists in a row pay once). */
const COLLECT_DELAY_MS = 1000

let collectTimer: ReturnType<typeof setTimeout> | undefined

function collectSoon(): void {
  if (collectTimer) clearTimeout(collectTimer)
  collectTimer = setTimeout(() => {
    collectTimer = undefined
    enqueue(collectGarbage)
  }, COLLECT_DELAY_MS)
  collectTimer.unref()
}

/** Image writes in flight, in order (a load of the file waits for them). */
let fileWrites: Promise<unknown> = Promise.resolve()

/**
 * Returned by an op whose answer is a file write that follows its synchronous part (persist: the
 * export): the queue moves on to the next op, the answer is posted when the write is done.
 */
class WrittenLater {
  constructor(readonly result: Promise<unknown>) {}
}

// ---- The catalog's ops (search index next to the database: catalog/catalogWorker.ts) ----
// Loaded on the first catalog op, so a worker that never serves the catalog starts as fast as
// before (the module and its index code are not read).

let catalog: CatalogWorker | null = null
let catalogLoading: Promise<CatalogWorker> | null = null

function loadCatalog(): Promise<CatalogWorker> {
  catalogLoading ??= import('../catalog/catalogWorker').then(({ createCatalogWorker }) => {
    catalog = createCatalogWorker({
      database: open,
      all,
      later: (task) => setImmediate(() => enqueue(task)),
    })
    return catalog
  })
  return catalogLoading
}

const isCatalogOp = (op: string): op is keyof CatalogOps => op.startsWith('catalog')

/** The checksum written with the image (cacheFiles.ts `checksumFile`), or null. */
function readChecksum(file: string): string | null {
  try {
    return readFileSync(checksumFile(file), 'utf8')
  } catch {
    return null
  }
}

// ---- The database's ops ----

const ops: Omit<CacheWorkerOps, keyof CatalogOps> = {
  async warm({ wasmPath }) {
    SQL ??= await loadSqlJs({ wasmPath })
  },
  async load({ file, wasmPath, fresh }): Promise<LoadOutcome> {
    await fileWrites
    // sql.js compiles (at startup) on V8's threads while this thread reads the file and its
    // checksum in one go: nothing else runs here meanwhile (ops run one at a time), and a read
    // through the thread pool takes 512 KB at a time (~10–120 ms more for a 78 MB file).
    const loading = SQL ? null : loadSqlJs({ wasmPath })
    loading?.catch(() => undefined)
    let bytes: Uint8Array | undefined
    let written: string | null = null
    let missing = false
    if (!fresh) {
      try {
        bytes = readFileSync(file)
        written = readChecksum(file)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        missing = true
      }
    }
    SQL ??= await loading!
    forget()
    if (missing) return { state: 'missing' }
    if (!bytes) {
      database = newDatabase()
      return { state: 'open' }
    }
    const problem = checkDatabaseImage(bytes)
    if (problem) return { state: 'corrupt', reason: 'unreadable', detail: problem }
    // The image exactly as the last persist wrote it (its checksum beside it matches): SQLite's
    // integrity check, a walk over every page (~0.1–0.25 s at 100k products), is not needed.
    const verified =
      written !== null && written === imageChecksum(crc32(bytes), bytes.length)
        ? 'checksum'
        : 'integrity'
    try {
      database = newDatabase(bytes)
      bytes = undefined // copied into SQLite's memory: the file's bytes can go
      if (verified === 'integrity') {
        const check = database.exec('PRAGMA quick_check')[0]?.values.map((row) => String(row[0]))
        if (check?.[0] !== 'ok') {
          forget()
          return {
            state: 'corrupt',
            reason: 'integrity',
            detail: (check ?? []).slice(0, 5).join('; '),
          }
        }
      }
    } catch (error) {
      forget()
      return { state: 'corrupt', reason: 'unreadable', detail: String(error) }
    }
    return { state: 'open', verified }
  },
  close() {
    forget()
  },
  exec({ sql }) {
    columnNames = new WeakMap()
    open().exec(sql)
  },
  run: ({ sql, params }) => run(sql, params),
  all: ({ sql, params }) => all(sql, params),
  get({ sql, params }) {
    const statement = prepare(sql)
    try {
      statement.bind(params ?? [])
      return statement.step() ? rowObject(statement) : undefined
    } finally {
      statement.reset()
    }
  },
  batch({ statements: batch, atomic }) {
    const db = open()
    if (atomic) db.exec('BEGIN')
    try {
      const changes = batch.map((statement) =>
        statement.rows
          ? runRows(statement.sql, statement.rows, statement.params)
          : run(statement.sql, statement.params),
      )
      if (atomic) db.exec('COMMIT')
      return changes
    } catch (error) {
      if (atomic) db.exec('ROLLBACK')
      throw error
    }
  },
  persist({ file }) {
    const started = performance.now()
    let image: Uint8Array | null = open().export()
    const bytes = image.length
    const checksum = imageChecksum(crc32(image), bytes)
    // The write goes on while the next ops run (see WrittenLater): reads wait for the export only.
    // The checksum follows the image: a crash between them leaves the previous image's, which does
    // not match, and the next load checks the image's integrity instead.
    const written = fileWrites
      .then(() => writeFileAtomic(file, image!))
      .then(() => writeFileAtomic(checksumFile(file), checksum))
      .finally(() => {
        image = null
        // Nothing else would collect the image soon (see collectGarbage).
        if (bytes >= COLLECT_AFTER_IMAGE_BYTES) collectSoon()
      })
    fileWrites = written.catch(() => undefined)
    return new WrittenLater(
      written.then(() => ({ bytes, ms: performance.now() - started })),
    ) as never
  },
  memory({ gc }) {
    // With --expose-gc (the bench), garbage is collected first: what is held, not what is left.
    if (gc) (globalThis as { gc?: () => void }).gc?.()
    return { usage: process.memoryUsage(), ...databaseSize(), wasmBytes: sqlJsHeapBytes() }
  },
}

function databaseSize(): { databaseBytes: number; freeBytes: number } {
  if (!database) return { databaseBytes: 0, freeBytes: 0 }
  const [pages, pageSize, free] = ['page_count', 'page_size', 'freelist_count'].map((pragma) =>
    Number(open().exec(`PRAGMA ${pragma}`)[0]?.values[0]?.[0] ?? 0),
  )
  return { databaseBytes: pages! * pageSize!, freeBytes: free! * pageSize! }
}

function toWorkerError(error: unknown): WorkerError {
  if (error instanceof Error) {
    const { code, params } = error as Error & { code?: unknown; params?: unknown }
    return {
      name: error.name,
      message: error.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(params && typeof params === 'object'
        ? { params: params as Record<string, unknown> }
        : {}),
    }
  }
  return { name: 'Error', message: String(error) }
}

// One op at a time (opQueue.ts); a persist holds the queue for its export, not for the file write
// that follows, and one sent `whenIdle` waits for the ops behind it and the index's last pages.
const { enqueue, whenIdle } = createOpQueue({
  behind: () => catalog?.behind() ?? false,
  onError: (error) => console.error('cache worker: background task failed', error),
})

type Message = { id: number; op: keyof CacheWorkerOps; args: never }

function handle(message: Message): void {
  const answer = (value: unknown) => parentPort!.postMessage({ id: message.id, ok: true, value })
  const fail = (error: unknown) =>
    parentPort!.postMessage({ id: message.id, ok: false, error: toWorkerError(error) })
  // A persist sent `whenIdle` comes back here, as a plain one, once the worker is idle.
  const args = message.args as { whenIdle?: boolean }
  if (message.op === 'persist' && args.whenIdle)
    return whenIdle(() => handle({ ...message, args: { ...args, whenIdle: false } as never }))
  enqueue(async () => {
    try {
      let value: unknown
      if (isCatalogOp(message.op)) {
        const catalogWorker = catalog ?? (await loadCatalog())
        // An op needing the search index waits for it outside the queue; the others go on.
        const wait = catalogWorker.needsIndex(message.op) ? catalogWorker.notReady() : null
        if (wait) {
          void wait.then(() => handle(message))
          return
        }
        value = await (catalogWorker.ops[message.op] as (args: never) => unknown)(message.args)
      } else {
        value = await (ops[message.op as keyof typeof ops] as (args: never) => unknown)(
          message.args,
        )
      }
      catalog?.afterOp(message.op, message.args)
      if (value instanceof WrittenLater) value.result.then(answer, fail)
      else answer(value)
    } catch (error) {
      catalog?.afterOp(message.op, message.args)
      fail(error)
    }
  })
}
// Background work: the main thread, which answers the bridge, gets a core first (Linux).
if (parentPort) lowerThreadPriority()
parentPort?.on('message', handle)
