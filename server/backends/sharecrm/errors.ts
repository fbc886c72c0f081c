/**
 * Errors of the ShareCRM OpenAPI client (openApiClient.ts). Every one carries the interface
 * (`/cgi/crm/v2/data/query`), the `thirdTraceId` sent (ShareCRM echoes it as `traceId`, so it
 * finds the call in their logs) and the Portal request id the caller passed, if any.
 *
 * - `UpstreamQuotaError`: 30002 / 30003 (daily quota spent, no quota pack): an outage of the
 *   upstream; the backend answers `gateway.upstreamQuota`. Never retried.
 * - `UpstreamRefusedError`: any other non-zero errorCode (a refusal of that call: validation,
 *   approval flow, permissions); `errorCode` and ShareCRM's `errorMessage` are kept. The backend
 *   answers `upstream.refused` with the message in params.
 * - `UpstreamUnavailableError`: retryable failures (30004, 14001, −1, 50009, network errors,
 *   timeouts, HTTP 5xx) still failing after the last attempt. `ambiguous` is true when the
 *   request may have been processed (timeout, 50009, connection lost after sending): the caller
 *   must look the record up before creating it again.
 * - `UpstreamAuthError`: the token endpoint refused the credentials, or a call still answered
 *   20016 with a freshly fetched token.
 */

export interface UpstreamErrorDetails {
  /** The interface path, e.g. `/cgi/crm/v2/data/create`. */
  path: string
  /** The uuid sent as `thirdTraceId`. */
  traceId: string
  /** The caller's Portal request id (`CallOptions.requestId`). */
  requestId?: string
  /** ShareCRM's errorCode (numbers), or null for network / HTTP failures. */
  errorCode: number | null
  /** ShareCRM's errorMessage / errorDescription, or the network error's message. */
  upstreamMessage: string
}

export class UpstreamError extends Error {
  readonly path: string
  readonly traceId: string
  readonly requestId?: string
  readonly errorCode: number | null
  readonly upstreamMessage: string

  constructor(message: string, details: UpstreamErrorDetails, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'UpstreamError'
    this.path = details.path
    this.traceId = details.traceId
    this.requestId = details.requestId
    this.errorCode = details.errorCode
    this.upstreamMessage = details.upstreamMessage
  }
}

export class UpstreamQuotaError extends UpstreamError {
  constructor(details: UpstreamErrorDetails) {
    super(`ShareCRM quota exhausted (${details.errorCode}): ${details.upstreamMessage}`, details)
    this.name = 'UpstreamQuotaError'
  }
}

export class UpstreamRefusedError extends UpstreamError {
  constructor(details: UpstreamErrorDetails) {
    super(
      `ShareCRM refused ${details.path} (${details.errorCode}): ${details.upstreamMessage}`,
      details,
    )
    this.name = 'UpstreamRefusedError'
  }
}

export class UpstreamUnavailableError extends UpstreamError {
  readonly ambiguous: boolean
  readonly attempts: number

  constructor(
    details: UpstreamErrorDetails & { ambiguous: boolean; attempts: number },
    cause?: unknown,
  ) {
    super(
      `ShareCRM ${details.path} unavailable after ${details.attempts} attempt(s) (${details.errorCode ?? 'network'}): ${details.upstreamMessage}`,
      details,
      { cause },
    )
    this.name = 'UpstreamUnavailableError'
    this.ambiguous = details.ambiguous
    this.attempts = details.attempts
  }
}

export class UpstreamAuthError extends UpstreamError {
  constructor(details: UpstreamErrorDetails) {
    super(
      `ShareCRM authentication failed (${details.errorCode}): ${details.upstreamMessage}`,
      details,
    )
    this.name = 'UpstreamAuthError'
  }
}

/** Codes retried with backoff: throttled (30004, 14001), busy (−1), timeout (50009). */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([30004, 14001, -1, 50009])
/** Codes that mean the request may have been processed when they arrive. */
export const AMBIGUOUS_CODES: ReadonlySet<number> = new Set([50009])
/** Daily quota / no quota pack: an outage of the upstream. */
export const QUOTA_CODES: ReadonlySet<number> = new Set([30002, 30003])
/** Token expired or invalid: refresh and retry once. */
export const TOKEN_EXPIRED_CODE = 20016
