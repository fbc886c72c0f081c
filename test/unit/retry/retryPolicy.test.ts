import { describe, expect, it } from 'vitest'
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from '../../../shared/retry/retryPolicy'

const policy = { baseDelayMs: 1000, maxDelayMs: 60_000 }

describe('retry back-off', () => {
  it('doubles the cap per attempt up to the maximum, waiting between half the cap and the cap', () => {
    const low = (attempt: number) => retryDelayMs(attempt, policy, null, () => 0)
    const high = (attempt: number) => retryDelayMs(attempt, policy, null, () => 1)
    expect([1, 2, 3, 10].map(low)).toEqual([500, 1000, 2000, 30_000])
    expect([1, 2, 3, 10].map(high)).toEqual([1000, 2000, 4000, 60_000])
  })

  it('lets a Retry-After from the server win, up to a minute', () => {
    expect(retryDelayMs(1, policy, 2, () => 1)).toBe(2000)
    expect(retryDelayMs(1, policy, 0, () => 1)).toBe(0)
    expect(retryDelayMs(1, policy, 3600, () => 1)).toBe(60_000)
    expect(retryDelayMs(1, policy, Number.NaN, () => 1)).toBe(1000)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 23, 9, 0, 0)
    expect(parseRetryAfter('3', now)).toBe(3)
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:05 GMT', now)).toBe(5)
    expect(parseRetryAfter('Mon, 23 Nov 2026 08:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(undefined, now)).toBeNull()
  })

  it('retries only statuses that say the server side is struggling', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true)
    expect([400, 401, 404, 409, 422, 501].some(isRetryableStatus)).toBe(false)
  })
})
