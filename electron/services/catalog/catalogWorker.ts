/**
 * The catalog's half inside the cache worker (cacheWorker.ts): the search index lives next to
 * sql.js, so neither the index nor the products it is built from ever cross to the main thread.
 *
 * - Built when the catalog first asks for it (`catalogOpen` after the cache opens), one segment
 *   (SEGMENT_SIZE products) per slice on the worker's op queue: ops that arrived meanwhile (Home's
 *   reads, the cart, a sync page) run between slices. An op that needs the index and arrives
 *   before it is ready is held, not queued, and runs once it is (the others keep going).
 * - Fed by the database itself (productChanges.ts: rowids of products inserted or updated, ids of
 *   those deleted or renamed); after the op that wrote them (a sync page, an absorb, any
 *   statement), the noted products are read back (by rowid, or by id) and upserted into the
 *   index, or removed, in a slice of their own (by rowid: ~0.3 s less per 100k full sync than by
 *   id). An op that reads the index first
 *   takes every noted change, so a search always sees what was written before it. Inside an
 *   explicit transaction changes are taken only once it ends (a ROLLBACK re-notes what was taken
 *   meanwhile).
 * - Replaced products leave dead slots; when they pass MAX_WASTE and writes have been quiet for
 *   a moment, a fresh index is built in slices beside the one answering, then swapped in.
 */
import type { BindParams, Database, Statement } from 'sql.js'
import type {
  CatalogCategory,
  CatalogProduct,
  CatalogSearchResult,
  QuickOrderCandidate,
  QuickOrderResult,
} from '../../../shared/contract/catalog'
import type { PastedRow } from '../../../shared/domain/quickOrder'
import {
  createCatalogIndex,
  fromIndexedColumns,
  INDEXED_PRODUCT_COLUMNS,
  INDEXED_PRODUCTS_AFTER,
  SEGMENT_SIZE,
  type CatalogIndex,
  type IndexedProduct,
  type SearchOptions,
} from './catalogIndex'
import { catalogSyncing, readCatalogProducts, readCategories } from './catalogProduct'
import { createPriceBook } from './priceBook'
import { pricedMatches } from './pricedWhileSyncing'
import { someOf, watchProducts } from './productChanges'
import {
  matchQuickOrderRows,
  quickOrderCandidates,
  readQuickOrderProducts,
} from './quickOrderMatcher'

/** What the catalog asks the cache worker (see CatalogWorkerOps in cacheRpc.ts). */
export interface CatalogSearchArgs extends SearchOptions {
  query: string
  offset: number
  limit: number
  /** Epoch ms at which prices are valid (the main thread's clock). */
  now: number
}

export interface CatalogIndexStatus {
  state: 'none' | 'building' | 'ready'
  /** Live products in the index answering searches. */
  size: number
  waste: number
}

export interface CatalogOps {
  /** Starts building the index of the open database (no-op when it exists). */
  catalogOpen(args: Record<string, never>): void
  catalogStatus(args: Record<string, never>): CatalogIndexStatus
  /** Held until the index is ready; resolves to its status. */
  catalogReady(args: Record<string, never>): CatalogIndexStatus
  catalogSearch(args: CatalogSearchArgs): Promise<CatalogSearchResult>
  catalogCategories(args: Record<string, never>): Promise<CatalogCategory[]>
  catalogProducts(args: { ids: string[]; now: number }): Promise<CatalogProduct[]>
  /** The whole paste matched in one message (quickOrderMatcher.ts). */
  catalogMatch(args: { rows: PastedRow[]; now: number }): Promise<QuickOrderResult>
  /** An ambiguous quick-order row's candidates, when its picker opens (quickOrderMatcher.ts). */
  catalogCandidates(args: { reference: string; now: number }): Promise<QuickOrderCandidate[]>
}

/** Ops that wait for the index to be ready (held by the worker, not queued, until then). */
const INDEX_OPS: ReadonlySet<string> = new Set([
  'catalogReady',
  'catalogSearch',
  'catalogCategories',
  'catalogMatch',
  'catalogCandidates',
])

export interface CatalogWorkerHost {
  /** The open database (throws when none). */
  database(): Database
  /** A cached prepared statement's rows. */
  all(sql: string, params?: BindParams): Record<string, unknown>[]
  /** Runs `task` on the op queue after the messages that arrived meanwhile. */
  later(task: () => void): void
}

/** Above this share of dead slots the index is rebuilt (in slices, beside the live one). */
export const MAX_WASTE = 0.3
/** Quiet time after the last write before a rebuild for waste starts, ms. */
const REBUILD_QUIET_MS = 1000
/** Noted changes taken per slice. */
const APPLY_SLICE = 5000
/** Rowids or ids read back per statement (one JSON parameter each). */
const READ_CHUNK = 2000

interface Build {
  index: CatalogIndex
  after: number
  /** Ids and rowids changed while it was being built (applied once it is done). */
  changed: Set<string>
  changedRows: Set<number>
}

