/**
 * Submissions a screen is still waiting for (by idempotency key): when the gateway accepts one of
 * these, the screen shows its own result, so the "accepted" toast (orderStatusToasts.ts) is left
 * out. One that outlived the wait (queued) is announced by the toast when it is accepted later.
 */
const awaited = new Set<string>()

/** Runs `work` with `key` marked as awaited by the screen. */
export async function awaitingSubmission<T>(key: string, work: () => Promise<T>): Promise<T> {
  awaited.add(key)
  try {
    return await work()
  } finally {
    awaited.delete(key)
  }
}

export function isAwaitedSubmission(key: string): boolean {
  return awaited.has(key)
}
