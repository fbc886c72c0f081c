/**
 * The OpenAPI client's shared state in the gateway database, so that every instance on one
 * PostgreSQL behaves as one client towards ShareCRM (sharecrm.md "Wire format"):
 * - the corpAccessToken (`upstream_token`): fetched single-flight under the `dealerdesk:token`
 *   lock: the first caller fetches, the others (any instance) wait, re-read and use it;
 * - the per-interface call budget (`call_starts`): a sliding 20-s window log per interface,
 *   checked and appended under a per-interface lock, so all instances together stay under
 *   `callsPer20s`.
 * Both implement the client's `TokenStore` and `CallBudget` interfaces (tokenStore.ts, callBudget.ts).
 */
import type { GatewayDb } from './driver'

export interface CachedToken {
  corpAccessToken: string
  corpId: string
  expiresAt: number
}

export const BUDGET_WINDOW_MS = 20_000

export function createDatabaseTokenStore(db: GatewayDb, clock: () => number = Date.now) {
  async function read(): Promise<CachedToken | null> {
    const rows = await db.query<{ token: string; corp_id: string; expires_at: number }>(
      'SELECT token, corp_id, expires_at FROM upstream_token WHERE id = 1',
    )
    const row = rows[0]
    return row
      ? { corpAccessToken: row.token, corpId: row.corp_id, expiresAt: Number(row.expires_at) }
      : null
  }
  return {
    get: read,
    async refresh(fetchToken: () => Promise<CachedToken>, rejected?: string): Promise<CachedToken> {
      const lock = await db.lock('dealerdesk:token')
      try {
        const current = await read()
        if (current && current.corpAccessToken !== rejected && current.expiresAt > clock())
          return current
        const fresh = await fetchToken()
        await db.query(
          `INSERT INTO upstream_token (id, token, corp_id, expires_at, fetched_at, fetches) VALUES (1, $1, $2, $3, $4, 1)
           ON CONFLICT (id) DO UPDATE SET token = excluded.token, corp_id = excluded.corp_id, expires_at = excluded.expires_at,
             fetched_at = excluded.fetched_at, fetches = upstream_token.fetches + 1`,
          [fresh.corpAccessToken, fresh.corpId, fresh.expiresAt, clock()],
        )
        return fresh
      } finally {
        await lock.release()
      }
    },
    /** Token fetches made by all instances together (tests, /health). */
    async fetches(): Promise<number> {
      const rows = await db.query<{ fetches: number }>(
        'SELECT fetches FROM upstream_token WHERE id = 1',
      )
      return Number(rows[0]?.fetches ?? 0)
    },
  }
}

/**
 * A call holds its slot from the moment it may start until `windowMs` after it finished (see
 * callBudget.ts: however late ShareCRM sees it arrive, no window there holds more than the
 * budget). A slot whose call never finished (its instance died) expires after `staleMs`.
 */
export function createDatabaseCallBudget(
  db: GatewayDb,
  options: { callsPer20s: number; windowMs?: number; staleMs?: number; clock?: () => number },
) {
  const clock = options.clock ?? Date.now
  const windowMs = options.windowMs ?? BUDGET_WINDOW_MS
  const staleMs = options.staleMs ?? 120_000
  if (!Number.isInteger(options.callsPer20s) || options.callsPer20s < 1)
    throw new Error('callsPer20s must be a positive integer')
  const live = `interface = $1 AND ((finished_at IS NULL AND started_at > $2) OR finished_at > $3)`
  return {
    async acquire(path: string, signal?: AbortSignal): Promise<() => void> {
      for (;;) {
        signal?.throwIfAborted()
        const lock = await db.lock(`dealerdesk:budget:${path}`)
        let waitMs = 0
        try {
          const now = clock()
          await db.query(
            'DELETE FROM call_slots WHERE interface = $1 AND NOT (' +
              live.replace('interface = $1 AND ', '') +
              ')',
            [path, now - staleMs, now - windowMs],
          )
          const rows = await db.query<{ calls: number; oldest: number | null }>(
            `SELECT count(*)::int AS calls, min(finished_at) AS oldest FROM call_slots WHERE ${live}`,
            [path, now - staleMs, now - windowMs],
          )
          const calls = Number(rows[0]?.calls ?? 0)
          if (calls < options.callsPer20s) {
            const inserted = await db.query<{ id: number }>(
              'INSERT INTO call_slots (interface, started_at) VALUES ($1, $2) RETURNING id',
              [path, now],
            )
            const id = inserted[0]?.id
            return () => {
              void db
                .query('UPDATE call_slots SET finished_at = $2 WHERE id = $1', [id, clock()])
                .catch(() => undefined)
            }
          }
          const oldest = rows[0]?.oldest
          waitMs =
            oldest === null || oldest === undefined ? 200 : Number(oldest) + windowMs - now + 1
        } finally {
          await lock.release()
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(1, waitMs), windowMs)))
      }
    },
    /** Slots held now (tests, /health). */
    async used(path: string): Promise<number> {
      const now = clock()
      const rows = await db.query<{ calls: number }>(
        `SELECT count(*)::int AS calls FROM call_slots WHERE ${live}`,
        [path, now - staleMs, now - windowMs],
      )
      return Number(rows[0]?.calls ?? 0)
    },
  }
}
