/**
 * The local cache: one sql.js database per (server, dealer), owned by a worker thread
 * (cacheWorker.ts) and persisted whole. The main thread holds only this async handle: every call
 * is a message to the worker, so opening a 130 MB file, writing a sync page or exporting the image
 * never holds the event loop that answers the bridge.
 *
 * Invariants:
 * - The file on disk is always a complete database: persistence exports the image and replaces
 *   the file atomically (temporary file, fsync, rename, directory fsync), in the worker. A crash at
 *   any moment leaves the previous or the next image, never a torn one.
 * - Changes are persisted off the hot path: `run`/`exec`/`batch`/`markDirty` schedule one debounced
 *   write (`persistDelayMs` after the last change, at most `maxPersistDelayMs` after the first), so
 *   a burst of changes costs one write. Writes are serialized; a failed write keeps the database
 *   dirty, is reported through `onPersistError`, and is retried on the next change, `flush` or
 *   `close`.
 * - An unreadable file (not SQLite, truncated, failing `PRAGMA quick_check`, a throwing migration,
 *   a schema newer than this build) is moved aside, never deleted, and replaced by a fresh
 *   database; `onCorrupt` is told and `schemaChanged` is true so the sync engine does a full sync.
 * - Calls reach the worker in the order they are made and run there one at a time.
 *   `transaction(work)` is exclusive: while its work runs (BEGIN ... COMMIT in the worker), calls
 *   made from outside it wait, calls made inside it (tracked with AsyncLocalStorage, across
 *   awaits) go through, and nested transactions join it. Keep transactions short: the work runs on
 *   this thread and every statement is a round trip. `batch(statements)` is the cheap atomic form:
 *   one message, executed in the worker inside BEGIN/COMMIT.
 * - `catalog(op, args)` reaches the catalog's ops in the worker (catalog/catalogWorker.ts): the
 *   search index lives there, next to the data it indexes.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { BindParams } from 'sql.js'
import { PortalError } from '../../../shared/contract/result'
import { moveAside, removeStaleTemporaryFiles } from '../../../node/atomicFile'
import { checksumFile } from './cacheFiles'
import { migrate, type CacheMigration } from './cacheSchema'
import {
  startCacheWorker,
  type CacheRow,
  type CacheRpc,
  type CacheStatement,
  type CacheWorkerOps,
  type WorkerMemory,
} from './cacheRpc'
import type { SqlJsOptions } from './sqlJs'
import type { CatalogOps } from '../catalog/catalogWorker'

export type { CacheRow, CacheStatement, WorkerMemory } from './cacheRpc'

/** The SQL surface shared by the database and by migrations. Every call goes to the worker. */
export interface CacheSql {
  /** One or more statements without parameters (DDL). Marks the database dirty. */
  exec(sql: string): Promise<void>
  /** One statement; resolves to the number of rows it changed. Marks the database dirty. */
  run(sql: string, params?: BindParams): Promise<number>
  all<T = CacheRow>(sql: string, params?: BindParams): Promise<T[]>
  get<T = CacheRow>(sql: string, params?: BindParams): Promise<T | undefined>
}

