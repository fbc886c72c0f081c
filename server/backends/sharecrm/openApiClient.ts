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
 *   client.queryPages(...) → AsyncGenerator<{ records, total }> (same paging, page by page).
 *   client.findOne(api, field, value, options?) → the first record with `field EQ value`, or null.
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
 * UpstreamUnavailableError (retryable codes / network / timeout / 5xx / 429 after the last
 * attempt; `ambiguous` unless the request surely was not processed: 30004, 14001, −1, 429,
 * refused connection),
 * UpstreamAuthError (token refused, or 20016 again after a refresh).
 *
 * Each attempt first takes a slot of the call budget (`CallBudget.acquire` → `release()` when the
 * answer is in), then the token. Every HTTP request carries `?thirdTraceId=<uuid>` (a new uuid per attempt); each attempt is
 * logged as `{ event: 'sharecrm.call', path, traceId, requestId, attempt, ms, errorCode }`.
 */
import { UpstreamRefusedError, UpstreamUnavailableError } from './errors'
import { OpenApiCaller } from './openApiCaller'
import { pages } from './paging'
import {
  type CallOptions,
  KEY_ORDERS,
  type ObjectDescribe,
  type QueryPage,
  type QuerySpec,
  SHARECRM_PATHS,
  type ShareCrmFilter,
  type ShareCrmRecord,
  eq,
} from './types'

export * from './types'

export class ShareCrmClient extends OpenApiCaller {
  // ---------------------------------------------------------------- typed helpers

  /** Every matching record once; see the module comment for the paging. */
  async *query(
    api: string,
    spec: QuerySpec = {},
    options: CallOptions = {},
  ): AsyncGenerator<ShareCrmRecord> {
    for await (const page of this.queryPages(api, spec, options)) yield* page.records
  }

  /** The same paging, page by page (with ShareCRM's `total` for the page's filters). */
  queryPages(
    api: string,
    spec: QuerySpec = {},
    options: CallOptions = {},
  ): AsyncGenerator<QueryPage> {
    const limit = Math.min(this.pageSize, Math.max(1, spec.pageSize ?? this.pageSize))
    const orders = spec.orders ?? [...KEY_ORDERS]
    const projection = spec.fieldProjection && [
      ...new Set([...spec.fieldProjection, '_id', 'last_modified_time']),
    ]
    const fetchPage = async (filters: ShareCrmFilter[], offset: number): Promise<QueryPage> => {
      const searchQueryInfo: Record<string, unknown> = { limit, offset, filters, orders }
      if (projection) searchQueryInfo.fieldProjection = projection
      const data = { dataObjectApiName: api, search_query_info: searchQueryInfo }
      const { body } = await this.call<{ data?: { dataList?: ShareCrmRecord[]; total?: number } }>(
        SHARECRM_PATHS.query,
        data,
        options,
      )
      const total = body.data?.total
      return {
        records: body.data?.dataList ?? [],
        total: total === undefined || total === null ? null : Number(total),
      }
    }
    return pages(
      { api, filters: spec.filters ?? [], orders, limit, maxOffset: this.maxOffset },
      fetchPage,
    )
  }

  async count(
    api: string,
    filters: ShareCrmFilter[] = [],
    options: CallOptions = {},
  ): Promise<number> {
    const { body } = await this.call<{ data?: { total?: number } }>(
      SHARECRM_PATHS.query,
      {
        dataObjectApiName: api,
        search_query_info: {
          limit: 1,
          offset: 0,
          filters,
          orders: [...KEY_ORDERS],
          fieldProjection: ['_id'],
        },
      },
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
        const { body, traceId } = await this.call<{ dataId?: string }>(
          SHARECRM_PATHS.create,
          data,
          { ...options, topLevel, retryAmbiguous: false },
        )
        return {
          dataId: String(body.dataId ?? (body.data as { _id?: string } | undefined)?._id ?? ''),
          traceId,
          recovered: false,
        }
      } catch (error) {
        if (
          !(error instanceof UpstreamUnavailableError) ||
          !error.ambiguous ||
          !spec.idempotency ||
          round >= this.attempts
        )
          throw error
        const existing = await this.findOne(
          api,
          spec.idempotency.field,
          spec.idempotency.key,
          options,
        )
        if (existing) return { dataId: existing._id, traceId: error.traceId, recovered: true }
      }
    }
  }

  /** The first record with `field EQ value`, or null. */
  async findOne(
    api: string,
    field: string,
    value: unknown,
    options: CallOptions = {},
  ): Promise<ShareCrmRecord | null> {
    const { body } = await this.call<{ data?: { dataList?: ShareCrmRecord[] } }>(
      SHARECRM_PATHS.query,
      {
        dataObjectApiName: api,
        search_query_info: {
          limit: 1,
          offset: 0,
          filters: [eq(field, value)],
          orders: [...KEY_ORDERS],
        },
      },
      options,
    )
    return body.data?.dataList?.[0] ?? null
  }

  async update(
    api: string,
    objectData: Record<string, unknown> & { _id: string },
    options: CallOptions = {},
  ): Promise<{ traceId: string }> {
    const { traceId } = await this.call(
      SHARECRM_PATHS.update,
      { object_data: { dataObjectApiName: api, ...objectData } },
      options,
    )
    return { traceId }
  }

  async invalid(api: string, id: string, options: CallOptions = {}): Promise<{ traceId: string }> {
    const { traceId } = await this.call(
      SHARECRM_PATHS.invalid,
      { dataObjectApiName: api, object_data_id: id },
      options,
    )
    return { traceId }
  }

  async describe(api: string, options: CallOptions = {}): Promise<ObjectDescribe> {
    const { body } = await this.call<{ data?: { describe?: ObjectDescribe } }>(
      SHARECRM_PATHS.describe,
      { apiName: api, includeDetail: true },
      options,
    )
    const describe = body.data?.describe
    if (!describe || typeof describe.fields !== 'object') {
      throw new UpstreamRefusedError({
        path: SHARECRM_PATHS.describe,
        traceId: '',
        requestId: options.requestId,
        errorCode: -1,
        upstreamMessage: `no describe for ${api}`,
      })
    }
    return describe
  }
}
