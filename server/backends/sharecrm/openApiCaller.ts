/**
 * The calling machinery of the OpenAPI client (openApiClient.ts extends it with the typed
 * helpers): token cache and single-flight refresh through the TokenStore, the call budget,
 * 20016 refresh-and-retry once, backoff with jitter on retryable codes / network / 5xx, and the
 * decoding of errorCodes into the errors of errors.ts.
 */
import { type CallBudget, MemoryCallBudget, sleep } from './callBudget'
import {
  AMBIGUOUS_CODES,
  QUOTA_CODES,
  RETRYABLE_CODES,
  TOKEN_EXPIRED_CODE,
  UpstreamAuthError,
  type UpstreamErrorDetails,
  UpstreamQuotaError,
  UpstreamRefusedError,
  UpstreamUnavailableError,
} from './errors'
import { MemoryTokenStore, type CachedToken, type TokenStore } from './tokenStore'
import { postJson } from './transport'
import {
  type Attempt,
  type CallOptions,
  type InternalCallOptions,
  SHARECRM_PATHS,
  type ShareCrmClientOptions,
  type WireAnswer,
} from './types'

const TOKEN_MARGIN_SECONDS = 180

export class OpenApiCaller {
  readonly baseUrl: string
  private readonly options: ShareCrmClientOptions
  private readonly budget: CallBudget
  private readonly tokenStore: TokenStore
  private readonly now: () => number
  protected readonly attempts: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  protected readonly pageSize: number
  protected readonly maxOffset: number
  private local: CachedToken | null = null
  private inflight: Promise<CachedToken> | null = null
  private counters = {
    tokenFetches: 0,
    calls: {} as Record<string, number>,
    retries: {} as Record<string, number>,
  }