export interface CacheDatabase extends CacheSql {
  readonly file: string
  /** `PRAGMA user_version` after migrations. */
  readonly schemaVersion: number
  /**
   * True when the file was created or rebuilt now, or migrated past a version marked
   * `requiresResync`: the cached data cannot be trusted to be complete, do a full resync.
   */
  readonly schemaChanged: boolean
  /**
   * How the file opened was found intact: its checksum matched the one written with it (the image
   * is what the last persist wrote), or SQLite's integrity check passed; null for a database
   * created now (new or rebuilt).
   */
  readonly verifiedBy: 'checksum' | 'integrity' | null
  /**
   * Runs `work` in BEGIN/COMMIT (ROLLBACK and rethrow on error), exclusively: other callers wait.
   * Nested calls join the outer one. Await every statement inside it.
   */
  transaction<T>(work: () => Promise<T> | T): Promise<T>
  /**
   * Statements run in order in one message, atomically (inside a transaction they join it);
   * resolves to the rows each changed.
   */
  batch(statements: readonly CacheStatement[]): Promise<number[]>
  /** Schedules a debounced persist. `run`, `exec` and `batch` call it for you. */
  markDirty(): void
  /**
   * Holds the debounced persist back until the returned release is called (a full sync writes the
   * image once at its end instead of every few seconds; `flush` and `close` still write).
   */
  holdPersist(): () => void
  /** True while there are changes not yet on disk. */
  isDirty(): boolean
  /**
   * Persists now if dirty; resolves once the image is durably on disk; rejects if the write failed.
   * `whenIdle`: the export waits for the ops already sent to the worker and for the search index to
   * take the changes (the end of a sync: what the user looks at next is not kept waiting behind a
   * write of the whole image).
   */
  flush(options?: { whenIdle?: boolean }): Promise<void>
  /** Flushes, then stops the worker. Further calls reject. */
  close(): Promise<void>
  /** What the worker holds (diagnostics). */
  memory(options?: { gc?: boolean }): Promise<WorkerMemory>
  /** One of the catalog's ops, run in the worker next to the data (catalog/catalogWorker.ts). */
  catalog<K extends keyof CatalogOps>(
    op: K,
    args: Parameters<CatalogOps[K]>[0],
  ): Promise<Awaited<ReturnType<CatalogOps[K]>>>
}

export type CacheRebuildReason = 'unreadable' | 'integrity' | 'migration' | 'newerSchema'

export interface CacheCorruption {
  /** Where the unreadable file now lives (kept for support). */
  asidePath: string
  reason: CacheRebuildReason
  /** Technical detail for the log, not for the user. */
  detail: string
}

export interface CacheDatabaseOptions {
  file: string
  migrations: readonly CacheMigration[]
  /** Quiet time after the last change before a persist, ms. */
  persistDelayMs?: number
  /** Longest a change waits for a persist while changes keep coming, ms. */
  maxPersistDelayMs?: number
  /** The file was unreadable and has been replaced; tell the user (`notice.cache.rebuilt`). */
  onCorrupt?: (corruption: CacheCorruption) => void
  /** A persist failed; the changes stay in memory and are written on the next attempt. */
  onPersistError?: (error: unknown) => void
  /** An image is durably on disk: its size in bytes and the export + write time in ms. */
  onPersisted?: (write: { bytes: number; ms: number }) => void
  /** Epoch ms, used to name moved-aside files. */
  clock?: () => number
  sqlJs?: SqlJsOptions
}

/** The notice the UI shows when `onCorrupt` fired (translated by the renderer). */
export const CACHE_REBUILT_NOTICE = 'notice.cache.rebuilt'

export { cacheFileName, cacheFilePath } from './cacheFiles'

/** Raw SQL over a worker, bypassing the handle's ordering (used while opening). */
function rawSql(rpc: CacheRpc): CacheSql {
  return {
    exec: (sql) => rpc.call('exec', { sql }),
    run: (sql, params) => rpc.call('run', { sql, params }),
    all: <T>(sql: string, params?: BindParams) => rpc.call('all', { sql, params }) as Promise<T[]>,
    get: <T>(sql: string, params?: BindParams) =>
      rpc.call('get', { sql, params }) as Promise<T | undefined>,
  }
}

type OpenOutcome =
  | { migrated: boolean; schemaChanged: boolean; verifiedBy: 'checksum' | 'integrity' }
  | { reason: CacheRebuildReason; detail: string }
  | undefined

