/**
 * Generic repositories over the cache schema (cacheSchema.ts): one per synced feed table, the
 * sync cursors and the key/value meta table. A repository builds the statements of a page
 * (`upsertStatements`, `deleteStatements`, `setStatement`); the sync engine sends a page and its
 * cursor update as one `db.batch`, committed together in the cache worker.
 */
import type { SqlValue } from 'sql.js'
import type { CacheDatabase, CacheStatement } from './cacheDatabase'
import { packRows } from './packedRows'
import { decodeRecord, RECORD_FIELDS, storedRecord } from './storedRecords'

/** Tables holding upstream records keyed by `id` with the record JSON in `record`. */
export type FeedTable =
  | 'products'
  | 'price_lists'
  | 'price_items'
  | 'orders'
  | 'deliveries'
  | 'returns'
  | 'invoice_requests'
  | 'transactions'

/** The indexed copies of a record's fields, by column name; `record` is added from the record. */
export type FeedColumns = { id: string } & Record<string, SqlValue>

export interface FeedRepository<R> {
  /**
   * The statements that insert new records and update existing ones (by id): run them with
   * `db.batch` (alone or with others, atomically).
   */
  upsertStatements(records: readonly R[]): CacheStatement[]
  /** Inserts new records and updates existing ones (by id) atomically; resolves to how many. */
  upsertMany(records: readonly R[]): Promise<number>
  /** The statements applying tombstones (unknown ids are ignored). */
  deleteStatements(ids: readonly string[]): CacheStatement[]
  /** Applies tombstones atomically; resolves to how many were removed. */
  deleteMany(ids: readonly string[]): Promise<number>
  /** The stored record (parsed from its JSON), or undefined. */
  get(id: string): Promise<R | undefined>
  count(): Promise<number>
}

export interface FeedRepositoryOptions {
  /**
   * Keep `previous_price` / `price_changed_at` (epoch ms from `clock`) whenever an upsert changes
   * the `price` column. The table must have those three columns (price_items does).
   */
  trackPriceChanges?: boolean
  clock?: () => number
}

export {
  decodePriceItem,
  decodeProduct,
  decodeRecord,
  PRICE_ITEM_ROW_COLUMNS,
  PRODUCT_ROW_COLUMNS,
} from './storedRecords'

const COLUMN_NAME = /^[a-z][a-z0-9_]*$/
/** From this many records on, upserts go as packed rows (packedRows.ts), one statement each. */
const BULK_THRESHOLD = 20

/** Whether `columns` has exactly the keys `names`, in that order. */
function sameKeys(columns: FeedColumns, names: readonly string[]): boolean {
  let index = 0
  for (const key in columns) if (key !== names[index++]) return false
  return index === names.length
}

export function createFeedRepository<R>(
  db: CacheDatabase,
  table: FeedTable,
  toColumns: (record: R) => FeedColumns,
  options: FeedRepositoryOptions = {},
): FeedRepository<R> {
  const clock = options.clock ?? Date.now
  const upsertSql = new Map<string, string>()

  /** One statement per column set (statements are cached by SQL text in the database). */
  function upsertStatement(columns: string[]): string {
    const key = columns.join(',')
    let sql = upsertSql.get(key)
    if (sql) return sql
    for (const column of columns) {
      if (!COLUMN_NAME.test(column) || column === 'record')
        throw new Error(`invalid cache column ${column}`)
    }
    const all = [...columns, 'record']
    const updates = all
      .filter((column) => column !== 'id')
      .map((column) => `${column} = excluded.${column}`)
    if (options.trackPriceChanges) {
      if (!columns.includes('price'))
        throw new Error(`${table}: price tracking needs a price column`)
      const changed = `${table}.price IS NOT excluded.price`
      updates.unshift(
        `previous_price = CASE WHEN ${changed} THEN ${table}.price ELSE ${table}.previous_price END`,
        `price_changed_at = CASE WHEN ${changed} THEN ? ELSE ${table}.price_changed_at END`,
      )
    }
    sql =
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')}) ` +
      `ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`
    upsertSql.set(key, sql)
    return sql
  }

  function upsertStatements(records: readonly R[]): CacheStatement[] {
    if (records.length === 0) return []
    const now = clock()
    const statements: CacheStatement[] = []
    if (records.length >= BULK_THRESHOLD) {
      // The rows of each column set packed once (their text as UTF-8 in one buffer) and moved to
      // the worker, which runs the upsert once per row binding the values where they lie
      // (packedRows.ts): no JSON for SQLite to parse and take apart again.
      const batches = new Map<string, { names: string[]; rows: unknown[][] }>()
      let last: { names: string[]; rows: unknown[][] } | undefined
      for (const record of records) {
        const columns = toColumns(record)
        // Records of a feed share their column set: compare with the last one's, without
        // building a key per record.
        let batch = last && sameKeys(columns, last.names) ? last : undefined
        if (!batch) {
          const names = Object.keys(columns)
          const key = names.join(',')
          batch = batches.get(key)
          if (!batch) batches.set(key, (batch = { names, rows: [] }))
          last = batch
        }
        const { names } = batch
        const row: unknown[] = new Array(names.length + 1)
        for (let index = 0; index < names.length; index++)
          row[index] = columns[names[index]!] ?? null
        row[names.length] = storedRecord(table, record, columns)
        batch.rows.push(row)
      }
      for (const { names, rows } of batches.values()) {
        statements.push({
          sql: upsertStatement(names),
          rows: packRows(rows, names.length + 1),
          ...(options.trackPriceChanges ? { params: [now] } : {}),
        })
      }
      return statements
    }
    for (const record of records) {
      const columns = toColumns(record)
      const names = Object.keys(columns)
      const params: SqlValue[] = names.map((name) => columns[name] ?? null)
      params.push(JSON.stringify(storedRecord(table, record, columns)))
      if (options.trackPriceChanges) params.push(now)
      statements.push({ sql: upsertStatement(names), params })
    }
    return statements
  }

  const deleteStatements = (ids: readonly string[]): CacheStatement[] =>
    ids.map((id) => ({ sql: `DELETE FROM ${table} WHERE id = ?`, params: [id] }))

  const sum = (changes: number[]) => changes.reduce((total, count) => total + count, 0)

  return {
    upsertStatements,
    async upsertMany(records) {
      if (records.length === 0) return 0
      await db.batch(upsertStatements(records))
      return records.length
    },
    deleteStatements,
    async deleteMany(ids) {
      if (ids.length === 0) return 0
      return sum(await db.batch(deleteStatements(ids)))
    },
    async get(id) {
      const fields = RECORD_FIELDS[table]?.map(([column]) => column) ?? []
      const row = await db.get<{ record: string }>(
        `SELECT ${[...fields, 'record'].join(', ')} FROM ${table} WHERE id = ?`,
        [id],
      )
      return row ? decodeRecord<R>(table, row) : undefined
    },
    async count() {
      const row = await db.get<{ count: number }>(`SELECT count(*) AS count FROM ${table}`)
      return Number(row?.count ?? 0)
    },
  }
}

