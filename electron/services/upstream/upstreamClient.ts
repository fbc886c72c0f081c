/**
 * The Portal API client (axios). Every call is described by PORTAL_ROUTES in shared/api, so the
 * URL, method, request schema and response schema come from the one definition the gateway uses.
 *
 * What comes back, always as a PortalError (never a raw axios error):
 *   - a problem+json from the gateway → its `code` and `params` (UpstreamProblem keeps the body);
 *   - a response that does not match the schema, or is not JSON → `upstream.invalidResponse`;
 *   - no answer after the retries → `upstream.unreachable`.
 * Retries: GETs and POSTs with an Idempotency-Key, on network faults, 5xx, 429 and unreadable
 * bodies, with exponential back-off and jitter, honouring Retry-After. A 401 on an authenticated
 * route triggers one token refresh (shared by concurrent calls, see TokenSource) and one replay.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import type { z } from 'zod'
import { API_PREFIX, PORTAL_ROUTES, Problem, type PortalRouteName } from '../../../shared/api'
import { PortalError, type ErrorParams } from '../../../shared/contract'
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from '../../../shared/retry/retryPolicy'
import { nextTurn } from '../turns'
import { FAIL, FAST_RESPONSES } from './feedPageFastPath'

type Routes = typeof PORTAL_ROUTES
export type RouteResponse<R extends PortalRouteName> = Routes[R] extends {
  response: infer S extends z.ZodType
}
  ? z.output<S>
  : void
export type RouteBody<R extends PortalRouteName> = Routes[R] extends {
  body: infer S extends z.ZodType
}
  ? z.input<S>
  : never
export type RouteQuery<R extends PortalRouteName> = Routes[R] extends {
  query: infer S extends z.ZodType
}
  ? z.input<S>
  : never

export interface CallOptions<R extends PortalRouteName> {
  params?: Record<string, string>
  query?: RouteQuery<R> | Record<string, string | number | undefined>
  body?: RouteBody<R>
  /** Required by routes marked idempotent; the same key must be reused on every retry. */
  idempotencyKey?: string
  signal?: AbortSignal
}

/** Supplies the access token and renews it; implemented by the session service. */
export interface TokenSource {
  accessToken(): string | null
  /** Renews the access token (one renewal in flight at a time); throws when the session is over. */
  refresh(): Promise<string>
}

/** A refusal from the gateway, with the whole problem document (e.g. the new quote). */
export class UpstreamProblem extends PortalError {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.code, flattenParams(problem.params))
    this.name = 'UpstreamProblem'
  }
}

export interface UpstreamClient {
  readonly baseUrl: string
  call<R extends PortalRouteName>(route: R, options?: CallOptions<R>): Promise<RouteResponse<R>>
}

export interface UpstreamClientOptions {
  baseUrl: string
  tokens?: TokenSource
  policy?: RetryPolicy
  timeoutMs?: number
  logger?: { warn(message: string, detail?: unknown): void }
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  /** For tests: a preconfigured axios instance. */
  http?: AxiosInstance
}

function flattenParams(params: Record<string, unknown> | undefined): ErrorParams | undefined {
  if (!params) return undefined
  const flat: ErrorParams = {}
  for (const [key, value] of Object.entries(params)) {
    flat[key] =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
        ? value
        : JSON.stringify(value)
  }
  return flat
}

function buildPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name]
    if (value === undefined) throw new PortalError('upstream.invalidRequest', { param: name })
    return encodeURIComponent(value)
  })
}

function cleanQuery(
  query: Record<string, unknown> | undefined,
): Record<string, string> | undefined {
  if (!query) return undefined
  const entries = Object.entries(query).filter(([, value]) => value !== undefined && value !== null)
  return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]))
}

/** Entries of a page checked by zod per turn (see validateResponse). */
const VALIDATE_SLICE = 200
/** Characters from which a body is parsed in a turn of its own. */
const LONG_BODY = 64 * 1024
type Validated = { success: true; data: unknown } | { success: false; issues: unknown[] }

/**
 * `schema.safeParse(body)`, with a long `items` array (every feed and transaction page) checked a
 * slice at a time, each slice its own task: zod takes ~10–40 ms for a page of 1,000 orders or
 * transactions, which the event loop would not answer meanwhile. Same verdict and same output:
 * the page without its items, then each item with the array's element schema.
 */
