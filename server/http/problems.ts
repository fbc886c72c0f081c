/**
 * Everything that leaves the gateway as an error is application/problem+json (RFC 9457) with an
 * i18n `code` from shared/api/errors.ts. Fastify's own errors (body too large, bad JSON, wrong
 * media type) are mapped to codes too; anything unexpected becomes `server.internal` without a
 * stack trace.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import {
  API_ERROR_CODES,
  PROBLEM_CONTENT_TYPE,
  problemType,
  type ApiErrorCode,
} from '../../shared/api/errors'
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
  const retryAfter =
    error.extras.retryAfterSeconds ?? (error.params.retryAfterSeconds as number | undefined)
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter))
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problemJson(error))
}

/** Parses `data` with a zod schema; the first issue becomes `request.invalid` {path, issue}. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  data: unknown,
  location: string,
): z.output<T> {
  const result = schema.safeParse(data)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = [location, ...(issue?.path ?? []).map(String)].join('.')
  const keys =
    issue && 'keys' in issue && Array.isArray(issue.keys) ? `: ${issue.keys.join(', ')}` : ''
  throw new ApiError(
    'request.invalid',
    { path, issue: `${issue?.code ?? 'invalid'}${keys}` },
    { detail: issue?.message },
  )
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
  if (error instanceof SyntaxError || error.statusCode === 400)
    return new ApiError('request.malformedJson')
  if (error.statusCode === 413)
    return new ApiError('request.tooLarge', { limitBytes: BODY_LIMIT_BYTES })
  if (error.statusCode === 415) return new ApiError('request.unsupportedMediaType', {})
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError('request.invalid', { path: '', issue: error.code ?? 'invalid' })
  }
  return new ApiError('server.internal')
}

/** Node's default limit of the request head (http.maxHeaderSize). */
const MAX_HEADER_BYTES = 16_384

/**
 * Fastify's `frameworkErrors`: errors raised before routing (a bad percent-encoding or a lone
 * surrogate in the path, FST_ERR_BAD_URL) answer problem+json like everything else.
 */
export function frameworkErrors(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const problem =
    error.code === 'FST_ERR_BAD_URL' ? new ApiError('request.badUrl') : fromFastifyError(error)
  void sendProblem(reply, problem)
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (oversized headers,
 * garbage) get a problem+json answer on the raw socket instead of Fastify's default body.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError('request.headersTooLarge', { limitBytes: MAX_HEADER_BYTES })
      : new ApiError('request.malformedHttp')
  const body = problemJson(problem)
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  )
}

export function installProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof ApiError ? error : fromFastifyError(error)
    if (problem.code === 'server.internal') request.log.error({ err: error }, 'unhandled error')
    return sendProblem(reply, problem)
  })
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new ApiError('request.routeNotFound', {
        method: request.method,
        url: request.url.split('?')[0],
      }),
    ),
  )
}

export function isApiErrorCodeStatus(code: ApiErrorCode): number {
  return API_ERROR_CODES[code].status
}
