/**
 * The ShareCRM (纷享销客) OpenAPI v2 client of the gateway: wire format of
 * ../shared/design/sharecrm.md "Wire format the backend must honour".
 *
 * Public API (stable; the ShareCRM backend and its tests build on it):
 *
 *   const client = new ShareCrmClient({ baseUrl, appId, appSecret, permanentCode, openUserId,
 *     callsPer20s?: 80, budget?: CallBudget, tokenStore?: TokenStore, timeoutMs?: 30_000,
 *     retry?: { attempts?: 5, baseDelayMs?: 250, maxDelayMs?: 8_000 }, pageSize?: 100,
 *     maxOffset?: 10_000, logger?: ShareCrmLogger, now?: () => number })
 *
 *   client.query(api, { filters?, orders?, fieldProjection?, pageSize? }, options?)
 *     → AsyncGenerator<ShareCrmRecord>: every matching record once, in (last_modified_time, _id)
 *     order (the default `orders`). Pages by offset up to `maxOffset`, then by keyset: offset 0 and
 *     `last_modified_time EQ t` + `_id GT id` (the rest of the rows sharing the last row's time),
 *     then `last_modified_time GT t`, again by offset. Custom `orders` page by offset only (an
 *     Error past `maxOffset`). `_id` and `last_modified_time` are added to `fieldProjection`.
 *   client.queryPages(...) → AsyncGenerator<{ records, total, offset }> (same paging, per page).
 *   client.count(api, filters?, options?) → total (one call, limit 1).
 *   client.create(api, objectData, { details?, triggerApprovalFlow? = true,
 *     idempotency?: { field, key } }, options?) → { dataId, traceId, recovered }
 *     Not retried blindly when the outcome is ambiguous (timeout, 50009, connection lost): with
 *     `idempotency` it first queries `field EQ key` and returns the existing `_id`
 *     (`recovered: true`) or creates again; without it the UpstreamUnavailableError is thrown.
 *   client.update(api, objectData /* with _id *\/, options?) → { traceId }
 *   client.invalid(api, id, options?) → { traceId }
 *   client.describe(api, options?) → ObjectDescribe ({ apiName, fields: { [apiName]: field } })
 *   client.call(path, data, options?) → { body, traceId }: one logical call with token, budget,
 *     20016 refresh-and-retry once and backoff; `data` goes under `data` (extra top-level keys
 *     via `options.topLevel`).
 *   client.token() → CachedToken (cached until expiresIn − 180 s; single-flight).
 *   client.stats() → { tokenFetches, calls: { [path]: number }, retries: { [path]: number } }
 *
 *   options (CallOptions): { requestId?: string (the Portal request id, logged with the
 *     thirdTraceId and set on errors), signal?: AbortSignal }
 *
 * Errors (./errors.ts): UpstreamQuotaError (30002/30003), UpstreamRefusedError (other codes),
 * UpstreamUnavailableError (retryable codes / network / 5xx after the last attempt; `ambiguous`),
 * UpstreamAuthError (token refused, or 20016 again after a refresh).
 *
 * Every HTTP request carries `?thirdTraceId=<uuid>` (a new uuid per attempt); each attempt is
 * logged as `{ event: 'sharecrm.call', path, traceId, requestId, attempt, ms, errorCode }`.
 */
import { randomUUID } from 'node:crypto'
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
import { type CachedToken, MemoryTokenStore, type TokenStore } from './tokenStore'

export const SHARECRM_PATHS = {
  token: '/cgi/corpAccessToken/get/V2',
  query: '/cgi/crm/v2/data/query',
  create: '/cgi/crm/v2/data/create',
  update: '/cgi/crm/v2/data/update',
  invalid: '/cgi/crm/v2/data/invalid',
  describe: '/cgi/crm/v2/object/describe',
} as const

export type FilterOperator = 'EQ' | 'N' | 'IN' | 'NIN' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IS' | 'ISN' | 'LIKE'

