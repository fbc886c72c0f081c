/**
 * The outbox file (`{ version: 1, items: [...] }`). Reading validates the
 * file; an unreadable one is moved aside (never deleted: it holds the user's submissions, support
 * can recover them) and the queue starts empty.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { OUTBOX_KINDS } from '../../../shared/contract/workspace'
import { moveAside } from '../../../node/atomicFile'
import type { OutboxItem } from './outboxTypes'

const ErrorData = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})

const StoredItem = z.object({
  id: z.string().min(1),
  kind: z.enum(OUTBOX_KINDS),
  dealerId: z.string(),
  serverUrl: z.string().optional(),
  account: z.string().optional(),
  idempotencyKey: z.string().min(1),
  payload: z.unknown(),
  createdAt: z.number(),
  status: z.enum(['pending', 'sending', 'failed', 'sent']),
  attempts: z.int().nonnegative(),
  serverErrors: z.int().nonnegative().optional(),
  lastError: ErrorData.optional(),
  nextAttemptAt: z.number().optional(),
  result: z.unknown().optional(),
  sentAt: z.number().optional(),
})

const OutboxFile = z.object({ version: z.literal(1), items: z.array(StoredItem) })

/** The stored queue, [] when there is no file, [] after moving an unreadable file aside. */
export async function readOutboxFile(
  file: string,
  clock: () => number,
  onCorrupt?: (asidePath: string) => void,
): Promise<OutboxItem[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  const result = OutboxFile.safeParse(parsed)
  if (result.success) return result.data.items as OutboxItem[]
  const aside = await moveAside(file, 'corrupt', clock())
  onCorrupt?.(aside)
  return []
}