  constructor(options: ShareCrmClientOptions) {
    this.options = options
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.now = options.now ?? Date.now
    this.budget = options.budget ?? new MemoryCallBudget({ callsPer20s: options.callsPer20s ?? 80 })
    this.tokenStore = options.tokenStore ?? new MemoryTokenStore(this.now)
    this.attempts = Math.max(1, options.retry?.attempts ?? 5)
    this.baseDelayMs = options.retry?.baseDelayMs ?? 250
    this.maxDelayMs = options.retry?.maxDelayMs ?? 8_000
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100))
    this.maxOffset = options.maxOffset ?? 10_000
  }

  stats() {
    return structuredClone(this.counters)
  }

  // ---------------------------------------------------------------- token

  /** A usable token: the cached one, or one fetched single-flight. */
  async token(options: CallOptions = {}): Promise<CachedToken> {
    const now = this.now()
    if (this.local && this.local.expiresAt > now) return this.local
    const stored = await this.tokenStore.get()
    if (stored && stored.expiresAt > now) return (this.local = stored)
    return this.refreshToken(undefined, options)
  }

  private async refreshToken(
    rejected: string | undefined,
    options: CallOptions,
  ): Promise<CachedToken> {
    if (!this.inflight) {
      this.inflight = this.tokenStore
        .refresh(() => this.fetchToken(options), rejected)
        .finally(() => {
          this.inflight = null
        })
    }
    let token = await this.inflight
    if (rejected !== undefined && token.corpAccessToken === rejected) {
      // Joined a refresh that was started before the rejection: ask again, excluding it.
      token = await this.tokenStore.refresh(() => this.fetchToken(options), rejected)
    }
    this.local = token
    return token
  }

  private async fetchToken(options: CallOptions): Promise<CachedToken> {
    const path = SHARECRM_PATHS.token
    const body = {
      appId: this.options.appId,
      appSecret: this.options.appSecret,
      permanentCode: this.options.permanentCode,
    }
    for (let attempt = 1; ; attempt++) {
      const started = this.now()
      const result = await this.send(path, body, options, attempt)
      this.counters.tokenFetches++
      const details = this.details(path, result, options)
      if (result.kind === 'answer' && (result.body.errorCode ?? 0) === 0) {
        const expiresIn = Number(result.body.expiresIn)
        const token = String(result.body.corpAccessToken ?? '')
        if (!token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
          throw new UpstreamAuthError({
            ...details,
            upstreamMessage: 'token answer without corpAccessToken/expiresIn',
          })
        }
        const margin = Math.min(TOKEN_MARGIN_SECONDS, expiresIn / 2)
        return {
          corpAccessToken: token,
          corpId: String(result.body.corpId ?? ''),
          expiresAt: started + (expiresIn - margin) * 1000,
        }
      }
      if (result.kind === 'answer' && QUOTA_CODES.has(details.errorCode as number))
        throw new UpstreamQuotaError(details)
      const retryable =
        result.kind === 'failure' || RETRYABLE_CODES.has(details.errorCode as number)
      if (!retryable) throw new UpstreamAuthError(details)
      if (attempt >= this.attempts) {
        throw new UpstreamUnavailableError(
          { ...details, ambiguous: false, attempts: attempt },
          result.kind === 'failure' ? result.cause : undefined,
        )
      }
      await this.backoff(path, attempt, details, options)
    }
  }

  // ---------------------------------------------------------------- calls

  /** One logical data call: token, budget, retries, error decoding. */
  async call<T extends object = Record<string, unknown>>(
    path: string,
    data: unknown,
    options: InternalCallOptions = {},
  ): Promise<{ body: T & WireAnswer; traceId: string }> {
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      // The budget first: a wait for it may outlast the token.
      const release = await this.budget.acquire(path, options.signal)
      let token: CachedToken
      let result: Attempt
      try {
        token = await this.token(options)
        const body = {
          corpAccessToken: token.corpAccessToken,
          corpId: token.corpId,
          currentOpenUserId: this.options.openUserId,
          ...options.topLevel,
          data,
        }
        result = await this.send(path, body, options, attempt)
      } finally {
        release()
      }
      const details = this.details(path, result, options)
      if (result.kind === 'answer') {
        const code = details.errorCode ?? 0
        if (code === 0) return { body: result.body as T & WireAnswer, traceId: result.traceId }
        if (code === TOKEN_EXPIRED_CODE) {
          if (refreshed) throw new UpstreamAuthError(details)
          refreshed = true
          this.local = null
          await this.refreshToken(token.corpAccessToken, options)
          attempt-- // the retry after a refresh is not a backoff attempt
          continue
        }
        if (QUOTA_CODES.has(code)) throw new UpstreamQuotaError(details)
        if (!RETRYABLE_CODES.has(code)) throw new UpstreamRefusedError(details)
        const ambiguous = AMBIGUOUS_CODES.has(code)
        if (attempt >= this.attempts || (ambiguous && options.retryAmbiguous === false)) {
          throw new UpstreamUnavailableError({ ...details, ambiguous, attempts: attempt })
        }
      } else {
        if (attempt >= this.attempts || (result.ambiguous && options.retryAmbiguous === false)) {
          throw new UpstreamUnavailableError(
            { ...details, ambiguous: result.ambiguous, attempts: attempt },
            result.cause,
          )
        }
      }
      await this.backoff(path, attempt, details, options)
    }
  }

  private details(path: string, result: Attempt, options: CallOptions): UpstreamErrorDetails {
    if (result.kind === 'failure') {
      return {
        path,
        traceId: result.traceId,
        requestId: options.requestId,
        errorCode: null,
        upstreamMessage: result.message,
      }
    }
    const code = Number(result.body.errorCode ?? 0)
    return {
      path,
      traceId: result.traceId,
      requestId: options.requestId,
      errorCode: Number.isFinite(code) ? code : -1,
      upstreamMessage: String(result.body.errorMessage ?? result.body.errorDescription ?? ''),
    }
  }

  private async backoff(
    path: string,
    attempt: number,
    details: UpstreamErrorDetails,
    options: CallOptions,
  ): Promise<void> {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1))
    const delay = ceiling / 2 + Math.random() * (ceiling / 2)
    this.counters.retries[path] = (this.counters.retries[path] ?? 0) + 1
    this.options.logger?.warn({
      event: 'sharecrm.retry',
      path,
      traceId: details.traceId,
      requestId: options.requestId,
      attempt,
      ms: Math.round(delay),
      errorCode: details.errorCode,
      message: details.upstreamMessage,
    })
    await sleep(delay, options.signal)
  }

  /** One HTTP attempt (transport.ts), counted per path. */
  private send(
    path: string,
    body: unknown,
    options: CallOptions,
    attempt: number,
  ): Promise<Attempt> {
    this.counters.calls[path] = (this.counters.calls[path] ?? 0) + 1
    const context = {
      baseUrl: this.baseUrl,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      logger: this.options.logger,
      now: this.now,
    }
    return postJson(context, path, body, options, attempt)
  }
}