/** Loads `file` in the worker and migrates it; undefined when there is no file. */
async function openExisting(rpc: CacheRpc, options: CacheDatabaseOptions): Promise<OpenOutcome> {
  const loaded = await rpc.call('load', {
    file: options.file,
    wasmPath: options.sqlJs?.wasmPath,
    fresh: false,
  })
  if (loaded.state === 'missing') return undefined
  if (loaded.state === 'corrupt') return { reason: loaded.reason, detail: loaded.detail }
  try {
    const result = await migrate(rawSql(rpc), options.migrations)
    return {
      migrated: result.applied > 0,
      schemaChanged: result.requiresResync,
      verifiedBy: loaded.verified ?? 'integrity',
    }
  } catch (error) {
    await rpc.call('close', {})
    const newer =
      (error instanceof PortalError || (error as { code?: unknown }).code !== undefined) &&
      (error as { code?: unknown }).code === 'cache.newerSchema'
    return { reason: newer ? 'newerSchema' : 'migration', detail: String(error) }
  }
}

async function userVersion(sql: CacheSql): Promise<number> {
  const row = await sql.get<{ user_version: number }>('PRAGMA user_version')
  return Number(row?.user_version ?? 0)
}

export async function openCacheDatabase(options: CacheDatabaseOptions): Promise<CacheDatabase> {
  const { file, migrations } = options
  const clock = options.clock ?? Date.now
  await removeStaleTemporaryFiles(file)
  await removeStaleTemporaryFiles(checksumFile(file))
  const rpc = startCacheWorker({ wasmPath: options.sqlJs?.wasmPath })
  try {
    let corruption: CacheCorruption | undefined
    let opened = await openExisting(rpc, options)
    if (opened && 'reason' in opened) {
      const asidePath = await moveAside(file, 'corrupt', clock())
      corruption = { asidePath, reason: opened.reason, detail: opened.detail }
      opened = undefined
    }
    let migrated: boolean
    let schemaChanged: boolean
    let verifiedBy: CacheDatabase['verifiedBy'] = null
    if (opened) {
      ;({ migrated, schemaChanged, verifiedBy } = opened)
    } else {
      await rpc.call('load', { file, wasmPath: options.sqlJs?.wasmPath, fresh: true })
      // A migration that fails on an empty database is a bug, not corruption: let it throw.
      await migrate(rawSql(rpc), migrations)
      migrated = true
      schemaChanged = true
    }
    const cache = wrapDatabase(rpc, options, {
      schemaChanged,
      schemaVersion: await userVersion(rawSql(rpc)),
      verifiedBy,
    })
    if (migrated) {
      cache.markDirty()
      await cache.flush()
    }
    if (corruption) options.onCorrupt?.(corruption)
    return cache
  } catch (error) {
    await rpc.terminate()
    throw error
  }
}

