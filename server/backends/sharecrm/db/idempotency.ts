/**
 * Idempotency keys in the gateway database (Stripe's design, see backend.ts `IdempotencyStore`).
 * A claim takes the per-key lock (PostgreSQL: an advisory lock on its own connection, so a
 * duplicate on another instance waits; PGlite: in-process), then looks at the row:
 * - `done` → replay (same request hash) or conflict;
 * - `pending` → an attempt that claimed the key and died before recording its answer: this claim
 *   is `recovering` (the backend looks for what it may have created upstream before creating);
 * - none → a `pending` row is recorded with the request hash before anything is sent.
 * `complete` stores the answer and `release` forgets a failed attempt (the key may be retried).
 * The lock is held from the claim until `complete`/`release`.
 */
import type { IdempotencyClaim, IdempotencyStore } from '../../../backend'
import type { GatewayDb } from './driver'

export function createIdempotencyStore(
  db: GatewayDb,
  clock: () => number = Date.now,
): IdempotencyStore {
  return {
    async claim(dealerId, key, requestHash): Promise<IdempotencyClaim> {
      const lock = await db.lock(`idempotency:${dealerId}:${key}`)
      try {
        const rows = await db.query<{
          request_hash: string
          state: string
          status: number | null
          body: string | null
        }>(
          'SELECT request_hash, state, status, body FROM idempotency WHERE dealer_id = $1 AND key = $2',
          [dealerId, key],
        )
        const row = rows[0]
        if (row && row.request_hash !== requestHash) {
          await lock.release()
          return { kind: 'conflict' }
        }
        if (row?.state === 'done') {
          await lock.release()
          return {
            kind: 'replay',
            response: { requestHash, status: Number(row.status), body: row.body ?? '' },
          }
        }
        const recovering = row?.state === 'pending'
        if (!row) {
          await db.query(
            `INSERT INTO idempotency (dealer_id, key, request_hash, state, created_at) VALUES ($1, $2, $3, 'pending', $4)`,
            [dealerId, key, requestHash, clock()],
          )
        }
        let finished = false
        return {
          kind: 'claimed',
          recovering,
          async complete(response) {
            if (finished) return
            finished = true
            try {
              await db.query(
                `UPDATE idempotency SET state = 'done', status = $3, body = $4, completed_at = $5
                 WHERE dealer_id = $1 AND key = $2`,
                [dealerId, key, response.status, response.body, clock()],
              )
            } finally {
              await lock.release()
            }
          },
          async release() {
            if (finished) return
            finished = true
            try {
              await db.query(
                `DELETE FROM idempotency WHERE dealer_id = $1 AND key = $2 AND state = 'pending'`,
                [dealerId, key],
              )
            } finally {
              await lock.release()
            }
          },
        }
      } catch (error) {
        await lock.release()
        throw error
      }
    },
  }
}
