/**
 * The typed RPC between the main thread and a cache worker (cacheWorker.ts): one request id per
 * call, named operations, the packed rows of a batch transferred (not copied), other parameters
 * copied. Errors come back as plain data and are rethrown as Error (with `code`/`params` when the
 * worker's error had them).
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { BindParams, SqlValue } from 'sql.js'
import type { CatalogOps } from '../catalog/catalogWorker'
import { packedBuffers, type PackedRows } from './packedRows'

export type CacheRow = Record<string, SqlValue>

/**
 * One statement of an atomic batch. With `rows`, it runs once per row: the row's values bound to
 * parameters 1..width, then `params` (an array) to the ones after them; its change count is the
 * rows changed. `rows` are moved to the worker with the call (unusable here afterwards).
 */
export interface CacheStatement {
  sql: string
  params?: BindParams
  rows?: PackedRows
}

export type LoadOutcome =
  /**
   * `verified`: how the image was found intact: its checksum matched the one written with it
   * (cacheFiles.ts `checksumFile`), or SQLite's integrity check (quick_check) passed.
   */
  | { state: 'open'; verified?: 'checksum' | 'integrity' }
  | { state: 'missing' }
  | { state: 'corrupt'; reason: 'unreadable' | 'integrity'; detail: string }

export interface WorkerError {
  name: string
  message: string
  code?: string
  params?: Record<string, unknown>
}

type Awaitable<T> = T | Promise<T>

/**
 * Every operation the worker answers, with its argument and result: the database's own below,
 * and the catalog's (search index, search, categories, products, quick order; see
 * catalog/catalogWorker.ts), which run next to the database so their data never crosses threads.
 */
export interface CacheWorkerOps extends CatalogOps {
  /** Loads sql.js ahead of use (a spare worker waits warm). */
  warm(args: { wasmPath?: string }): Awaitable<void>
  load(args: { file: string; wasmPath?: string; fresh: boolean }): Awaitable<LoadOutcome>
  close(args: Record<string, never>): Awaitable<void>
  exec(args: { sql: string }): Awaitable<void>
  run(args: { sql: string; params?: BindParams }): Awaitable<number>
  all(args: { sql: string; params?: BindParams }): Awaitable<Record<string, unknown>[]>
  get(args: { sql: string; params?: BindParams }): Awaitable<Record<string, unknown> | undefined>
  /** Runs the statements in order; `atomic`: inside BEGIN/COMMIT (ROLLBACK on error). */
  batch(args: { statements: CacheStatement[]; atomic: boolean }): Awaitable<number[]>
  /**
   * Exports the image and replaces `file` atomically. `whenIdle`: not before the ops already sent
   * and the search index's pending updates have run (cacheWorker.ts `whenIdle`).
   */
  persist(args: { file: string; whenIdle?: boolean }): Awaitable<{ bytes: number; ms: number }>
  /** The worker's memory (diagnostics: bench/syncClient.ts). */
  memory(args: { gc?: boolean }): Awaitable<WorkerMemory>
}

/** What a cache worker holds, in bytes. */
export interface WorkerMemory {
  /** The worker isolate's `process.memoryUsage()` (rss is the whole process's). */
  usage: NodeJS.MemoryUsage
  /** The database image (page_count × page_size) and its free pages. */
  databaseBytes: number
  /** sql.js's WebAssembly memory (it holds the database; it never shrinks). */
  wasmBytes: number
  freeBytes: number
}

export interface CacheRpc {
  call<K extends keyof CacheWorkerOps>(
    op: K,
    args: Parameters<CacheWorkerOps[K]>[0],
  ): Promise<Awaited<ReturnType<CacheWorkerOps[K]>>>
  /** Stops the thread (its memory, sql.js's heap included, goes back to the system). */
  terminate(): Promise<void>
}

/**
 * Where the worker's code is: beside this module as TypeScript under tsx / vitest (loaded through
 * tsx's loader), or `cacheWorker.cjs` beside the bundled main process (scripts/build-electron.mjs).
 */
function workerSource(): { code: string; eval: true } | { file: string; eval: false } {
  const base = import.meta.url as string | undefined
  if (base) {
    const url = new URL('./cacheWorker.ts', base).href
    return {
      code: `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}) })`,
      eval: true,
    }
  }
  return { file: join(__dirname, 'cacheWorker.cjs'), eval: false }
}

