/**
 * The sandbox's IdempotencyStore (server/backend.ts). Records, scoped per dealer:
 * (dealer, key) → request hash, status (0 while claimed), the stored answer, and the id of the
 * record the claimed write created (`record_id`, set in the same synchronous step as the write).
 *
 * Claims take a per-key lock in this process: a concurrent duplicate waits until the first one
 * completes (then replays its answer) or releases. A claim found on disk without a holder was cut
 * off by a crash: it is handed out with `recovering` so the write returns the record it made
 * (`recordOf`) instead of making a second one. A released claim whose write made nothing is
 * forgotten, so a refused request may be retried with the same key.
 */
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from '../../backend'
import type { SandboxContext } from './context'

interface ClaimRow {
  request_hash: string
  status: number
  body: string
  record_id: string | null
}

export type SandboxIdempotency = ReturnType<typeof createIdempotencyStore>

export function createIdempotencyStore(ctx: SandboxContext) {
  const { db } = ctx
  const locks = new Map<string, Promise<void>>()

  const row = (dealerId: string, key: string) =>
    db.get<ClaimRow>(
      'SELECT request_hash, status, body, record_id FROM idempotency WHERE dealer_id = ? AND key = ?',
      [dealerId, key],
    )

  /** Waits for the current holder of the key, then holds it; answers the unlock function. */
  async function lock(name: string): Promise<() => void> {
    for (;;) {
      const held = locks.get(name)
      if (!held) break
      await held
    }
    let unlock!: () => void
    locks.set(name, new Promise<void>((resolve) => (unlock = resolve)))
    return () => {
      locks.delete(name)
      unlock()
    }
  }

  const store: IdempotencyStore = {
    async claim(dealerId, key, requestHash): Promise<IdempotencyClaim> {
      const unlock = await lock(`${dealerId}\n${key}`)
      const found = row(dealerId, key)
      if (found && found.request_hash !== requestHash) {
        unlock()
        return { kind: 'conflict' }
      }
      if (found && found.status > 0) {
        unlock()
        return {
          kind: 'replay',
          response: { requestHash: found.request_hash, status: found.status, body: found.body },
        }
      }
      if (!found) {
        db.run(
          'INSERT INTO idempotency (dealer_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, 0, ?, ?)',
          [dealerId, key, requestHash, '', ctx.now()],
        )
        ctx.changed()
      }
      let open = true
      const finish = (work: () => void) => {
        if (!open) return
        open = false
        try {
          work()
          ctx.changed()
        } finally {
          unlock()
        }
      }
      return {
        kind: 'claimed',
        recovering: found !== undefined,
        async complete(response: StoredResponse) {
          finish(() =>
            db.run('UPDATE idempotency SET status = ?, body = ? WHERE dealer_id = ? AND key = ?', [
              response.status,
              response.body,
              dealerId,
              key,
            ]),
          )
        },
        async release() {
          // Keep a claim whose write made a record: a retry must find that record, not make another.
          finish(() =>
            db.run(
              'DELETE FROM idempotency WHERE dealer_id = ? AND key = ? AND status = 0 AND record_id IS NULL',
              [dealerId, key],
            ),
          )
        },
      }
    },
  }

  return {
    ...store,
    /** Notes the record a claimed write made; call in the same synchronous step as the write. */
    attach(dealerId: string, key: string | undefined, recordId: string): void {
      if (key === undefined) return
      db.run(
        'UPDATE idempotency SET record_id = ? WHERE dealer_id = ? AND key = ? AND status = 0',
        [recordId, dealerId, key],
      )
    },
    /** The record an interrupted claim made, if it got that far. */
    recordOf(dealerId: string, key: string | undefined): string | undefined {
      if (key === undefined) return undefined
      return row(dealerId, key)?.record_id ?? undefined
    },
  }
}
