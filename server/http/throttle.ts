/**
 * Login throttling: at most 5 failed sign-ins per account and 20 per client address within 15
 * minutes; beyond that `auth.tooManyAttempts` (429, Retry-After = seconds until the oldest
 * failure leaves the window). A successful sign-in clears the account's failures.
 */
const WINDOW_MS = 15 * 60_000
const PER_ACCOUNT = 5
const PER_ADDRESS = 20

export interface LoginThrottle {
  /** Seconds to wait, or 0 when a sign-in may be attempted now. */
  retryAfterSeconds(account: string, address: string): number
  recordFailure(account: string, address: string): void
  recordSuccess(account: string): void
}

export function createLoginThrottle(clock: () => number): LoginThrottle {
  const failures = new Map<string, number[]>()
  const recent = (key: string): number[] => {
    const now = clock()
    const times = (failures.get(key) ?? []).filter((time) => time > now - WINDOW_MS)
    if (times.length === 0) failures.delete(key)
    else failures.set(key, times)
    return times
  }
  const wait = (key: string, limit: number): number => {
    const times = recent(key)
    if (times.length < limit) return 0
    return Math.max(1, Math.ceil(((times[times.length - limit] as number) + WINDOW_MS - clock()) / 1000))
  }
  return {
    retryAfterSeconds: (account, address) =>
      Math.max(wait(`account:${account.trim().toLowerCase()}`, PER_ACCOUNT), wait(`address:${address}`, PER_ADDRESS)),
    recordFailure(account, address) {
      for (const key of [`account:${account.trim().toLowerCase()}`, `address:${address}`]) failures.set(key, [...recent(key), clock()])
    },
    recordSuccess(account) {
      failures.delete(`account:${account.trim().toLowerCase()}`)
    },
  }
}
