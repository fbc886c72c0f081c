/**
 * The one error type that crosses from the backend to the HTTP layer: an API error code (see
 * shared/api/errors.ts) with its params. The gateway turns it into application/problem+json.
 */
import { API_ERROR_CODES, type ApiErrorCode } from '../shared/api/errors'

export interface ProblemExtras {
  /** All violations when there is more than one; the first is the main code. */
  errors?: { code: string; params?: Record<string, unknown> }[]
  quote?: unknown
  /** Seconds, sent as the Retry-After header. */
  retryAfterSeconds?: number
  detail?: string
}

export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ApiErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly extras: ProblemExtras = {},
  ) {
    super(code)
    this.status = API_ERROR_CODES[code].status
  }
}

export function notFound(): ApiError {
  return new ApiError('resource.notFound')
}

/** A shared/domain error ({code, params}) as an ApiError; unknown codes are a programming error. */
export function fromDomainErrors(
  errors: readonly { code: string; params?: Record<string, unknown> }[],
): ApiError {
  const first = errors[0]
  if (!first) throw new Error('fromDomainErrors needs at least one error')
  if (!Object.hasOwn(API_ERROR_CODES, first.code))
    throw new Error(`unlisted error code ${first.code}`)
  return new ApiError(first.code as ApiErrorCode, first.params ?? {}, {
    errors:
      errors.length > 1
        ? errors.map((error) => ({ code: error.code, params: error.params ?? {} }))
        : undefined,
  })
}
