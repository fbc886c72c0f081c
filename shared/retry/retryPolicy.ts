/**
 * Retry with back-off, the one rule for every repeated attempt: the upstream client's calls, the
 * outbox's submissions and the web bridge's event stream. Only what is safe to repeat is retried
 * (GETs, POSTs that carry an Idempotency-Key: the gateway replays the first answer); the callers
 * decide that, this file only says how long to wait.
 */
export interface BackoffPolicy {
  /** Cap of the first retry's delay, ms; the cap doubles with every further attempt. */
  baseDelayMs: number
  /** The cap never grows past this, ms. */
  maxDelayMs: number
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
}

/** A Retry-After longer than this is not honoured as such (a minute is the most we sleep). */
const MAX_RETRY_AFTER_MS = 60_000

/** Statuses worth another try: the gateway or something in front of it is struggling. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504
}

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential back-off with "equal
 * jitter", uniformly between half the cap and the cap, so many clients recovering at once do not
 * retry in lockstep, yet none retries at once. A Retry-After from the server (seconds) wins.
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  retryAfterSeconds: number | null = null,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== null && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0) {
    return Math.min(retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(cap / 2 + (random() * cap) / 2)
}

/** Retry-After as seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(
  header: string | undefined | null,
  now = Date.now(),
): number | null {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000)
}
