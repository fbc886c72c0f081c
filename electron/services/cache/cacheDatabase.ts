/**
 * The local cache: one sql.js database per (server, dealer), held in memory and persisted whole.
 *
 * Invariants:
 * - The file on disk is always a complete database: persistence exports the image and replaces
 *   the file atomically (temporary file, fsync, rename, directory fsync). A crash at any moment
 *   leaves the previous or the next image, never a torn one.
 * - Changes are persisted off the hot path: `run`/`exec`/`markDirty` schedule one debounced write
 *   (`persistDelayMs` after the last change, at most `maxPersistDelayMs` after the first), so a
 *   burst of changes costs one write. Writes are serialized; a failed write keeps the database
 *   dirty, is reported through `onPersistError`, and is retried on the next change, `flush` or
 *   `close`.
 * - An unreadable file (not SQLite, truncated, failing `PRAGMA quick_check`, a throwing migration,
 *   a schema newer than this build) is moved aside, never deleted, and replaced by a fresh
 *   database; `onCorrupt` is told and `schemaChanged` is true so the sync engine does a full sync.
 *
 * sql.js is synchronous: a `transaction` cannot interleave with anything else, so never `await`
 * inside one.
 */
import { readFile } from 'node:fs/promises'
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js'
import { PortalError } from '../../../shared/contract/result'
import { moveAside, removeStaleTemporaryFiles, writeFileAtomic } from '../../../node/atomicFile'
import { checkDatabaseImage, migrate, type CacheMigration } from './cacheSchema'
import { loadSqlJs, type SqlJsOptions } from './sqlJs'

export type CacheRow = Record<string, SqlValue>

/** The SQL surface shared by the database and by migrations. */
export interface CacheSql {
  /** One or more statements without parameters (DDL). Marks the database dirty. */
  exec(sql: string): void
  /** One statement; returns the number of rows it changed. Marks the database dirty. */
  run(sql: string, params?: BindParams): number
  all<T = CacheRow>(sql: string, params?: BindParams): T[]
  get<T = CacheRow>(sql: string, params?: BindParams): T | undefined
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
  /** Runs `work` in BEGIN/COMMIT (ROLLBACK and rethrow on error). Nested calls join the outer one. */
  transaction<T>(work: () => T): T
  /** Schedules a debounced persist. `run` and `exec` call it for you. */
  markDirty(): void
  /**
   * Holds the debounced persist back until the returned release is called (a full sync writes the
   * image once at its end instead of every few seconds; `flush` and `close` still write).
   */
  holdPersist(): () => void
  /** True while there are changes not yet on disk. */
  isDirty(): boolean
  /** Persists now if dirty; resolves once the image is durably on disk; rejects if the write failed. */
  flush(): Promise<void>
  /** Flushes, then frees the database. Further calls throw. */
  close(): Promise<void>
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

export async function openCacheDatabase(options: CacheDatabaseOptions): Promise<CacheDatabase> {
  const { file, migrations } = options
  const clock = options.clock ?? Date.now
  const SQL = await loadSqlJs(options.sqlJs)
  await removeStaleTemporaryFiles(file)

  let corruption: CacheCorruption | undefined
  let opened = await openExisting(SQL, file, migrations)
  if (opened && 'reason' in opened) {
    const asidePath = await moveAside(file, 'corrupt', clock())
    corruption = { asidePath, reason: opened.reason, detail: opened.detail }
    opened = undefined
  }
  let database: Database
  let migrated: boolean
  let schemaChanged: boolean
  if (opened) {
    ;({ database, migrated, schemaChanged } = opened)
  } else {
    database = newDatabase(SQL)
    // A migration that fails on an empty database is a bug, not corruption: let it throw.
    migrate(database, migrations)
    migrated = true
    schemaChanged = true
  }
  const cache = wrapDatabase(database, options, schemaChanged)
  if (migrated) {
    cache.markDirty()
    await cache.flush()
  }
  if (corruption) options.onCorrupt?.(corruption)
  return cache
}

type OpenOutcome =
  | { database: Database; migrated: boolean; schemaChanged: boolean }
  | { reason: CacheRebuildReason; detail: string }
  | undefined

async function openExisting(
  SQL: SqlJsStatic,
  file: string,
  migrations: readonly CacheMigration[],
): Promise<OpenOutcome> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const problem = checkDatabaseImage(bytes)
  if (problem) return { reason: 'unreadable', detail: problem }
  let database: Database
  try {
    database = newDatabase(SQL, bytes)
    const check = database.exec('PRAGMA quick_check')[0]?.values.map((row) => String(row[0]))
    if (check?.[0] !== 'ok') {
      database.close()
      return { reason: 'integrity', detail: (check ?? []).slice(0, 5).join('; ') }
    }
  } catch (error) {
    return { reason: 'unreadable', detail: String(error) }
  }
  try {
    const result = migrate(database, migrations)
    return { database, migrated: result.applied > 0, schemaChanged: result.requiresResync }
  } catch (error) {
    database.close()
    const newer = error instanceof PortalError && error.code === 'cache.newerSchema'
    return { reason: newer ? 'newerSchema' : 'migration', detail: String(error) }
  }
}