async function validateResponse(schema: z.ZodType, body: unknown): Promise<Validated> {
  const def = schema.def as { type: string; shape?: Record<string, z.ZodType> }
  const itemsSchema = def.type === 'object' ? def.shape?.items : undefined
  const itemsDef = itemsSchema?.def as
    { type: string; element?: z.ZodType; checks?: unknown[] } | undefined
  const items =
    body !== null && typeof body === 'object' ? (body as { items?: unknown }).items : undefined
  if (
    !itemsDef ||
    itemsDef.type !== 'array' ||
    !itemsDef.element ||
    itemsDef.checks?.length ||
    !Array.isArray(items) ||
    items.length <= VALIDATE_SLICE
  ) {
    const parsed = schema.safeParse(body)
    return parsed.success
      ? { success: true, data: parsed.data }
      : { success: false, issues: parsed.error.issues }
  }
  const head = schema.safeParse({ ...(body as object), items: [] })
  if (!head.success) return { success: false, issues: head.error.issues }
  const element = itemsDef.element
  const out: unknown[] = new Array(items.length)
  for (let from = 0; from < items.length; from += VALIDATE_SLICE) {
    await nextTurn()
    const to = Math.min(items.length, from + VALIDATE_SLICE)
    for (let index = from; index < to; index++) {
      const parsed = element.safeParse(items[index])
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({
          ...issue,
          path: ['items', index, ...issue.path],
        }))
        return { success: false, issues }
      }
      out[index] = parsed.data
    }
  }
  return { success: true, data: { ...(head.data as object), items: out } }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const policy = options.policy ?? DEFAULT_RETRY_POLICY
  const sleep = options.sleep ?? defaultSleep
  const logger = options.logger ?? console
  const http =
    options.http ??
    axios.create({
      baseURL: baseUrl + API_PREFIX,
      timeout: options.timeoutMs ?? 30_000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    })

  async function call<R extends PortalRouteName>(
    name: R,
    callOptions: CallOptions<R> = {},
  ): Promise<RouteResponse<R>> {
    const route = PORTAL_ROUTES[name] as (typeof PORTAL_ROUTES)[PortalRouteName]
    const path = buildPath(route.path, callOptions.params)
    const idempotent = 'idempotent' in route && route.idempotent === true
    if (idempotent && !callOptions.idempotencyKey)
      throw new PortalError('upstream.invalidRequest', { path: route.path })
    if ('body' in route && callOptions.body !== undefined) {
      const parsed = route.body.safeParse(callOptions.body)
      if (!parsed.success) {
        logger.warn(`upstream: refusing to send an invalid ${name} body`, parsed.error.issues)
        throw new PortalError('upstream.invalidRequest', { path: route.path })
      }
    }
    const authenticated = name !== 'login' && name !== 'refresh'
    const safeToRepeat = route.method === 'GET' || callOptions.idempotencyKey !== undefined
    let refreshed = false

    for (let attempt = 1; ; attempt++) {
      let response: AxiosResponse<string> | undefined
      let networkError: unknown
      try {
        const token = authenticated ? options.tokens?.accessToken() : null
        response = await http.request<string>({
          method: route.method,
          url: path,
          params: cleanQuery(callOptions.query as Record<string, unknown> | undefined),
          data: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
          headers: {
            Accept: 'application/json',
            ...(callOptions.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(callOptions.idempotencyKey
              ? { 'Idempotency-Key': callOptions.idempotencyKey }
              : {}),
          },
          signal: callOptions.signal,
        })
      } catch (error) {
        if (axios.isCancel(error)) throw new PortalError('upstream.cancelled')
        networkError = error
      }

      const canRetry = safeToRepeat && attempt < policy.maxAttempts
      if (!response) {
        if (canRetry) {
          await sleep(retryDelayMs(attempt, policy, null, options.random))
          continue
        }
        logger.warn(
          `upstream: ${route.method} ${path} unreachable`,
          (networkError as Error)?.message,
        )
        throw new PortalError('upstream.unreachable')
      }

      const { status } = response
      if (status === 401 && authenticated && options.tokens && !refreshed) {
        refreshed = true
        await options.tokens.refresh()
        attempt--
        continue
      }
      if (isRetryableStatus(status) && canRetry) {
        await sleep(
          retryDelayMs(
            attempt,
            policy,
            parseRetryAfter(response.headers['retry-after'] as string | undefined),
            options.random,
          ),
        )
        continue
      }
      if (status === 204) return undefined as RouteResponse<R>

      let body: unknown
      // A long body (a feed page: ~0.4 MB, ~5–10 ms to parse) is parsed in a turn of its own, not
      // in the one that received it, which may have received other pages too.
      if (typeof response.data === 'string' && response.data.length > LONG_BODY) await nextTurn()
      try {
        body = JSON.parse(response.data)
      } catch {
        // A body cut short (a dropped connection mid-response) is worth another try.
        if (canRetry) {
          await sleep(retryDelayMs(attempt, policy, null, options.random))
          continue
        }
        logger.warn(
          `upstream: ${route.method} ${path} answered ${status} with a body that is not JSON`,
        )
        throw new PortalError('upstream.invalidResponse', { path: route.path })
      }

      if (status >= 400) {
        const problem = Problem.safeParse(body)
        if (problem.success) throw new UpstreamProblem(status, problem.data)
        logger.warn(
          `upstream: ${route.method} ${path} answered ${status} without a problem document`,
        )
        throw new PortalError(status >= 500 ? 'upstream.unreachable' : 'upstream.invalidResponse', {
          path: route.path,
          status,
        })
      }
      if (!('response' in route)) return undefined as RouteResponse<R>
      // The big feed pages first through their fast path; anything it declines goes to zod,
      // whose verdict (and error) stands.
      const fast = FAST_RESPONSES[name]?.(body)
      if (fast !== undefined && fast !== FAIL) return fast as RouteResponse<R>
      const parsed = await validateResponse(route.response, body)
      if (!parsed.success) {
        logger.warn(
          `upstream: ${route.method} ${route.path} answered data that breaks the Portal API schema`,
          parsed.issues.slice(0, 5),
        )
        throw new PortalError('upstream.invalidResponse', { path: route.path })
      }
      return parsed.data as RouteResponse<R>
    }
  }

  return { baseUrl, call }
}
