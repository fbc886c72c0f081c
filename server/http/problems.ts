/**
 * Everything that leaves the gateway as an error is application/problem+json (RFC 9457) with an
 * i18n `code` from shared/api/errors.ts. Fastify's own errors (body too large, bad JSON, wrong
 * media type) are mapped to codes too; anything unexpected becomes `server.internal` without a
 * stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify'
import type { z } from 'zod'
import { API_ERROR_CODES, PROBLEM_CONTENT_TYPE, problemType, type ApiErrorCode } from '../../shared/api/errors'
import { ApiError } from '../errors'

export const BODY_LIMIT_BYTES = 1_048_576

export function problemJson(error: ApiError): string {
  const spec = API_ERROR_CODES[error.code]
  return JSON.stringify({
    type: problemType(error.code),
    title: spec.title,
    status: error.status,
    code: error.code,
    detail: error.extras.detail ?? spec.title,
    params: error.params,
    ...(error.extras.errors ? { errors: error.extras.errors } : {}),
    ...(error.extras.quote !== undefined ? { quote: error.extras.quote } : {}),
  })
}

export function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  const retryAfter = error.extras.retryAfterSeconds ?? (error.params.retryAfterSeconds as number | undefined)
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problemJson(error))
}

/** Parses `data` with a zod schema; the first issue becomes `request.invalid` {path, issue}. */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, location: string): z.output<T> {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = [location, ...(issue?.path ?? []).map(String)].join('.')
  const keys = issue && 'keys' in issue && Array.isArray(issue.keys) ? `: ${issue.keys.join(', ')}` : ''
  throw new ApiError('request.invalid', { path, issue: `${issue?.code ?? 'invalid'}${keys}` }, { detail: issue?.message })
}

function fromFastifyError(error: FastifyError): ApiError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('request.tooLarge', { limitBytes: BODY_LIMIT_BYTES })
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('request.unsupportedMediaType', {})
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('request.malformedJson')
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return new ApiError('request.malformedJson')
  if (error.statusCode === 413) return new ApiError('request.tooLarge', { limitBytes: BODY_LIMIT_BYTES })
  if (error.statusCode === 415) return new ApiError('request.unsupportedMediaType', {})
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('request.invalid', { path: '', issue: error.code ?? 'invalid' })
  }
  return new ApiError('server.internal')
}

export function installProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof ApiError ? error : fromFastifyError(error)
    if (problem.code === 'server.internal') request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new ApiError('request.routeNotFound', { method: request.method, url: request.url.split('?')[0] })),
  )
}

export function isApiErrorCodeStatus(code: ApiErrorCode): number {
  return API_ERROR_CODES[code].status
}