function newDatabase(SQL: SqlJsStatic, bytes?: Uint8Array): Database {
  const database = new SQL.Database(bytes)
  // The image lives in memory; the journal only needs to support ROLLBACK.
  database.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF')
  return database
}

function wrapDatabase(
  database: Database,
  options: CacheDatabaseOptions,
  schemaChanged: boolean,
): CacheDatabase {
  const { file, onPersistError, onPersisted } = options
  const persistDelayMs = options.persistDelayMs ?? 400
  const maxPersistDelayMs = options.maxPersistDelayMs ?? 5000
  const statements = new Map<string, Statement>()
  let depth = 0
  let changeCount = 0
  let persistedCount = 0
  let firstUnpersistedChangeAt: number | undefined
  let lastChangeAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let writing: Promise<void> = Promise.resolve()
  let closed = false
  let holds = 0

  function open(): Database {
    if (closed) throw new Error(`cache database ${file} is closed`)
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
  function persist(): Promise<void> {
    const next = writing.catch(() => undefined).then(writeImage)
    writing = next
    return next
  }

  async function writeImage(): Promise<void> {
    if (changeCount === persistedCount || closed) return
    const target = changeCount
    firstUnpersistedChangeAt = undefined
    const started = performance.now()
    const image = database.export()
    try {
      await writeFileAtomic(file, image)
    } catch (error) {
      onPersistError?.(error)
      throw error
    }
    persistedCount = Math.max(persistedCount, target)
    onPersisted?.({ bytes: image.length, ms: performance.now() - started })
  }

  const cache: CacheDatabase = {
    file,
    schemaVersion: Number(open().exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0),
    schemaChanged,

    exec(sql) {
      open().exec(sql)
      markDirty()
    },
    run(sql, params = []) {
      const statement = prepare(sql)
      try {
        statement.run(params)
      } finally {
        statement.reset()
      }
      markDirty()
      return database.getRowsModified()
    },
    all<T = CacheRow>(sql: string, params: BindParams = []): T[] {
      const statement = prepare(sql)
      const rows: T[] = []
      try {
        statement.bind(params)
        while (statement.step()) rows.push(statement.getAsObject() as T)
      } finally {
        statement.reset()
      }
      return rows
    },
    get<T = CacheRow>(sql: string, params: BindParams = []): T | undefined {
      const statement = prepare(sql)
      try {
        statement.bind(params)
        return statement.step() ? (statement.getAsObject() as T) : undefined
      } finally {
        statement.reset()
      }
    },
    transaction(work) {
      if (depth > 0) return work()
      open().exec('BEGIN')
      depth++
      try {
        const result = work()
        database.exec('COMMIT')
        return result
      } catch (error) {
        database.exec('ROLLBACK')
        throw error
      } finally {
        depth--
        markDirty()
      }
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
    flush() {
      if (timer) clearTimeout(timer)
      timer = undefined
      return persist()
    },
    async close() {
      if (closed) return
      await cache.flush()
      closed = true
      for (const statement of statements.values()) statement.free()
      statements.clear()
      database.close()
    },
  }
  return cache
}
