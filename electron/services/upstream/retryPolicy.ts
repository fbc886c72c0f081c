/**
 * When and how long to wait before retrying an upstream call. Only calls that are safe to repeat
 * are retried: GETs, and POSTs that carry an Idempotency-Key (the gateway replays the first answer).
 */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 5_000 }

/** Statuses worth another try: the gateway or something in front of it is struggling. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504
}

/**
 * Exponential back-off with "full jitter" (a random delay between 0 and the exponential cap), so
 * many clients recovering at once do not retry in lockstep. A Retry-After from the server wins.
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy,
  retryAfterSeconds: number | null,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.min(retryAfterSeconds * 1000, 60_000)
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(random() * cap)
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | undefined | null, now = Date.now()): number | null {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000)
}
