/**
 * Change feeds, keyset-paged by (modified_at, id): one indexed query for live records and one for
 * tombstones, merged in order. Pages are written straight to UTF-8 bytes from the records' stored
 * JSON (documents keep theirs; products and price list items have theirs kept by triggers,
 * schema.ts) — the hot path of a 100k-product sync. A price list's own record is rendered here.
 * Without `after`, the page starts AT `since` (entries with modifiedAt = since are included).
 */
import type { SqlValue } from 'sql.js'
import { FEED_DEFAULT_LIMIT, type FeedQuery } from '../../../shared/api'
import { ByteWriter } from '../../../node/byteWriter'
import type { SandboxDatabase } from './database'

export interface FeedSource {
  /** Tombstone feed name and scope (dealer id, price list id or ''). */
  feed: string
  scope: string
  /**
   * SELECT returning [id, modified_at, ...] with three trailing placeholders for
   * (since, after, limit): must contain `(modified_at, id) > (?, ?) ORDER BY modified_at, id LIMIT ?`.
   * Without `serialize`, its third and last column is the record's stored JSON.
   */
  sql: string
  params: SqlValue[]
  /** The record JSON of one row, when it is not stored. */
  serialize?(row: SqlValue[]): string
}

/**
 * A page of a feed as the UTF-8 bytes of its JSON. Stored records are copied into it as the bytes
 * SQLite holds (never decoded to a string and encoded again: that was ~a third of the gateway's
 * CPU serving a 100k-product sync).
 */
export function readFeedPage(db: SandboxDatabase, source: FeedSource, query: FeedQuery): Buffer {
  const since = query.since ?? 0
  const after = query.after ?? ''
  const limit = query.limit ?? FEED_DEFAULT_LIMIT
  const params = [...source.params, since, after, limit + 1]
  const stored = source.serialize ? null : db.storedJson(source.sql, params)
  const records = stored ? stored.rows : db.values(source.sql, params)
  const tombstones = db.values(
    `SELECT id, modified_at FROM tombstones WHERE feed = ? AND scope = ? AND (modified_at, id) > (?, ?)
     ORDER BY modified_at, id LIMIT ?`,
    [source.feed, source.scope, since, after, limit + 1],
  )
  const page = new ByteWriter((stored?.bytes.length ?? 0) + (records.length + 2) * 96)
  page.text('{"items":[')
  let count = 0
  let recordIndex = 0
  let tombstoneIndex = 0
  let lastId = ''
  let lastModifiedAt = 0
  while (count < limit) {
    const record = records[recordIndex]
    const tombstone = tombstones[tombstoneIndex]
    if (!record && !tombstone) break
    const takeRecord =
      record !== undefined &&
      (tombstone === undefined ||
        (record[1] as number) < (tombstone[1] as number) ||
        ((record[1] as number) === (tombstone[1] as number) &&
          (record[0] as string) < (tombstone[0] as string)))
    const separator = count++ === 0 ? '' : ','
    if (takeRecord) {
      lastId = record[0] as string
      lastModifiedAt = record[1] as number
      page.text(
        `${separator}{"id":${JSON.stringify(lastId)},"modifiedAt":${lastModifiedAt},"deleted":false,"record":`,
      )
      if (stored)
        page.bytes(
          stored.bytes,
          recordIndex === 0 ? 0 : stored.ends[recordIndex - 1]!,
          stored.ends[recordIndex]!,
        )
      else page.text(source.serialize!(record))
      page.text('}')
      recordIndex++
    } else if (tombstone) {
      tombstoneIndex++
      lastId = tombstone[0] as string
      lastModifiedAt = tombstone[1] as number
      page.text(
        `${separator}{"id":${JSON.stringify(lastId)},"modifiedAt":${lastModifiedAt},"deleted":true}`,
      )
    }
  }
  const more = recordIndex < records.length || tombstoneIndex < tombstones.length
  const nextCursor = more ? `{"since":${lastModifiedAt},"after":${JSON.stringify(lastId)}}` : 'null'
  page.text(`],"nextCursor":${nextCursor}}`)
  return page.done()
}

/** Records a deletion/withdrawal so feeds carry a tombstone; a re-created record removes it. */
export function addTombstone(
  db: SandboxDatabase,
  feed: string,
  scope: string,
  id: string,
  modifiedAt: number,
): void {
  db.run(
    `INSERT INTO tombstones (feed, scope, id, modified_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (feed, scope, id) DO UPDATE SET modified_at = excluded.modified_at`,
    [feed, scope, id, modifiedAt],
  )
}

export function removeTombstone(
  db: SandboxDatabase,
  feed: string,
  scope: string,
  id: string,
): void {
  db.run('DELETE FROM tombstones WHERE feed = ? AND scope = ? AND id = ?', [feed, scope, id])
}

/** A JSON-column document feed (orders, deliveries, returns, invoice requests) of one dealer. */
export function documentFeed(table: string, dealerId: string): FeedSource {
  return {
    feed: table,
    scope: dealerId,
    sql: `SELECT id, modified_at, json FROM ${table} WHERE dealer_id = ? AND (modified_at, id) > (?, ?)
          ORDER BY modified_at, id LIMIT ?`,
    params: [dealerId],
  }
}
