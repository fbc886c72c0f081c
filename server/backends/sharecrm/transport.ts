/**
 * One HTTP attempt of the OpenAPI client: POST JSON to `<baseUrl><path>?thirdTraceId=<uuid>` with a
 * timeout. Never throws for network or HTTP failures: returns them as an `Attempt` (`ambiguous`
 * when the request may have reached ShareCRM), and logs the attempt.
 */
import { randomUUID } from 'node:crypto'
import {
  type Attempt,
  type CallOptions,
  SHARECRM_PATHS,
  type ShareCrmLogEntry,
  type ShareCrmLogger,
  type WireAnswer,
} from './types'

export interface TransportContext {
  baseUrl: string
  timeoutMs: number
  logger?: ShareCrmLogger
  now: () => number
}

export async function postJson(
  context: TransportContext,
  path: string,
  body: unknown,
  options: CallOptions,
  attempt: number,
): Promise<Attempt> {
  const traceId = randomUUID()
  const started = context.now()
  const timeout = AbortSignal.timeout(context.timeoutMs)
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout
  let result: Attempt
  try {
    const response = await fetch(`${context.baseUrl}${path}?thirdTraceId=${traceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal,
    })
    const text = await response.text()
    if (response.status >= 500 || response.status === 429) {
      // 429 (a proxy's rate limit) was not processed; a 5xx may have been.
      const ambiguous = response.status !== 429
      result = {
        kind: 'failure',
        traceId,
        status: response.status,
        message: `HTTP ${response.status}`,
        ambiguous,
      }
    } else if (response.status !== 200) {
      const message = `HTTP ${response.status}: ${text.slice(0, 200)}`
      result = {
        kind: 'answer',
        traceId,
        body: { errorCode: -response.status, errorMessage: message },
      }
    } else {
      let parsed: WireAnswer
      try {
        parsed = JSON.parse(text) as WireAnswer
      } catch (error) {
        parsed = { errorCode: -1, errorMessage: `unreadable answer: ${(error as Error).message}` }
      }
      if (parsed.traceId !== undefined && parsed.traceId !== traceId) {
        const entry = {
          event: 'sharecrm.call',
          path,
          traceId,
          requestId: options.requestId,
          attempt,
          ms: 0,
          errorCode: null,
        } as const
        context.logger?.warn({ ...entry, message: `traceId echoed as ${parsed.traceId}` })
      }
      result = { kind: 'answer', traceId, body: parsed }
    }
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    const code = (error as { cause?: { code?: string } }).cause?.code
    // Refused / unresolvable connections never reached ShareCRM; anything else may have.
    const notSent = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN'
    const message = timeout.aborted
      ? 'timeout'
      : `${(error as Error).message}${code ? ` (${code})` : ''}`
    result = { kind: 'failure', traceId, status: null, message, ambiguous: !notSent, cause: error }
  }
  const errorCode = result.kind === 'answer' ? Number(result.body.errorCode ?? 0) : null
  const entry: ShareCrmLogEntry = {
    event: path === SHARECRM_PATHS.token ? 'sharecrm.token' : 'sharecrm.call',
    path,
    traceId,
    requestId: options.requestId,
    attempt,
    ms: context.now() - started,
    errorCode,
    message:
      result.kind === 'failure'
        ? result.message
        : errorCode
          ? String(result.body.errorMessage ?? '')
          : undefined,
  }
  if (errorCode === 0) context.logger?.info(entry)
  else context.logger?.warn(entry)
  return result
}
