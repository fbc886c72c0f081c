/**
 * Whether the mirror may serve a dealer. Readiness is per dealer: a dealer's Portal data answer
 * 503 `gateway.mirrorNotReady` until its first fill is done. Every stream read takes a number
 * (`mirror_reads`, mirror.ts); the read of the dealer stream that first sees a dealer records its
 * number (`mirror_dealers`), and the dealer is ready once every stream has completed a read
 * numbered at or after it: by then every record of the dealer that ShareCRM held when the dealer
 * was seen has been read. On the first fill that is everybody at its end; a dealer added later is
 * ready after the next complete poll, while the dealers already filled are served throughout. A
 * dealer the mirror has never seen is not ready. Once ready, a dealer stays ready.
 *
 * The mirror as a whole is `ready` once every stream has filled once (/health, the reconcile).
 */
import type { Queryable } from '../db/driver'

/** How long a "not ready" answer is reused before the database is asked again. */
const RECHECK_MS = 1000

export function createReadiness(db: Queryable, objects: readonly string[], clock: () => number) {
  let whole: { at: number; ready: boolean } | null = null
  let seeded = false
  const dealers = new Map<string, { at: number; ready: boolean }>()
  /** Per dealer row: how many streams completed a read since the dealer was first seen. */
  const streamsDone = `(SELECT count(*)::int FROM poller_state p WHERE p.object = ANY($1::text[])
    AND p.filled AND p.complete_read_no >= d.first_read_no)`

  return {
    /** Dealers first seen by the read numbered `readNo` of the dealer stream (its transaction). */
    async seen(tx: Queryable, records: readonly { _id: unknown }[], readNo: number) {
      await tx.query(
        `INSERT INTO mirror_dealers (dealer_id, first_read_no, first_seen_at)
         SELECT unnest($1::text[]), $2, $3 ON CONFLICT (dealer_id) DO NOTHING`,
        [records.map((record) => String(record._id)), readNo, clock()],
      )
    },

    /**
     * Dealers mirrored before per-dealer readiness existed (schema 1) count as seen before any
     * read (number 0). Once per process; cheap (one row per dealer, nothing inserted when held).
     */
    async seed(dealerObject: string): Promise<void> {
      if (seeded) return
      await db.query(
        `INSERT INTO mirror_dealers (dealer_id, first_read_no, first_seen_at)
         SELECT id, 0, $2 FROM mirror_records WHERE object = $1 ON CONFLICT (dealer_id) DO NOTHING`,
        [dealerObject, clock()],
      )
      seeded = true
    },

    /** Every stream has filled once. */
    async ready(): Promise<boolean> {
      if (whole && clock() - whole.at < RECHECK_MS) return whole.ready
      const rows = await db.query<{ filled: number }>(
        'SELECT count(*)::int AS filled FROM poller_state WHERE filled AND object = ANY($1::text[])',
        [objects],
      )
      const ready = Number(rows[0]?.filled ?? 0) >= objects.length
      whole = { at: clock(), ready }
      return ready
    },

    /** The dealer's first fill is done (see the module comment). */
    async dealerReady(dealerId: string): Promise<boolean> {
      const cached = dealers.get(dealerId)
      if (cached && (cached.ready || clock() - cached.at < RECHECK_MS)) return cached.ready
      const rows = await db.query<{ ready_at: number | null; streams: number }>(
        `SELECT d.ready_at, ${streamsDone} AS streams FROM mirror_dealers d WHERE d.dealer_id = $2`,
        [objects, dealerId],
      )
      const row = rows[0]
      const ready = row !== undefined && Number(row.streams) >= objects.length
      if (ready && row.ready_at === null)
        await db.query(
          'UPDATE mirror_dealers SET ready_at = $2 WHERE dealer_id = $1 AND ready_at IS NULL',
          [dealerId, clock()],
        )
      dealers.set(dealerId, { at: clock(), ready })
      return ready
    },

    /** Dealers by state for /health: counts, and those still filling (at most 100). */
    async dealerStates() {
      const rows = await db.query<{ dealer_id: string; first_seen_at: number; ready: boolean }>(
        `SELECT d.dealer_id, d.first_seen_at, ${streamsDone} >= $2 AS ready
         FROM mirror_dealers d ORDER BY d.first_seen_at, d.dealer_id`,
        [objects, objects.length],
      )
      const filling = rows.filter((row) => !row.ready)
      return {
        ready: rows.length - filling.length,
        filling: filling.length,
        fillingDealers: filling
          .slice(0, 100)
          .map((row) => ({ dealerId: row.dealer_id, seenAt: Number(row.first_seen_at) })),
      }
    },

    /** After a poll: answers "not ready" are asked again. */
    recheck(): void {
      whole = null
      for (const [dealerId, cached] of dealers) if (!cached.ready) dealers.delete(dealerId)
    },
  }
}
