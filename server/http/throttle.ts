/**
 * Login throttling: at most 5 failed sign-ins per account and 20 per client address within 15
 * minutes; beyond that `auth.tooManyAttempts` (429, Retry-After = seconds until the oldest
 * failure leaves the window). An attempt counts as a failure from the moment it is let through,
 * before the password is checked, so parallel guesses cannot slip past the limit while the slow
 * check runs; a successful sign-in takes its attempt back and clears the account's failures.
 */
const WINDOW_MS = 15 * 60_000
const PER_ACCOUNT = 5
const PER_ADDRESS = 20

export interface LoginAttempt {
  /** The password was right: forget this attempt and the account's failures. */
  succeeded(): void
}

export interface LoginThrottle {
  /** Counts an attempt now; a number (seconds to wait) when the limit is reached, nothing counted. */
  begin(account: string, address: string): LoginAttempt | number
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
    return Math.max(
      1,
      Math.ceil(((times[times.length - limit] as number) + WINDOW_MS - clock()) / 1000),
    )
  }
  return {
    begin(account, address) {
      const accountKey = `account:${account.trim().toLowerCase()}`
      const addressKey = `address:${address}`
      const seconds = Math.max(wait(accountKey, PER_ACCOUNT), wait(addressKey, PER_ADDRESS))
      if (seconds > 0) return seconds
      const at = clock()
      for (const key of [accountKey, addressKey]) failures.set(key, [...recent(key), at])
      return {
        succeeded() {
          failures.delete(accountKey)
          const times = recent(addressKey)
          const index = times.indexOf(at)
          if (index >= 0) times.splice(index, 1)
        },
      }
    },
  }
}
