/**
 * Generic repositories over the cache schema (cacheSchema.ts): one per synced feed table, the
 * sync cursors and the key/value meta table. Each page the sync engine applies is one transaction;
 * wrap a page and its cursor update in an outer `db.transaction` to commit them together (nested
 * transactions join the outer one).
 */
import type { SqlValue } from 'sql.js'
import type { CacheDatabase } from './cacheDatabase'

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
  /** Inserts new records and updates existing ones (by id) in one transaction; returns how many. */
  upsertMany(records: readonly R[]): number
  /** Applies tombstones in one transaction; unknown ids are ignored. Returns how many were removed. */
  deleteMany(ids: readonly string[]): number
  /** The stored record (parsed from its JSON), or undefined. */
  get(id: string): R | undefined
  count(): number
}

export interface FeedRepositoryOptions {
  /**
   * Keep `previous_price` / `price_changed_at` (epoch ms from `clock`) whenever an upsert changes
   * the `price` column. The table must have those three columns (price_items does).
   */
  trackPriceChanges?: boolean
  clock?: () => number
}

const COLUMN_NAME = /^[a-z][a-z0-9_]*$/
/** From this many records on, upsertMany binds one JSON array instead of one row at a time. */
const BULK_THRESHOLD = 20
const utf8 = new TextEncoder()

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

  /** The same upsert fed from a JSON array of rows `[column values..., record]` bound as ?1. */
  function bulkUpsertStatement(columns: string[]): string {
    const single = upsertStatement(columns)
    const all = [...columns, 'record']
    const extract = all.map((_column, index) => `json_extract(value, '$[${index}]')`).join(', ')
    const conflict = single.slice(single.indexOf(' ON CONFLICT'))
    // The price-change timestamp is the only other parameter: ?2.
    // ?1 is the rows' UTF-8 bytes as a BLOB (TextEncoder is native; a bound JS string is converted
    // to UTF-8 byte by byte in JavaScript by sql.js), read back as TEXT by SQLite.
    return `INSERT INTO ${table} (${all.join(', ')}) SELECT ${extract} FROM json_each(CAST(?1 AS TEXT)) WHERE true${conflict.replace('?', '?2')}`
  }

  return {
    upsertMany(records) {
      if (records.length === 0) return 0
      const now = clock()
      return db.transaction(() => {
        if (records.length >= BULK_THRESHOLD) {
          // One bound JSON array per column set instead of one statement run per record: SQLite
          // unpacks it with json_each (crossing into WebAssembly once per page, not per row).
          const batches = new Map<string, { names: string[]; rows: unknown[][] }>()
          for (const record of records) {
            const columns = toColumns(record)
            const names = Object.keys(columns)
            const key = names.join(',')
            let batch = batches.get(key)
            if (!batch) batches.set(key, (batch = { names, rows: [] }))
            batch.rows.push([...names.map((name) => columns[name] ?? null), record])
          }
          for (const { names, rows } of batches.values()) {
            const bytes = utf8.encode(JSON.stringify(rows))
            db.run(bulkUpsertStatement(names), options.trackPriceChanges ? [bytes, now] : [bytes])
          }
          return records.length
        }
        for (const record of records) {
          const columns = toColumns(record)
          const names = Object.keys(columns)
          const params: SqlValue[] = names.map((name) => columns[name] ?? null)
          params.push(JSON.stringify(record))
          if (options.trackPriceChanges) params.push(now)
          db.run(upsertStatement(names), params)
        }
        return records.length
      })
    },
    deleteMany(ids) {
      if (ids.length === 0) return 0
      return db.transaction(() => {
        let removed = 0
        for (const id of ids) removed += db.run(`DELETE FROM ${table} WHERE id = ?`, [id])
        return removed
      })
    },
    get(id) {
      const row = db.get<{ record: string }>(`SELECT record FROM ${table} WHERE id = ?`, [id])
      return row ? (JSON.parse(row.record) as R) : undefined
    },
    count() {
      return Number(db.get<{ count: number }>(`SELECT count(*) AS count FROM ${table}`)?.count ?? 0)
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
  get(feed: string): SyncCursor | undefined
  list(): SyncCursor[]
  set(
    feed: string,
    cursor: { since: number | null; after: string | null; fullSyncDone?: boolean },
  ): void
  /** Forgets one feed's cursor, or every cursor: the next sync of it is a full one. */
  reset(feed?: string): void
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
  return {
    get(feed) {
      const row = db.get<CursorRow>('SELECT * FROM sync_cursors WHERE feed = ?', [feed])
      return row ? toCursor(row) : undefined
    },
    list() {
      return db.all<CursorRow>('SELECT * FROM sync_cursors ORDER BY feed').map(toCursor)
    },
    set(feed, cursor) {
      // fullSyncDone omitted: keep the stored flag.
      db.run(
        `INSERT INTO sync_cursors (feed, since, after, updated_at, full_sync_done) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (feed) DO UPDATE SET since = excluded.since, after = excluded.after,
           updated_at = excluded.updated_at,
           full_sync_done = CASE WHEN ? IS NULL THEN sync_cursors.full_sync_done ELSE excluded.full_sync_done END`,
        [
          feed,
          cursor.since,
          cursor.after,
          clock(),
          cursor.fullSyncDone ? 1 : 0,
          cursor.fullSyncDone === undefined ? null : 1,
        ],
      )
    },
    reset(feed) {
      if (feed === undefined) db.run('DELETE FROM sync_cursors')
      else db.run('DELETE FROM sync_cursors WHERE feed = ?', [feed])
    },
  }
}

export interface MetaStore {
  get(key: string): string | undefined
  set(key: string, value: string): void
  delete(key: string): void
}

/** Small key/value facts about the cache (e.g. last full sync time, dealer name). */
export function createMetaStore(db: CacheDatabase): MetaStore {
  return {
    get(key) {
      const value = db.get<{ value: string | null }>('SELECT value FROM meta WHERE key = ?', [
        key,
      ])?.value
      return value ?? undefined
    },
    set(key, value) {
      db.run(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      )
    },
    delete(key) {
      db.run('DELETE FROM meta WHERE key = ?', [key])
    },
  }
}
