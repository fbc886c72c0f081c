/**
 * The mirror: one poller per ShareCRM object (streams in records.ts), run by one instance only.
 * Leadership is the advisory lock `dealerdesk:mirror-leader` (PostgreSQL: held on a dedicated
 * connection, so it is released when the leader dies and a standby, retrying every poll period,
 * takes over; PGlite: the single instance always leads).
 *
 * Each stream keeps a cursor `(last_modified_time, _id)`. A poll asks ShareCRM for
 * `last_modified_time GTE cursor.time − 5 min` ordered by `(last_modified_time, _id)`; the
 * client pages by keyset past offset 10,000. The overlap is there for records committed late
 * with an earlier time; a record older than 5 minutes before the previous read started was
 * committed by then, so when the cursor itself is that old, the poll asks only for
 * `last_modified_time GT cursor.time` (after a complete read; GTE after an interrupted one):
 * otherwise a bulk import (100,000 products with one time) would be re-read on every poll. Each page is upserted, projected into the Portal
 * feeds and the cursor advanced in one transaction: a crash replays at most one page, and replays
 * are upserts. The first fill reads everything (no overlap needed) and marks the stream filled.
 *
 * Every stream read takes a number (`mirror_reads`) and the dealer stream records which read
 * first saw each dealer: Portal data are served per dealer once its first fill is done
 * (readiness.ts); until then they answer 503 `gateway.mirrorNotReady`.
 *
 * The reconcile pass (daily, and on demand) lists every `_id` of each object and tombstones what
 * the mirror holds and ShareCRM no longer does (ShareCRM reports no hard deletes).
 */
import type { GatewayDb, HeldLock, Queryable } from '../db/driver'
import type { FieldMap } from '../fieldMap'
import type { ShareCrmPort, ShareCrmRecord } from '../upstream'
import { toTime } from '../values'
import { affectedBy, emptyAffected, project, type Affected } from './project'
import { createReadiness } from './readiness'
import { markGone, streamDefinitions, upsertRecords, type StreamDefinition } from './records'

export const OVERLAP_MS = 5 * 60_000
export const RECONCILE_EVERY_MS = 24 * 3_600_000
const LEADER_LOCK = 'dealerdesk:mirror-leader'

export interface MirrorLog {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
}

export interface MirrorOptions {
  db: GatewayDb
  api: ShareCrmPort
  map: FieldMap
  pollMs: number
  /** This instance's name in /health and the leader row. */
  instanceId: string
  clock?: () => number
  log?: MirrorLog
}

export interface StreamState {
  object: string
  filled: boolean
  rows: number
  calls: number
  cursorTime: number
  lastPollAt: number | null
  lastError: string | null
}

export type Mirror = ReturnType<typeof createMirror>