/** The buffers moved with a call (not copied): the packed rows of its statements. */
function transferablesOf(args: unknown): ArrayBuffer[] {
  const found: ArrayBuffer[] = []
  const statements = (args as { statements?: CacheStatement[] } | null)?.statements
  for (const statement of statements ?? [])
    if (statement.rows)
      for (const buffer of packedBuffers(statement.rows))
        if (!found.includes(buffer)) found.push(buffer)
  return found
}

let spare: CacheRpc | null = null
/** Workers handed out by startCacheWorker and not terminated yet. */
let inUse = 0

/**
 * A cache worker ready for use. Starting one (a thread, the TypeScript loader in development, the
 * sql.js module) takes a few hundred ms, so when the last worker in use stops (the cache of one
 * sign-in closes), a spare is warmed for the next open; none is kept while a cache is open (an
 * idle thread with its own heap and sql.js memory, ~25 MB, for an open that may never come). The
 * spare does not keep the process alive.
 */
export function startCacheWorker(options: { wasmPath?: string } = {}): CacheRpc {
  const taken = spare ?? spawnCacheWorker()
  spare = null
  inUse++
  let stopped = false
  return {
    call: (op, args) => taken.call(op, args),
    async terminate() {
      if (!stopped) {
        stopped = true
        if (--inUse === 0) warmSpare(options)
      }
      await taken.terminate()
    },
  }
}

/** How many workers are in use and warm in reserve (tests). */
export function cacheWorkerCounts(): { inUse: number; spare: number } {
  return { inUse, spare: spare ? 1 : 0 }
}

function warmSpare(options: { wasmPath?: string }): void {
  setTimeout(() => {
    if (spare || inUse > 0) return
    const warming = spawnCacheWorker()
    spare = warming
    warming.call('warm', options).catch(() => {
      if (spare === warming) spare = null
    })
  }, 50).unref()
}

/**
 * The worker's young generation, MB. V8's default (up to 3 × 16 MB semi-spaces) stayed committed
 * after a full sync, ~35 MB of the worker's heap holding nothing. At 8 MB the 100k full sync cost
 * the client ~0.4 s more CPU (scavenges promote more) than at 16 (8.7 vs 8.2 s, 8.1 at 32);
 * resident memory after it: 310, 320 and 330 MB.
 */
const YOUNG_GENERATION_MB = 16

function spawnCacheWorker(): CacheRpc {
  const source = workerSource()
  const limits = { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }
  const worker = source.eval
    ? new Worker(source.code, { eval: true, ...limits })
    : new Worker(source.file, limits)
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  let nextId = 1
  let failure: Error | null = null

  const failAll = (error: Error) => {
    failure = error
    for (const entry of pending.values()) entry.reject(error)
    pending.clear()
  }
  worker.on(
    'message',
    (message: { id: number; ok: boolean; value?: unknown; error?: WorkerError }) => {
      const entry = pending.get(message.id)
      if (!entry) return
      pending.delete(message.id)
      if (message.ok) entry.resolve(message.value)
      else {
        const { name, message: text, code, params } = message.error!
        const error = Object.assign(new Error(text), code ? { code, params } : {})
        error.name = name
        entry.reject(error)
      }
    },
  )
  worker.on('error', (error) => failAll(error))
  worker.on('exit', (code) => failAll(new Error(`cache worker exited (${code})`)))
  // An idle worker does not keep the process alive; a pending call does (see call()).
  worker.unref()

  return {
    call(op, args) {
      if (failure) return Promise.reject(failure)
      const id = nextId++
      return new Promise((resolve, reject) => {
        if (pending.size === 0) worker.ref()
        pending.set(id, {
          resolve: (value) => {
            if (pending.size === 0) worker.unref()
            resolve(value as never)
          },
          reject: (error) => {
            if (pending.size === 0) worker.unref()
            reject(error)
          },
        })
        worker.postMessage({ id, op, args }, transferablesOf(args))
      })
    },
    async terminate() {
      failure ??= new Error('cache worker terminated')
      await worker.terminate()
    },
  }
}
