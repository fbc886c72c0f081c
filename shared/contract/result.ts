/**
 * The envelope every bridge call resolves to. Errors are codes (i18n keys under `errors.`) plus
 * parameters, never English sentences: the renderer turns them into words in the user's language.
 */
export type ErrorParams = Record<string, string | number | boolean | null>

export interface PortalErrorData {
  code: string
  params?: ErrorParams
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: PortalErrorData }

export function ok<T>(data: T): Result<T> {
  return { ok: true, data }
}

export function failure(code: string, params?: ErrorParams): { ok: false; error: PortalErrorData } {
  return params ? { ok: false, error: { code, params } } : { ok: false, error: { code } }
}

/**
 * Thrown by services when an operation is refused for a business reason; the handler registry
 * turns it into `{ ok: false, error: { code, params } }`.
 */
export class PortalError extends Error {
  readonly code: string
  readonly params: ErrorParams | undefined

  constructor(code: string, params?: ErrorParams) {
    super(code)
    this.name = 'PortalError'
    this.code = code
    this.params = params
  }

  toData(): PortalErrorData {
    return this.params ? { code: this.code, params: this.params } : { code: this.code }
  }
}

/** Error codes produced by the bridge itself (translated under `errors.bridge.*`). */
export const BRIDGE_ERROR_CODES = [
  'bridge.invalidInput',
  'bridge.invalidOutput',
  'bridge.unknownChannel',
  'bridge.untrustedSender',
  'bridge.unauthorized',
  'bridge.unreachable',
  'app.unexpected',
] as const