function wrapDatabase(
  rpc: CacheRpc,
  options: CacheDatabaseOptions,
  opened: Pick<CacheDatabase, 'schemaChanged' | 'schemaVersion' | 'verifiedBy'>,
): CacheDatabase {
  const { schemaChanged, schemaVersion, verifiedBy } = opened
  const { file, onPersistError, onPersisted } = options
  const persistDelayMs = options.persistDelayMs ?? 400
  const maxPersistDelayMs = options.maxPersistDelayMs ?? 5000
  let changeCount = 0
  let persistedCount = 0
  let firstUnpersistedChangeAt: number | undefined
  let lastChangeAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> = Promise.resolve()
  let closed = false
  let closing: Promise<void> | null = null
  let holds = 0
  // The exclusive section (a transaction or the close) running now, and its end.
  const context = new AsyncLocalStorage<symbol>()
  let owner: symbol | null = null
  let ended: Promise<void> = Promise.resolve()

  function inside(): boolean {
    return owner !== null && context.getStore() === owner
  }

  /** Sends `op` now, or after the exclusive section that others are waiting on. */
  function call<K extends keyof CacheWorkerOps>(
    op: K,
    args: Parameters<CacheWorkerOps[K]>[0],
  ): Promise<Awaited<ReturnType<CacheWorkerOps[K]>>> {
    if (closed) return Promise.reject(new Error(`cache database ${file} is closed`))
    if (owner !== null && !inside()) return ended.then(() => call(op, args))
    return rpc.call(op, args)
  }

  /** Runs `work` alone: outside calls wait until it ends. Not re-entrant (see transaction). */
  async function exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (owner !== null) await ended
    if (closed) throw new Error(`cache database ${file} is closed`)
    const token = Symbol('cache exclusive')
    let end!: () => void
    owner = token
    ended = new Promise<void>((resolve) => (end = resolve))
    try {
      return await context.run(token, work)
    } finally {
      owner = null
      end()
    }
  }

  function markDirty(): void {
    if (closed) return
    changeCount++
    lastChangeAt = Date.now()
    firstUnpersistedChangeAt ??= lastChangeAt
    // One armed timer at a time (re-arming on every row would dominate bulk inserts); when it
    // fires early it re-arms for the rest of the quiet period.
    if (!timer) arm(persistDelayMs)
  }

  function arm(wait: number): void {
    timer = setTimeout(onTimer, Math.max(0, wait))
    timer.unref?.()
  }

  function onTimer(): void {
    timer = undefined
    if (changeCount === persistedCount || holds > 0) return
    const now = Date.now()
    const quietUntil = lastChangeAt + persistDelayMs
    const deadline = (firstUnpersistedChangeAt ?? now) + maxPersistDelayMs
    if (now < quietUntil && now < deadline) return arm(Math.min(quietUntil, deadline) - now)
    persist().catch(() => undefined) // reported through onPersistError
  }

  /** Queues one write after the running one; the write exports whatever is current when it starts. */
  function persist(whenIdle = false): Promise<void> {
    const next = writing.catch(() => undefined).then(() => writeImage(whenIdle))
    writing = next
    return next
  }

  async function writeImage(whenIdle: boolean): Promise<void> {
    if (changeCount === persistedCount || closed) return
    const target = changeCount
    firstUnpersistedChangeAt = undefined
    let written: { bytes: number; ms: number }
    try {
      written = await call('persist', { file, whenIdle })
    } catch (error) {
      onPersistError?.(error)
      throw error
    }
    persistedCount = Math.max(persistedCount, target)
    onPersisted?.(written)
  }

  function changed<T>(result: Promise<T>): Promise<T> {
    markDirty()
    return result
  }

  const cache: CacheDatabase = {
    file,
    schemaVersion,
    schemaChanged,
    verifiedBy,

    exec: (sql) => changed(call('exec', { sql })),
    run: (sql, params) => changed(call('run', { sql, params })),
    all: <T>(sql: string, params?: BindParams) => call('all', { sql, params }) as Promise<T[]>,
    get: <T>(sql: string, params?: BindParams) =>
      call('get', { sql, params }) as Promise<T | undefined>,
    batch: (statements) =>
      changed(call('batch', { statements: [...statements], atomic: !inside() })),
    async transaction<T>(work: () => Promise<T> | T): Promise<T> {
      if (inside()) return work()
      return exclusive(async () => {
        await rpc.call('exec', { sql: 'BEGIN' })
        try {
          const result = await work()
          await rpc.call('exec', { sql: 'COMMIT' })
          return result
        } catch (error) {
          await rpc.call('exec', { sql: 'ROLLBACK' }).catch(() => undefined)
          throw error
        } finally {
          markDirty()
        }
      })
    },
    markDirty,
    holdPersist() {
      holds++
      let released = false
      return () => {
        if (released) return
        released = true
        holds--
        if (holds === 0 && !closed && !timer && changeCount !== persistedCount) arm(persistDelayMs)
      }
    },
    isDirty: () => changeCount !== persistedCount,
    flush(options) {
      if (timer) clearTimeout(timer)
      timer = undefined
      return persist(options?.whenIdle)
    },
    catalog: (op, args) => call(op, args),
    memory: (options) => call('memory', { gc: options?.gc }),
    close() {
      closing ??= (async () => {
        await cache.flush()
        await exclusive(async () => {
          closed = true
          if (timer) clearTimeout(timer)
          await rpc.call('close', {})
          await rpc.terminate()
        })
      })()
      return closing
    },
  }
  return cache
}
