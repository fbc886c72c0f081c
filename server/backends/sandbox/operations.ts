/**
 * What the operator routes and the auto-pilot read of the sandbox besides the document life
 * cycles: the recent documents list, the seed parameters, the documents waiting for a step.
 */
import type { SandboxContext } from './context'

export type DocumentKind = 'orders' | 'returns' | 'invoice_requests'

export interface DocumentSummary {
  kind: DocumentKind
  id: string
  number: string
  dealerId: string
  status: string
  createdAt: number
}

export type Operations = ReturnType<typeof createOperations>

export function createOperations(ctx: SandboxContext) {
  const { db } = ctx
  const meta = (key: string) =>
    db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value

  /** The 50 most recent documents of each kind, optionally of one status and one dealer. */
  function documents(filter: { status?: string; dealerId?: string }): DocumentSummary[] {
    return (['orders', 'returns', 'invoice_requests'] as const).flatMap((kind) =>
      db
        .all<{ id: string; number: string; dealer_id: string; status: string; created_at: number }>(
          `SELECT id, number, dealer_id, status, created_at FROM ${kind}
           WHERE (? IS NULL OR status = ?) AND (? IS NULL OR dealer_id = ?) ORDER BY created_at DESC LIMIT 50`,
          [
            filter.status ?? null,
            filter.status ?? null,
            filter.dealerId ?? null,
            filter.dealerId ?? null,
          ],
        )
        .map((row) => ({
          kind,
          id: row.id,
          number: row.number,
          dealerId: row.dealer_id,
          status: row.status,
          createdAt: row.created_at,
        })),
    )
  }

  /** Oldest first: the documents of a kind in one of `statuses`. */
  function waiting(
    kind: DocumentKind,
    statuses: readonly string[],
    limit: number,
  ): { id: string; status: string }[] {
    return db.all<{ id: string; status: string }>(
      `SELECT id, status FROM ${kind} WHERE status IN (SELECT value FROM json_each(?)) ORDER BY created_at, id LIMIT ?`,
      [JSON.stringify(statuses), limit],
    )
  }

  return {
    documents,
    waiting,
    seed: () => Number(meta('seed') ?? 0),
    products: () => Number(meta('products') ?? 0),
  }
}
