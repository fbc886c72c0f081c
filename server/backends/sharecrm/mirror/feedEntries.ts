/**
 * The Portal feeds as the gateway database holds them (`feed_entries`): one row per feed record,
 * its JSON text ready to serve, written only when it changed, with a new change-sequence value
 * (db/schema.ts) stamped into its `modifiedAt`; a null record is a tombstone. Also what every
 * projection (projections/*.ts) shares: the option labels of select fields and the previous
 * version of a record (its status history carries on).
 */
import type { Queryable } from '../db/driver'
import { nextSeq } from '../db/schema'
import { text } from '../values'

/** Option labels of select fields: object → field → value → label (from describe). */
export type OptionLabels = Record<string, Record<string, Record<string, string>>>

export async function loadLabels(db: Queryable): Promise<OptionLabels> {
  const rows = await db.query<{ key: string; value: Record<string, Record<string, string>> }>(
    "SELECT key, value FROM meta WHERE key LIKE 'options:%'",
  )
  return Object.fromEntries(rows.map((row) => [row.key.slice('options:'.length), row.value]))
}

export interface FeedWrite {
  feed: string
  scope: string
  id: string
  /** null: tombstone. The `modifiedAt` placeholder `"modifiedAt":0` is replaced by the entry's seq. */
  record: Record<string, unknown> | null
}

/**
 * Writes the entries whose JSON differs from what the feed holds, each with a fresh seq stamped
 * into the record's `modifiedAt`. Answers the written entries' JSON by feed/scope/id.
 */
export async function writeFeedEntries(
  tx: Queryable,
  writes: readonly FeedWrite[],
  now = Date.now(),
): Promise<Map<string, string>> {
  const written = new Map<string, string>()
  if (writes.length === 0) return written
  const keyOf = (write: { feed: string; scope: string; id: string }) =>
    `${write.feed}\u0000${write.scope}\u0000${write.id}`
  const existing = await tx.query<{
    feed: string
    scope: string
    id: string
    deleted: boolean
    json: string | null
  }>(
    `SELECT f.feed, f.scope, f.id, f.deleted, f.json FROM feed_entries f
     JOIN jsonb_to_recordset($1::jsonb) AS x(feed text, scope text, id text) ON f.feed = x.feed AND f.scope = x.scope AND f.id = x.id`,
    [JSON.stringify(writes.map(({ feed, scope, id }) => ({ feed, scope, id })))],
  )
  const held = new Map(existing.map((row) => [keyOf(row), row]))
  const changed: { write: FeedWrite; body: string | null }[] = []
  for (const write of writes) {
    const before = held.get(keyOf(write))
    const body = write.record ? JSON.stringify({ ...write.record, modifiedAt: 0 }) : null
    if (!before && body === null) continue
    if (before) {
      const beforeBody =
        before.json === null ? null : before.json.replace(/"modifiedAt":\d+/, '"modifiedAt":0')
      if (beforeBody === body && before.deleted === (body === null)) continue
    }
    changed.push({ write, body })
  }
  if (changed.length === 0) return written
  const first = await nextSeq(tx, changed.length, now)
  const rows = changed.map(({ write, body }, index) => {
    const seq = first + index
    const json = body === null ? null : body.replace('"modifiedAt":0', `"modifiedAt":${seq}`)
    if (json) written.set(keyOf(write), json)
    return { feed: write.feed, scope: write.scope, id: write.id, seq, deleted: json === null, json }
  })
  await tx.query(
    `INSERT INTO feed_entries (feed, scope, id, seq, deleted, json)
     SELECT x.feed, x.scope, x.id, x.seq, x.deleted, x.json
     FROM jsonb_to_recordset($1::jsonb) AS x(feed text, scope text, id text, seq bigint, deleted boolean, json text)
     ON CONFLICT (feed, scope, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, json = excluded.json`,
    [JSON.stringify(rows)],
  )
  return written
}

/** The key of a feed record in the map `writeFeedEntries` answers. */
export function feedKey(feed: string, scope: string, id: string): string {
  return `${feed}\u0000${scope}\u0000${id}`
}

/** The label of a select field's value (describe), or the value itself. */
export const label = (
  labels: OptionLabels,
  object: string,
  field: string,
  value: unknown,
): string => {
  const key = text(value)
  return labels[object]?.[field]?.[key] ?? key
}

/** The record a feed holds now (null: none or a tombstone). */
export async function previousRecord<T>(
  tx: Queryable,
  feed: string,
  scope: string,
  id: string,
): Promise<T | null> {
  const rows = await tx.query<{ json: string | null }>(
    'SELECT json FROM feed_entries WHERE feed = $1 AND scope = $2 AND id = $3',
    [feed, scope, id],
  )
  return rows[0]?.json ? (JSON.parse(rows[0].json) as T) : null
}

/** Keeps the previous history and appends the new status when it changed. */
export function history(
  previous: { statusHistory?: { status: string; at: number; note: string | null }[] } | null,
  status: string,
  at: number,
) {
  const entries = previous?.statusHistory ? [...previous.statusHistory] : []
  if (entries.at(-1)?.status !== status) entries.push({ status, at, note: null })
  return entries
}
