/**
 * Types and constants of the ShareCRM OpenAPI client (openApiClient.ts re-exports all of them):
 * interface paths, query filters / orders / records, describe, call options, logger, options.
 */
import type { CallBudget } from './callBudget'
import type { TokenStore } from './tokenStore'

export const SHARECRM_PATHS = {
  token: '/cgi/corpAccessToken/get/V2',
  query: '/cgi/crm/v2/data/query',
  create: '/cgi/crm/v2/data/create',
  update: '/cgi/crm/v2/data/update',
  invalid: '/cgi/crm/v2/data/invalid',
  describe: '/cgi/crm/v2/object/describe',
} as const

export type FilterOperator =
  'EQ' | 'N' | 'IN' | 'NIN' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IS' | 'ISN' | 'LIKE'

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

export interface WireAnswer {
  errorCode?: number
  errorMessage?: string
  errorDescription?: string
  traceId?: string
  [key: string]: unknown
}

export type Attempt =
  | { kind: 'answer'; body: WireAnswer; traceId: string }
  | {
      kind: 'failure'
      traceId: string
      status: number | null
      message: string
      ambiguous: boolean
      cause?: unknown
    }

export interface InternalCallOptions extends CallOptions {
  topLevel?: Record<string, unknown>
  /** Retry when a failure may have been processed (false for creates). */
  retryAmbiguous?: boolean
}

export function eq(field: string, value: unknown): ShareCrmFilter {
  return { field_name: field, operator: 'EQ', field_values: [value] }
}