/** A ShareCRM query filter (AND-ed with the others). */
export interface ShareCrmFilter {
  field_name: string
  operator: FilterOperator
  field_values: unknown[]
}

export interface ShareCrmOrder {
  fieldName: string
  isAsc: boolean
}

/** A ShareCRM record as it comes over the wire (decimal strings, epoch ms, option values). */
export type ShareCrmRecord = Record<string, unknown> & { _id: string }

export interface QuerySpec {
  filters?: ShareCrmFilter[]
  /** Default: last_modified_time, _id ascending (the only orders that allow keyset paging). */
  orders?: ShareCrmOrder[]
  fieldProjection?: string[]
  /** Rows per call, ≤ 100. */
  pageSize?: number
}

export interface QueryPage {
  records: ShareCrmRecord[]
  /** ShareCRM's `total` for this page's filters. */
  total: number | null
}

export interface DescribeField {
  api_name: string
  label?: string
  type?: string
  options?: { value: string; label: string }[]
  [key: string]: unknown
}

export interface ObjectDescribe {
  apiName: string
  fields: Record<string, DescribeField>
  [key: string]: unknown
}

export interface CallOptions {
  /** The Portal request's id: logged with each thirdTraceId and set on errors. */
  requestId?: string
  signal?: AbortSignal
}

export interface ShareCrmLogEntry {
  event: 'sharecrm.call' | 'sharecrm.token' | 'sharecrm.retry'
  path: string
  traceId: string
  requestId?: string
  attempt: number
  ms: number
  errorCode: number | null
  message?: string
}

export interface ShareCrmLogger {
  info(entry: ShareCrmLogEntry): void
  warn(entry: ShareCrmLogEntry): void
}

export interface RetryOptions {
  /** Attempts per call, first included. Default 5. */
  attempts?: number
  /** First backoff (ms), doubled per attempt, with jitter (50–100 % of it). Default 250. */
  baseDelayMs?: number
  maxDelayMs?: number
}

export interface ShareCrmClientOptions {
  baseUrl: string
  appId: string
  appSecret: string
  permanentCode: string
  /** currentOpenUserId sent with every data call (the integration user). */
  openUserId: string
  /** Budget per interface per 20 s when `budget` is not given. Default 80. */
  callsPer20s?: number
  budget?: CallBudget
  tokenStore?: TokenStore
  /** Per HTTP request. Default 30 s. */
  timeoutMs?: number
  retry?: RetryOptions
  pageSize?: number
  /** Largest offset ShareCRM accepts. Default 10,000. */
  maxOffset?: number
  logger?: ShareCrmLogger
  now?: () => number
}

export const KEY_ORDERS: readonly ShareCrmOrder[] = [
  { fieldName: 'last_modified_time', isAsc: true },
  { fieldName: '_id', isAsc: true },
]

const TOKEN_MARGIN_SECONDS = 180

interface WireAnswer {
  errorCode?: number
  errorMessage?: string
  errorDescription?: string
  traceId?: string
  [key: string]: unknown
}

type Attempt =
  | { kind: 'answer'; body: WireAnswer; traceId: string }
  | { kind: 'failure'; traceId: string; status: number | null; message: string; ambiguous: boolean; cause?: unknown }

interface InternalCallOptions extends CallOptions {
  topLevel?: Record<string, unknown>
  /** Retry when a failure may have been processed (false for creates). */
  retryAmbiguous?: boolean
}

export class ShareCrmClient {
  readonly baseUrl: string
  private readonly options: ShareCrmClientOptions
  private readonly budget: CallBudget
  private readonly tokenStore: TokenStore
  private readonly now: () => number
  private readonly attempts: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly pageSize: number
  private readonly maxOffset: number
  private local: CachedToken | null = null
  private inflight: Promise<CachedToken> | null = null
  private counters = { tokenFetches: 0, calls: {} as Record<string, number>, retries: {} as Record<string, number> }

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