export function createMirror(options: MirrorOptions) {
  const { db, api, map } = options
  const clock = options.clock ?? Date.now
  const log = options.log ?? { info() {}, warn() {} }
  const streams = streamDefinitions(map)
  let leader: HeldLock | null = null
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  let wake: (() => void) | null = null
  let running: Promise<void> | null = null
  const readiness = createReadiness(
    db,
    streams.map((stream) => stream.object),
    clock,
  )
  let labelsLoaded = false

  interface PollerState {
    cursor_time: number
    filled: boolean
    read_started_at: number | null
    read_complete: boolean
  }

  async function stateOf(object: string): Promise<PollerState> {
    await db.query(
      'INSERT INTO poller_state (object) VALUES ($1) ON CONFLICT (object) DO NOTHING',
      [object],
    )
    const rows = await db.query<PollerState>(
      'SELECT cursor_time, filled, read_started_at, read_complete FROM poller_state WHERE object = $1',
      [object],
    )
    return rows[0] as PollerState
  }

  /** The filter of the next read (see the module comment). */
  function sinceFilter(state: PollerState) {
    const cursor = Number(state.cursor_time)
    if (cursor <= 0) return []
    if (!state.filled)
      return [
        { field_name: 'last_modified_time', operator: 'GTE' as const, field_values: [cursor] },
      ]
    const settled =
      state.read_started_at !== null && cursor < Number(state.read_started_at) - OVERLAP_MS
    if (settled)
      return [
        {
          field_name: 'last_modified_time',
          operator: state.read_complete ? ('GT' as const) : ('GTE' as const),
          field_values: [cursor],
        },
      ]
    return [
      {
        field_name: 'last_modified_time',
        operator: 'GTE' as const,
        field_values: [Math.max(0, cursor - OVERLAP_MS)],
      },
    ]
  }

  /** Option labels of select fields (category, unit) from describe, kept in `meta`. */
  async function loadLabels(): Promise<void> {
    const wanted: [string, string[]][] = [
      [map.product.object, [map.product.category, map.product.unit]],
    ]
    for (const [object, fields] of wanted) {
      try {
        const describe = await api.describe(object)
        const labels: Record<string, Record<string, string>> = {}
        for (const field of fields) {
          labels[field] = Object.fromEntries(
            (describe.fields[field]?.options ?? []).map((option) => [
              String(option.value),
              option.label,
            ]),
          )
        }
        await db.query(
          'INSERT INTO meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
          [`options:${object}`, JSON.stringify(labels)],
        )
      } catch (error) {
        log.warn('sharecrm.describe failed; select values are shown as they are', {
          object,
          error: String(error),
        })
      }
    }
    labelsLoaded = true
  }

  /** Upserts records of a stream and projects what they touch, in the caller's transaction. */
  async function absorb(
    tx: Queryable,
    stream: StreamDefinition,
    records: readonly ShareCrmRecord[],
    affected: Affected,
  ): Promise<void> {
    const changed = await upsertRecords(tx, stream, records, clock())
    await affectedBy(tx, map, stream.resource, changed, affected)
  }

  async function pollStream(stream: StreamDefinition): Promise<number> {
    const state = await stateOf(stream.object)
    const filters = sinceFilter(state)
    const startedAt = clock()
    const readNo = Number(
      (
        await db.query<{ read_no: number }>(
          `UPDATE poller_state SET read_started_at = $2, read_complete = false, read_no = nextval('mirror_reads')
           WHERE object = $1 RETURNING read_no`,
          [stream.object, startedAt],
        )
      )[0]?.read_no,
    )
    let rows = 0
    try {
      for await (const page of api.queryPages(stream.object, { filters })) {
        if (stopped) break
        const last = page.records.at(-1)
        await db.transaction(async (tx) => {
          const affected = emptyAffected()
          await absorb(tx, stream, page.records, affected)
          if (stream.resource === 'dealer') await readiness.seen(tx, page.records, readNo)
          await project(tx, map, affected, clock())
          await tx.query(
            `UPDATE poller_state SET cursor_time = greatest(cursor_time, $2), cursor_id = $3, rows = rows + $4,
               calls = calls + 1, last_poll_at = $5 WHERE object = $1`,
            [
              stream.object,
              toTime(last?.last_modified_time) ?? 0,
              String(last?._id ?? ''),
              page.records.length,
              clock(),
            ],
          )
        })
        rows += page.records.length
        if (!state.filled && rows % 10_000 < page.records.length)
          log.info('mirror.fill progress', { object: stream.object, rows, total: page.total })
      }
      if (!stopped) {
        // A first fill read every record: it counts as that stream's reconcile pass.
        await db.query(
          `UPDATE poller_state SET filled = true, read_complete = true, last_poll_at = $2, last_error = NULL,
             reconciled_at = CASE WHEN filled THEN reconciled_at ELSE $2 END, complete_read_no = $3
           WHERE object = $1`,
          [stream.object, clock(), readNo],
        )
      }
    } catch (error) {
      await db.query(
        'UPDATE poller_state SET last_error = $2, last_poll_at = $3 WHERE object = $1',
        [stream.object, String(error), clock()],
      )
      throw error
    }
    return rows
  }

  /** One poll of every stream, in order. Answers the rows read. */
  async function pollOnce(): Promise<number> {
    if (!labelsLoaded) await loadLabels()
    await readiness.seed(map.dealer.object)
    let rows = 0
    for (const stream of streams) {
      if (stopped) break
      try {
        rows += await pollStream(stream)
      } catch (error) {
        log.warn('mirror.poll failed', { object: stream.object, error: String(error) })
        if (error instanceof Error && error.name === 'UpstreamQuotaError') break
      }
    }
    readiness.recheck()
    return rows
  }

  /** Tombstones records ShareCRM no longer lists. Answers how many became gone. */
  async function reconcile(): Promise<number> {
    let gone = 0
    for (const stream of streams) {
      const upstream = new Set<string>()
      for await (const page of api.queryPages(stream.object, { fieldProjection: ['_id'] })) {
        for (const record of page.records) upstream.add(String(record._id))
      }
      const held = await db.query<{ id: string }>(
        'SELECT id FROM mirror_records WHERE object = $1 AND NOT gone',
        [stream.object],
      )
      const missing = held.map((row) => row.id).filter((id) => !upstream.has(id))
      if (missing.length) {
        await db.transaction(async (tx) => {
          const rows = await markGone(tx, stream.object, missing, clock())
          const affected = await affectedBy(tx, map, stream.resource, rows)
          await project(tx, map, affected, clock())
        })
        gone += missing.length
        log.info('mirror.reconcile tombstoned', { object: stream.object, count: missing.length })
      }
      await db.query('UPDATE poller_state SET reconciled_at = $2 WHERE object = $1', [
        stream.object,
        clock(),
      ])
    }
    return gone
  }

  async function tick(): Promise<void> {
    if (!leader) leader = await db.tryLock(LEADER_LOCK)
    if (!leader) return
    await db.query(
      `INSERT INTO leader (name, instance, since, heartbeat_at) VALUES ('mirror', $1, $2, $2)
       ON CONFLICT (name) DO UPDATE SET instance = excluded.instance,
         since = CASE WHEN leader.instance = excluded.instance THEN leader.since ELSE excluded.since END,
         heartbeat_at = excluded.heartbeat_at`,
      [options.instanceId, clock()],
    )
    await pollOnce()
    const reconciled = await db.query<{ at: number | null }>(
      'SELECT min(reconciled_at) AS at FROM poller_state',
    )
    const last = Number(reconciled[0]?.at ?? 0)
    if ((await readiness.ready()) && clock() - last >= RECONCILE_EVERY_MS)
      await reconcile().catch((error) =>
        log.warn('mirror.reconcile failed', { error: String(error) }),
      )
  }

  function schedule(delay: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      timer = null
      running = tick()
        .catch((error) => log.warn('mirror.tick failed', { error: String(error) }))
        .finally(() => {
          running = null
          schedule(options.pollMs)
        })
    }, delay)
    wake = () => {
      if (timer) {
        clearTimeout(timer)
        schedule(0)
      }
    }
  }

  async function health(): Promise<Record<string, unknown>> {
    const states = await db.query<{
      object: string
      filled: boolean
      rows: number
      calls: number
      last_poll_at: number | null
      last_error: string | null
    }>(
      'SELECT object, filled, rows, calls, last_poll_at, last_error FROM poller_state ORDER BY object',
    )
    const leaderRow = (
      await db.query<{ instance: string; heartbeat_at: number }>(
        "SELECT instance, heartbeat_at FROM leader WHERE name = 'mirror'",
      )
    )[0]
    return {
      mirror: (await readiness.ready()) ? 'ready' : 'filling',
      leader: leaderRow
        ? { instance: leaderRow.instance, heartbeatAt: Number(leaderRow.heartbeat_at) }
        : null,
      polling: leader !== null,
      instance: options.instanceId,
      dealers: await readiness.dealerStates(),
      streams: Object.fromEntries(
        states.map((state) => [
          state.object,
          {
            filled: state.filled,
            rows: Number(state.rows),
            calls: Number(state.calls),
            lastPollAt: state.last_poll_at,
            lastError: state.last_error,
          },
        ]),
      ),
    }
  }

  return {
    streams,
    /** Starts the leader loop (first tick at once). */
    start() {
      stopped = false
      schedule(0)
    },
    /** Polls now instead of at the next period (leader only). */
    pollNow() {
      wake?.()
    },
    tick,
    pollOnce,
    reconcile,
    ready: readiness.ready,
    dealerReady: readiness.dealerReady,
    health,
    isLeader: () => leader !== null,
    /** Writes' answers: upsert the records ShareCRM returned and project them now. */
    async ingest(
      tx: Queryable,
      resource: StreamDefinition['resource'],
      records: readonly ShareCrmRecord[],
      affected: Affected,
    ): Promise<void> {
      const stream = streams.find((candidate) => candidate.resource === resource)
      if (!stream) throw new Error(`no stream for ${resource}`)
      await absorb(tx, stream, records, affected)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running?.catch(() => undefined)
      await leader?.release()
      leader = null
    },
  }
}