/**
 * The indexed columns of the products whose rowids (ids) are in the JSON array bound as ?1: one
 * statement, prepared once, whatever the number of values.
 */
const INDEXED_PRODUCTS_BY_ROWID = `SELECT ${INDEXED_PRODUCT_COLUMNS} FROM products WHERE rowid IN (SELECT value FROM json_each(?))`
const INDEXED_PRODUCTS_BY_ID = `SELECT ${INDEXED_PRODUCT_COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?))`

interface State {
  db: Database
  index: CatalogIndex | null
  build: Build | null
  waiters: Array<() => void>
  /** Statements reading products for the index, prepared once per database. */
  statements: Map<string, Statement>
}

export function createCatalogWorker(host: CatalogWorkerHost) {
  let state: State | null = null
  /** Ids of deleted (or renamed) products, and rowids of inserted or updated ones. */
  const dirty = new Set<string>()
  const dirtyRows = new Set<number>()
  const noted = () => dirty.size + dirtyRows.size
  let inTransaction = false
  /** Ids taken inside an explicit transaction: noted again if it rolls back. */
  let takenInTransaction: string[] = []
  let applyScheduled = false
  let lastWriteAt = 0
  let rebuildTimer: ReturnType<typeof setTimeout> | undefined

  function reset(): void {
    clearTimeout(rebuildTimer)
    for (const wake of state?.waiters.splice(0) ?? []) wake()
    // Finalizing twice (after the database closed them) is harmless in sql.js.
    for (const statement of state?.statements.values() ?? []) statement.free()
    state = null
    dirty.clear()
    dirtyRows.clear()
    inTransaction = false
    takenInTransaction = []
  }

  /** The state of the open database, its triggers installed and its build started. */
  function attach(): State {
    const db = host.database()
    if (state?.db === db) return state
    reset()
    watchProducts(db, {
      row(rowid) {
        dirtyRows.add(rowid)
        lastWriteAt = Date.now()
      },
      gone(id) {
        dirty.add(id)
        lastWriteAt = Date.now()
      },
    })
    state = { db, index: null, build: null, waiters: [], statements: new Map() }
    startBuild(state)
    return state
  }

  /**
   * The products a query over INDEXED_PRODUCT_COLUMNS selects, read by position (half the cost of
   * rows as objects, whose column names sql.js decodes again for every row), and the last rowid.
   */
  function readIndexed(
    current: State,
    sql: string,
    params: BindParams,
  ): { products: IndexedProduct[]; lastRowid: number } {
    let statement = current.statements.get(sql)
    if (!statement) current.statements.set(sql, (statement = current.db.prepare(sql)))
    const products: IndexedProduct[] = []
    let lastRowid = 0
    try {
      statement.bind(params)
      while (statement.step()) {
        const values = statement.get()
        lastRowid = values[0] as number
        products.push(fromIndexedColumns(values))
      }
    } finally {
      statement.reset()
    }
    return { products, lastRowid }
  }

  function startBuild(current: State): void {
    const build: Build = {
      index: createCatalogIndex(),
      after: 0,
      changed: new Set(),
      changedRows: new Set(),
    }
    current.build = build
    const slice = () => {
      if (state !== current || current.build !== build) return
      const { products, lastRowid } = readIndexed(current, INDEXED_PRODUCTS_AFTER, [
        build.after,
        SEGMENT_SIZE,
      ])
      build.index.upsert(products)
      if (products.length === SEGMENT_SIZE) {
        build.after = lastRowid
        host.later(slice)
        return
      }
      // Changes noted while it was built (some already read by it: upserted again, harmlessly).
      for (const id of build.changed) dirty.add(id)
      for (const rowid of build.changedRows) dirtyRows.add(rowid)
      current.build = null
      current.index = build.index
      take(current, Infinity)
      for (const wake of current.waiters.splice(0)) wake()
    }
    host.later(slice)
  }

  /** Reads back up to `limit` noted products into the index (and a build under way). */
  function take(current: State, limit: number): void {
    if (noted() === 0) return
    const rowids = someOf(dirtyRows, limit)
    const ids = someOf(dirty, limit - rowids.length)
    if (inTransaction) takenInTransaction.push(...ids)
    for (const id of ids) current.build?.changed.add(id)
    for (const rowid of rowids) current.build?.changedRows.add(rowid)
    const target = current.index
    // Still building: the build applies them when it is done.
    if (!target) return
    // Rows inserted or updated: read by rowid (a row deleted since is simply not found; its id
    // was noted by the delete trigger).
    for (let start = 0; start < rowids.length; start += READ_CHUNK) {
      const chunk = rowids.slice(start, start + READ_CHUNK)
      const { products } = readIndexed(current, INDEXED_PRODUCTS_BY_ROWID, [JSON.stringify(chunk)])
      target.upsert(products)
      // A rollback brings back what was there: these ids are read again (an insert is gone).
      if (inTransaction) for (const product of products) takenInTransaction.push(product.id)
    }
    const found = new Set<string>()
    for (let start = 0; start < ids.length; start += READ_CHUNK) {
      const chunk = ids.slice(start, start + READ_CHUNK)
      const { products } = readIndexed(current, INDEXED_PRODUCTS_BY_ID, [JSON.stringify(chunk)])
      for (const product of products) found.add(product.id)
      target.upsert(products)
    }
    const removed = ids.filter((id) => !found.has(id))
    if (removed.length) target.remove(removed)
    scheduleRebuild(current)
  }

  function scheduleRebuild(current: State): void {
    clearTimeout(rebuildTimer)
    rebuildTimer = setTimeout(() => {
      if (state !== current || current.build || !current.index) return
      if (Date.now() - lastWriteAt < REBUILD_QUIET_MS) return scheduleRebuild(current)
      if (current.index.waste > MAX_WASTE)
        host.later(() => state === current && startBuild(current))
    }, REBUILD_QUIET_MS)
    rebuildTimer.unref?.()
  }

  /** The ready index with every noted change taken. */
  function index(): CatalogIndex {
    const current = attach()
    if (!current.index) throw new Error('catalog index not ready')
    take(current, Infinity)
    return current.index
  }

  const reads = {
    all: <T>(sql: string, params?: BindParams) => Promise.resolve(host.all(sql, params) as T[]),
  }

  const ops: CatalogOps = {
    catalogOpen() {
      attach()
    },
    catalogStatus() {
      const current = state?.db === host.database() ? state : null
      const live = current?.index
      return {
        state: live ? 'ready' : current ? 'building' : 'none',
        size: live?.size ?? 0,
        waste: live?.waste ?? 0,
      }
    },
    catalogReady() {
      const live = index()
      return { state: 'ready', size: live.size, waste: live.waste }
    },
    async catalogSearch({ query, categoryId, includeOffSale, offset, limit, now }) {
      const options: SearchOptions = {
        ...(categoryId !== undefined ? { categoryId } : {}),
        ...(includeOffSale !== undefined ? { includeOffSale } : {}),
      }
      const live = index()
      const syncing = await catalogSyncing(reads)
      // While prices sync, only rows that can be ordered (pricedWhileSyncing.ts).
      const { total, ids } = syncing.prices
        ? await pricedMatches(
            (from, size) => live.search(query, options, from, size),
            async (window) =>
              new Set((await createPriceBook(reads, () => now).pricesFor(window)).keys()),
            offset,
            limit,
          )
        : live.search(query, options, offset, limit)
      const items = await readCatalogProducts(reads, ids, now)
      return { total, items, syncing }
    },
    catalogCategories() {
      return readCategories(reads, index().categoryCounts())
    },
    catalogProducts: ({ ids, now }) => readCatalogProducts(reads, ids, now),
    catalogMatch({ rows, now }) {
      const live = index()
      return matchQuickOrderRows(rows, {
        index: () => Promise.resolve(live),
        products: (ids) => readQuickOrderProducts(reads, ids, now),
      })
    },
    catalogCandidates({ reference, now }) {
      const live = index()
      return quickOrderCandidates(reference, {
        index: () => Promise.resolve(live),
        products: (ids) => readCatalogProducts(reads, ids, now),
      })
    },
  }

  return {
    ops,
    needsIndex: (op: string) => INDEX_OPS.has(op),
    /** The open database changed (load, close): forget its index. */
    reset,
    /**
     * Before an op that needs the index: null when it can run now, else a promise for when it
     * can (the index of the open database is being built; the build is started if need be).
     */
    notReady(): Promise<void> | null {
      const current = attach()
      if (current.index) return null
      return new Promise<void>((resolve) => current.waiters.push(resolve))
    },
    /** True while noted changes wait for a slice that takes them into the index. */
    behind: () => applyScheduled,
    /** After every op: follows explicit transactions and schedules taking noted changes. */
    afterOp(op: string, args: unknown): void {
      if (op === 'exec') {
        const sql = String((args as { sql?: unknown })?.sql ?? '')
          .trim()
          .toUpperCase()
        if (sql.startsWith('BEGIN')) inTransaction = true
        else if (sql.startsWith('COMMIT') || sql.startsWith('END')) {
          inTransaction = false
          takenInTransaction = []
        } else if (sql.startsWith('ROLLBACK')) {
          inTransaction = false
          for (const id of takenInTransaction) dirty.add(id)
          takenInTransaction = []
        }
      }
      if (noted() === 0 || inTransaction || applyScheduled || !state) return
      applyScheduled = true
      const current = state
      const slice = () => {
        applyScheduled = false
        if (state !== current || inTransaction) return
        take(current, APPLY_SLICE)
        if (noted() > 0 && !applyScheduled) {
          applyScheduled = true
          host.later(slice)
        }
      }
      host.later(slice)
    },
  }
}

export type CatalogWorker = ReturnType<typeof createCatalogWorker>