  private async refreshToken(rejected: string | undefined, options: CallOptions): Promise<CachedToken> {
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
    const body = { appId: this.options.appId, appSecret: this.options.appSecret, permanentCode: this.options.permanentCode }
    for (let attempt = 1; ; attempt++) {
      const started = this.now()
      const result = await this.send(path, body, options, attempt)
      this.counters.tokenFetches++
      const details = this.details(path, result, options)
      if (result.kind === 'answer' && (result.body.errorCode ?? 0) === 0) {
        const expiresIn = Number(result.body.expiresIn)
        const token = String(result.body.corpAccessToken ?? '')
        if (!token || !Number.isFinite(expiresIn) || expiresIn <= 0) {
          throw new UpstreamAuthError({ ...details, upstreamMessage: 'token answer without corpAccessToken/expiresIn' })
        }
        const margin = Math.min(TOKEN_MARGIN_SECONDS, expiresIn / 2)
        return { corpAccessToken: token, corpId: String(result.body.corpId ?? ''), expiresAt: started + (expiresIn - margin) * 1000 }
      }
      if (result.kind === 'answer' && QUOTA_CODES.has(details.errorCode as number)) throw new UpstreamQuotaError(details)
      const retryable = result.kind === 'failure' || RETRYABLE_CODES.has(details.errorCode as number)
      if (!retryable) throw new UpstreamAuthError(details)
      if (attempt >= this.attempts) {
        throw new UpstreamUnavailableError({ ...details, ambiguous: false, attempts: attempt }, result.kind === 'failure' ? result.cause : undefined)
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
      const token = await this.token(options)
      const body = {
        corpAccessToken: token.corpAccessToken,
        corpId: token.corpId,
        currentOpenUserId: this.options.openUserId,
        ...options.topLevel,
        data,
      }
      const release = await this.budget.acquire(path, options.signal)
      let result: Attempt
      try {
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
          throw new UpstreamUnavailableError({ ...details, ambiguous: result.ambiguous, attempts: attempt }, result.cause)
        }
      }
      await this.backoff(path, attempt, details, options)
    }
  }