/** price_items remembering the previous price, so the catalog can say "price changed since last sync". */
export function createPriceItemRepository<R>(
  db: CacheDatabase,
  toColumns: (
    record: R,
  ) => FeedColumns & { price_list_id: string; product_id: string; price: number | null },
  clock?: () => number,
): FeedRepository<R> {
  return createFeedRepository(db, 'price_items', toColumns, { trackPriceChanges: true, clock })
}

export interface SyncCursor {
  feed: string
  /** modified_at (epoch ms) of the last record applied, or null before the first page. */
  since: number | null
  /** id of the last record applied at `since` (keyset tie-breaker), or null. */
  after: string | null
  /** Local epoch ms of the last update. */
  updatedAt: number
  /** A full sync of this feed has completed at least once since the cache was (re)built. */
  fullSyncDone: boolean
}

export interface CursorStore {
  get(feed: string): Promise<SyncCursor | undefined>
  list(): Promise<SyncCursor[]>
  /** The statement storing a cursor (to run in a batch with the page it follows). */
  setStatement(
    feed: string,
    cursor: { since: number | null; after: string | null; fullSyncDone?: boolean },
  ): CacheStatement
  set(
    feed: string,
    cursor: { since: number | null; after: string | null; fullSyncDone?: boolean },
  ): Promise<void>
  /** Forgets one feed's cursor, or every cursor: the next sync of it is a full one. */
  reset(feed?: string): Promise<void>
}

interface CursorRow {
  feed: string
  since: number | null
  after: string | null
  updated_at: number
  full_sync_done: number
}

function toCursor(row: CursorRow): SyncCursor {
  return {
    feed: row.feed,
    since: row.since,
    after: row.after,
    updatedAt: row.updated_at,
    fullSyncDone: row.full_sync_done === 1,
  }
}

export function createCursorStore(db: CacheDatabase, clock: () => number = Date.now): CursorStore {
  const setStatement: CursorStore['setStatement'] = (feed, cursor) => ({
    // fullSyncDone omitted: keep the stored flag.
    sql: `INSERT INTO sync_cursors (feed, since, after, updated_at, full_sync_done) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (feed) DO UPDATE SET since = excluded.since, after = excluded.after,
           updated_at = excluded.updated_at,
           full_sync_done = CASE WHEN ? IS NULL THEN sync_cursors.full_sync_done ELSE excluded.full_sync_done END`,
    params: [
      feed,
      cursor.since,
      cursor.after,
      clock(),
      cursor.fullSyncDone ? 1 : 0,
      cursor.fullSyncDone === undefined ? null : 1,
    ],
  })
  return {
    async get(feed) {
      const row = await db.get<CursorRow>('SELECT * FROM sync_cursors WHERE feed = ?', [feed])
      return row ? toCursor(row) : undefined
    },
    async list() {
      return (await db.all<CursorRow>('SELECT * FROM sync_cursors ORDER BY feed')).map(toCursor)
    },
    setStatement,
    async set(feed, cursor) {
      const { sql, params } = setStatement(feed, cursor)
      await db.run(sql, params)
    },
    async reset(feed) {
      if (feed === undefined) await db.run('DELETE FROM sync_cursors')
      else await db.run('DELETE FROM sync_cursors WHERE feed = ?', [feed])
    },
  }
}

export interface MetaStore {
  get(key: string): Promise<string | undefined>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
}

/** Small key/value facts about the cache (e.g. last full sync time, dealer name). */
export function createMetaStore(db: CacheDatabase): MetaStore {
  return {
    async get(key) {
      const row = await db.get<{ value: string | null }>('SELECT value FROM meta WHERE key = ?', [
        key,
      ])
      return row?.value ?? undefined
    },
    async set(key, value) {
      await db.run(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      )
    },
    async delete(key) {
      await db.run('DELETE FROM meta WHERE key = ?', [key])
    },
  }
}
