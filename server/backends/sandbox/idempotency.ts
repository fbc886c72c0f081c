/**
 * Idempotency records, scoped per dealer: (dealer, key) → hash of (route + body) and the stored
 * success response. Only successful outcomes are recorded, so a submission that failed a rule
 * (e.g. deposit short) may be retried with the same key once the cause is fixed.
 */
import { createHash } from 'node:crypto'
import type { SandboxContext } from './context'

export interface StoredResponse {
  requestHash: string
  status: number
  body: string
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>

export function requestHash(route: string, body: unknown): string {
  return createHash('sha256').update(route).update('\n').update(JSON.stringify(body ?? null)).digest('base64url')
}

export function createIdempotencyStore(ctx: SandboxContext) {
  const { db } = ctx
  return {
    lookup(dealerId: string, key: string): StoredResponse | undefined {
      const row = db.get<{ request_hash: string; status: number; body: string }>(
        'SELECT request_hash, status, body FROM idempotency WHERE dealer_id = ? AND key = ?',
        [dealerId, key],
      )
      return row && { requestHash: row.request_hash, status: row.status, body: row.body }
    },
    store(dealerId: string, key: string, response: StoredResponse): void {
      db.run('INSERT INTO idempotency (dealer_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        dealerId,
        key,
        response.requestHash,
        response.status,
        response.body,
        ctx.now(),
      ])
      ctx.changed()
    },
  }
}