  private details(path: string, result: Attempt, options: CallOptions): UpstreamErrorDetails {
    if (result.kind === 'failure') {
      return { path, traceId: result.traceId, requestId: options.requestId, errorCode: null, upstreamMessage: result.message }
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

  private async backoff(path: string, attempt: number, details: UpstreamErrorDetails, options: CallOptions): Promise<void> {
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

  /** One HTTP request. Never throws for network / HTTP failures: returns them. */
  private async send(path: string, body: unknown, options: CallOptions, attempt: number): Promise<Attempt> {
    const traceId = randomUUID()
    const started = this.now()
    this.counters.calls[path] = (this.counters.calls[path] ?? 0) + 1
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000)
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
    let result: Attempt
    let sent = false
    try {
      const response = await fetch(`${this.baseUrl}${path}?thirdTraceId=${traceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal,
      })
      sent = true
      const text = await response.text()
      if (response.status >= 500) {
        result = { kind: 'failure', traceId, status: response.status, message: `HTTP ${response.status}`, ambiguous: true }
      } else if (response.status !== 200) {
        result = { kind: 'answer', traceId, body: { errorCode: -response.status, errorMessage: `HTTP ${response.status}: ${text.slice(0, 200)}` } }
      } else {
        let parsed: WireAnswer
        try {
          parsed = JSON.parse(text) as WireAnswer
        } catch (error) {
          parsed = { errorCode: -1, errorMessage: `unreadable answer: ${(error as Error).message}` }
        }
        if (parsed.traceId !== undefined && parsed.traceId !== traceId) {
          this.options.logger?.warn({ event: 'sharecrm.call', path, traceId, requestId: options.requestId, attempt, ms: 0, errorCode: null, message: `traceId echoed as ${parsed.traceId}` })
        }
        result = { kind: 'answer', traceId, body: parsed }
      }
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason
      const code = (error as { cause?: { code?: string } }).cause?.code
      // Refused / unresolvable connections never reached ShareCRM; anything else may have.
      const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      result = {
        kind: 'failure',
        traceId,
        status: null,
        message: timeout.aborted ? 'timeout' : `${(error as Error).message}${code ? ` (${code})` : ''}`,
        ambiguous: !notSent || sent,
        cause: error,
      }
    }
    const errorCode = result.kind === 'answer' ? Number(result.body.errorCode ?? 0) : null
    const entry: ShareCrmLogEntry = {
      event: path === SHARECRM_PATHS.token ? 'sharecrm.token' : 'sharecrm.call',
      path,
      traceId,
      requestId: options.requestId,
      attempt,
      ms: this.now() - started,
      errorCode,
      message: result.kind === 'failure' ? result.message : errorCode ? String(result.body.errorMessage ?? '') : undefined,
    }
    if (errorCode === 0) this.options.logger?.info(entry)
    else this.options.logger?.warn(entry)
    return result
  }

  // ---------------------------------------------------------------- typed helpers

  /** Every matching record once; see the module comment for the paging. */
  async *query(api: string, spec: QuerySpec = {}, options: CallOptions = {}): AsyncGenerator<ShareCrmRecord> {
    for await (const page of this.queryPages(api, spec, options)) yield* page.records
  }

  async *queryPages(api: string, spec: QuerySpec = {}, options: CallOptions = {}): AsyncGenerator<QueryPage> {
    const limit = Math.min(this.pageSize, Math.max(1, spec.pageSize ?? this.pageSize))
    const orders = spec.orders ?? [...KEY_ORDERS]
    const keyset = orders.length === 2 && orders.every((order, index) => order.fieldName === KEY_ORDERS[index]?.fieldName && order.isAsc)
    const base = spec.filters ?? []
    const projection = spec.fieldProjection && [...new Set([...spec.fieldProjection, '_id', 'last_modified_time'])]
    const page = async (filters: ShareCrmFilter[], offset: number): Promise<QueryPage> => {
      const searchQueryInfo: Record<string, unknown> = { limit, offset, filters, orders }
      if (projection) searchQueryInfo.fieldProjection = projection
      const { body } = await this.call<{ data?: { dataList?: ShareCrmRecord[]; total?: number } }>(
        SHARECRM_PATHS.query,
        { dataObjectApiName: api, search_query_info: searchQueryInfo },
        options,
      )
      const records = body.data?.dataList ?? []
      const total = body.data?.total
      return { records, total: typeof total === 'number' ? total : total === undefined ? null : Number(total) }
    }

    // phase 'offset': the filters as given (then `time GT t`), by offset up to maxOffset;
    // phase 'ties': `time EQ t`, `_id GT id`, offset 0 each page.
    let filters = base
    let phase: 'offset' | 'ties' = 'offset'
    let offset = 0
    let seen = 0
    let after: { time: unknown; id: string } | null = null
    for (;;) {
      const current =
        phase === 'ties' && after
          ? [...base, eq('last_modified_time', after.time), { field_name: '_id', operator: 'GT' as const, field_values: [after.id] }]
          : filters
      const result = await page(current, phase === 'ties' ? 0 : offset)
      if (result.records.length > 0) yield result
      const last = result.records[result.records.length - 1]
      const exhausted =
        result.records.length < limit || (result.total !== null && (phase === 'ties' ? result.records.length : offset + result.records.length) >= result.total)
      if (phase === 'ties') {
        if (last) after = { time: after!.time, id: String(last._id) }
        if (!exhausted) continue
        // Past the rows sharing time t: on to later times, by offset again.
        phase = 'offset'
        filters = [...base, { field_name: 'last_modified_time', operator: 'GT', field_values: [after!.time] }]
        offset = 0
        continue
      }
      seen += result.records.length
      if (exhausted || !last) return
      offset += limit
      if (offset > this.maxOffset) {
        if (!keyset) throw new Error(`ShareCRM query of ${api} passed offset ${this.maxOffset} (${seen} rows) with orders that allow no keyset paging`)
        after = { time: last.last_modified_time, id: String(last._id) }
        phase = 'ties'
      }
    }
  }

  async count(api: string, filters: ShareCrmFilter[] = [], options: CallOptions = {}): Promise<number> {
    const { body } = await this.call<{ data?: { total?: number } }>(
      SHARECRM_PATHS.query,
      { dataObjectApiName: api, search_query_info: { limit: 1, offset: 0, filters, orders: [...KEY_ORDERS], fieldProjection: ['_id'] } },
      options,
    )
    return Number(body.data?.total ?? 0)
  }

  async create(
    api: string,
    objectData: Record<string, unknown>,
    spec: {
      details?: Record<string, Record<string, unknown>[]>
      triggerApprovalFlow?: boolean
      /** Look-up before any retry of an ambiguous failure: `field EQ key`. */
      idempotency?: { field: string; key: string }
    } = {},
    options: CallOptions = {},
  ): Promise<{ dataId: string; traceId: string; recovered: boolean }> {
    const data: Record<string, unknown> = { object_data: { dataObjectApiName: api, ...objectData } }
    if (spec.details) data.details = spec.details
    const topLevel = { triggerApprovalFlow: spec.triggerApprovalFlow ?? true }
    for (let round = 1; ; round++) {
      try {
        const { body, traceId } = await this.call<{ dataId?: string }>(SHARECRM_PATHS.create, data, { ...options, topLevel, retryAmbiguous: false })
        return { dataId: String(body.dataId ?? (body.data as { _id?: string } | undefined)?._id ?? ''), traceId, recovered: false }
      } catch (error) {
        if (!(error instanceof UpstreamUnavailableError) || !error.ambiguous || !spec.idempotency || round >= this.attempts) throw error
        const existing = await this.findOne(api, spec.idempotency.field, spec.idempotency.key, options)
        if (existing) return { dataId: existing._id, traceId: error.traceId, recovered: true }
      }
    }
  }

  /** The first record with `field EQ value`, or null. */
  async findOne(api: string, field: string, value: unknown, options: CallOptions = {}): Promise<ShareCrmRecord | null> {
    const { body } = await this.call<{ data?: { dataList?: ShareCrmRecord[] } }>(
      SHARECRM_PATHS.query,
      { dataObjectApiName: api, search_query_info: { limit: 1, offset: 0, filters: [eq(field, value)], orders: [...KEY_ORDERS] } },
      options,
    )
    return body.data?.dataList?.[0] ?? null
  }

  async update(api: string, objectData: Record<string, unknown> & { _id: string }, options: CallOptions = {}): Promise<{ traceId: string }> {
    const { traceId } = await this.call(SHARECRM_PATHS.update, { object_data: { dataObjectApiName: api, ...objectData } }, options)
    return { traceId }
  }

  async invalid(api: string, id: string, options: CallOptions = {}): Promise<{ traceId: string }> {
    const { traceId } = await this.call(SHARECRM_PATHS.invalid, { dataObjectApiName: api, object_data_id: id }, options)
    return { traceId }
  }

  async describe(api: string, options: CallOptions = {}): Promise<ObjectDescribe> {
    const { body } = await this.call<{ data?: { describe?: ObjectDescribe } }>(SHARECRM_PATHS.describe, { apiName: api, includeDetail: true }, options)
    const describe = body.data?.describe
    if (!describe || typeof describe.fields !== 'object') {
      throw new UpstreamRefusedError({ path: SHARECRM_PATHS.describe, traceId: '', requestId: options.requestId, errorCode: -1, upstreamMessage: `no describe for ${api}` })
    }
    return describe
  }
}

export function eq(field: string, value: unknown): ShareCrmFilter {
  return { field_name: field, operator: 'EQ', field_values: [value] }
}
