/**
 * Where the OpenAPI client keeps the corpAccessToken, and how a refresh is made single-flight.
 *
 * Public API (stable):
 * - `CachedToken { corpAccessToken, corpId, expiresAt }`: `expiresAt` (epoch ms) is when the
 *   client stops using it, i.e. fetch time + (expiresIn − 180 s).
 * - `TokenStore`: `get()` the current token (maybe stale: the client compares `expiresAt`);
 *   `refresh(fetchToken, rejected?)` runs under a lock held by at most one caller across every
 *   user of the store (all instances, for a PostgreSQL store: e.g. `pg_advisory_xact_lock` and a
 *   one-row table): inside it, re-read; if a token is stored that is still usable and is not
 *   `rejected` (the one that just got 20016), return it without fetching; else call
 *   `fetchToken()`, save and return its result.
 * - `MemoryTokenStore`: the one-process implementation (a promise chain as the lock).
 *
 * The client additionally coalesces its own concurrent refreshes into one promise before it calls
 * `refresh`, so N concurrent callers in one process make one `refresh` call.
 */

export interface CachedToken {
  corpAccessToken: string
  corpId: string
  /** Epoch ms after which the token must not be used any more (expiresIn − 180 s margin). */
  expiresAt: number
}

export interface TokenStore {
  get(): Promise<CachedToken | null>
  refresh(fetchToken: () => Promise<CachedToken>, rejected?: string): Promise<CachedToken>
}

export class MemoryTokenStore implements TokenStore {
  private token: CachedToken | null = null
  private lock: Promise<unknown> = Promise.resolve()

  constructor(private readonly now: () => number = Date.now) {}

  async get(): Promise<CachedToken | null> {
    return this.token
  }

  refresh(fetchToken: () => Promise<CachedToken>, rejected?: string): Promise<CachedToken> {
    const run = async (): Promise<CachedToken> => {
      const current = this.token
      if (current && current.corpAccessToken !== rejected && current.expiresAt > this.now())
        return current
      const fresh = await fetchToken()
      this.token = fresh
      return fresh
    }
    const result = this.lock.then(run, run)
    this.lock = result.catch(() => undefined)
    return result
  }
}
