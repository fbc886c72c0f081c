/**
 * The gateway database: one query interface over two drivers.
 * - `database` is a directory (or `memory:`) → embedded PostgreSQL (PGlite): one process, one
 *   connection; every statement is serialised by PGlite itself, per-key locks are in-process.
 * - `database` is a `postgres://` URL → a PostgreSQL server through `pg` (a pool): any number of
 *   gateway instances; per-key locks and the poller's leadership are advisory locks held on a
 *   dedicated connection, so they vanish with the process that held them.
 *
 * Plain SQL rather than a query builder or migration tool: no new package can be installed, the
 * SQL is PostgreSQL on both sides (PGlite is PostgreSQL compiled to WASM), so one dialect serves
 * both drivers, and the few statements that matter (keyset feeds, `ON CONFLICT` upserts, the
 * change counter, advisory locks) are clearer and faster written by hand than through a builder.
 * Parameters are always `$n` placeholders, never interpolated values.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'

export type SqlValue = string | number | boolean | null | Date | Buffer
export type SqlParams = readonly unknown[]

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: SqlParams): Promise<Row[]>
}

/** A lock held until `release` (per idempotency key, per leader role). */
export interface HeldLock {
  release(): Promise<void>
}

export interface GatewayDb extends Queryable {
  readonly driver: 'pglite' | 'postgres'
  /** Several `;`-separated statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  /** Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK on a throw). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>
  /** Waits for the named lock (any instance on the same database). */
  lock(name: string): Promise<HeldLock>
  /** The named lock if free now, else null. */
  tryLock(name: string): Promise<HeldLock | null>
  close(): Promise<void>
}

/** Two 32-bit keys for pg_advisory_lock from a lock name (FNV-1a, stable across instances). */
export function lockKeys(name: string): [number, number] {
  let a = 0x811c9dc5
  let b = 0x01000193
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index)
    a = Math.imul(a ^ code, 0x01000193)
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 13)
  }
  return [a | 0, b | 0]
}

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database)
}

/** In-process named locks: a FIFO queue per name. */
function createLocalLocks() {
  const queues = new Map<string, Promise<void>>()
  const held = new Set<string>()
  return {
    async lock(name: string): Promise<HeldLock> {
      const previous = queues.get(name) ?? Promise.resolve()
      let unlock!: () => void
      const mine = new Promise<void>((resolve) => (unlock = resolve))
      const tail = previous.then(() => mine)
      queues.set(name, tail)
      await previous
      held.add(name)
      let released = false
      return {
        async release() {
          if (released) return
          released = true
          held.delete(name)
          if (queues.get(name) === tail) queues.delete(name)
          unlock()
        },
      }
    },
    async tryLock(name: string): Promise<HeldLock | null> {
      if (held.has(name) || queues.has(name)) return null
      return this.lock(name)
    },
  }
}

/**
 * PostgreSQL settings of the embedded database, after PGlite's own start parameters. Its data
 * files are on disk (the OS caches them), so PostgreSQL's own buffer pool need not be large: at
 * PGlite's default (128 MB, as the server's) it is touched whole by the first fill of 100,000
 * products and stays resident in the gateway process. 32 MB keeps the feeds' indexes and recent
 * pages hot: reading the 100k-product feed through SQL took ~1.5× as long at 16 MB as at 128 MB,
 * about as long at 32 MB (bench/sharecrm.bench.ts measures the feed and the resident size).
 * fsync stays as PGlite sets it (its Node file system cannot fsync anyway).
 */
export const PGLITE_SETTINGS = [
  'shared_buffers=32MB',
  'maintenance_work_mem=16MB',
  'temp_buffers=2MB',
  'work_mem=4MB',
]

/**
 * A new data directory is initialised (initdb) in a short-lived child process: initdb is a second
 * WebAssembly module whose memory (some 500 MB at its peak) the gateway would otherwise carry on
 * its resident size for good. The child exits once the directory is ready.
 */
async function initPgliteDirectory(directory: string): Promise<void> {
  if (existsSync(join(directory, 'PG_VERSION'))) return
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  const script = [
    'const { PGlite } = require(process.argv[1])',
    'PGlite.create(process.argv[2]).then((db) => db.close())',
    '  .catch((error) => { console.error(error); process.exit(1) })',
  ].join('\n')
  try {
    await promisify(execFile)(process.execPath, ['-e', script, pglite, directory], {
      timeout: 120_000,
    })
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`initialising the gateway database in ${directory} failed: ${stderr || error}`)
  }
}

async function openPglite(directory: string | undefined): Promise<GatewayDb> {
  const { PGlite } = await import('@electric-sql/pglite')
  if (directory) {
    mkdirSync(directory, { recursive: true })
    await initPgliteDirectory(directory)
  }
  const settings = {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((set) => ['-c', set])],
  }
  const pg = directory ? await PGlite.create(directory, settings) : await PGlite.create(settings)
  const locks = createLocalLocks()
  const run: Queryable['query'] = async (sql, params = []) =>
    (await pg.query(sql, params as unknown[])).rows as never
  return {
    driver: 'pglite',
    query: run,
    async exec(sql) {
      await pg.exec(sql)
    },
    transaction: (work) =>
      pg.transaction(async (tx) =>
        work({
          query: async (sql, params = []) =>
            (await tx.query(sql, params as unknown[])).rows as never,
        }),
      ),
    lock: (name) => locks.lock(name),
    tryLock: (name) => locks.tryLock(name),
    async close() {
      await pg.close()
    },
  }
}

async function openPostgres(url: string): Promise<GatewayDb> {
  const { default: pgModule } = await import('pg')
  // int8 (bigint) as a number: change sequences and epoch ms stay far below 2^53.
  pgModule.types.setTypeParser(20, (text: string) => Number(text))
  const pool = new pgModule.Pool({ connectionString: url, max: 20 })
  pool.on('error', () => {
    // A pooled idle connection dropped (database restart): the pool replaces it on next use.
  })
  const sessionLock = async (name: string, wait: boolean): Promise<HeldLock | null> => {
    const client = await pool.connect()
    const [a, b] = lockKeys(name)
    try {
      if (wait) await client.query('SELECT pg_advisory_lock($1, $2)', [a, b])
      else {
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, $2) AS ok',
          [a, b],
        )
        if (!rows[0]?.ok) {
          client.release()
          return null
        }
      }
    } catch (error) {
      client.release(error as Error)
      throw error
    }
    let released = false
    return {
      async release() {
        if (released) return
        released = true
        try {
          await client.query('SELECT pg_advisory_unlock($1, $2)', [a, b])
          client.release()
        } catch (error) {
          client.release(error as Error)
        }
      },
    }
  }
  return {
    driver: 'postgres',
    query: async (sql, params = []) => (await pool.query(sql, params as unknown[])).rows as never,
    async exec(sql) {
      await pool.query(sql)
    },
    async transaction(work) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work({
          query: async (sql, params = []) =>
            (await client.query(sql, params as unknown[])).rows as never,
        })
        await client.query('COMMIT')
        client.release()
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        client.release()
        throw error
      }
    },
    lock: async (name) => (await sessionLock(name, true)) as HeldLock,
    tryLock: (name) => sessionLock(name, false),
    async close() {
      await pool.end()
    },
  }
}

/** Opens the database named by the config's `database` (a directory, `memory:` or a URL) and migrates it. */
export async function openGatewayDb(database: string): Promise<GatewayDb> {
  const db = isPostgresUrl(database)
    ? await openPostgres(database)
    : await openPglite(database === 'memory:' ? undefined : database)
  const { migrate } = await import('./schema')
  await migrate(db)
  return db
}
