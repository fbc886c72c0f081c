/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON; the tests parse them with the shared/api schemas where the shape matters */
/**
 * Helpers for the API tests: one real sandbox per test file on a loopback port, a tiny fetch
 * client, and problem checks. Every problem+json response seen through `call` must carry a code
 * from API_ERROR_CODES with the catalogued status — that is how the tests prove the catalog is
 * complete.
 */
import { expect } from 'vitest'
import { API_ERROR_CODES, PROBLEM_CONTENT_TYPE, type ApiErrorCode } from '../../shared/api'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../server/sandbox'

export const PASSWORD = 'Demo@2026'

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

export interface CallOptions {
  token?: string
  body?: unknown
  /** Sent as is (no JSON encoding). */
  rawBody?: string
  headers?: Record<string, string>
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined = options.rawBody
  if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(base + path, { method, headers, body })
  const text = await response.text()
  const contentType = response.headers.get('content-type') ?? ''
  const parsed = contentType.includes('json') && text ? JSON.parse(text) : text
  if (contentType.startsWith(PROBLEM_CONTENT_TYPE)) {
    expect(Object.keys(API_ERROR_CODES), `problem code ${parsed.code} is catalogued`).toContain(
      parsed.code,
    )
    expect(response.status).toBe(API_ERROR_CODES[parsed.code as ApiErrorCode].status)
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/)
  }
  if (response.status >= 400)
    expect(
      contentType.startsWith(PROBLEM_CONTENT_TYPE),
      `${method} ${path} → ${response.status} is a problem`,
    ).toBe(true)
  return { status: response.status, headers: response.headers, body: parsed as T, text }
}

export function expectProblem(response: ApiResponse, code: ApiErrorCode): void {
  expect(response.body?.code, response.text.slice(0, 400)).toBe(code)
  expect(response.status).toBe(API_ERROR_CODES[code].status)
}

export interface TestApi {
  sandbox: RunningSandbox
  base: string
  api: string
  login(account: string): Promise<{ accessToken: string; refreshToken: string }>
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>
  operator<T = any>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>>
  close(): Promise<void>
}

export async function startTestApi(options: SandboxOptions = {}): Promise<TestApi> {
  const sandbox = await startSandbox({ products: 200, ...options })
  const base = sandbox.url
  return {
    sandbox,
    base,
    api: `${base}/api/v1`,
    async login(account) {
      const response = await call(base, 'POST', '/api/v1/auth/login', {
        body: { account, password: PASSWORD },
      })
      expect(response.status, response.text).toBe(200)
      return response.body
    },
    call: (method, path, options) => call(base, method, `/api/v1${path}`, options),
    operator: (method, path, body) =>
      call(base, method, `/sandbox${path}`, {
        body: body ?? (method === 'GET' ? undefined : {}),
        headers: { 'x-operator-token': sandbox.operatorToken },
      }),
    close: () => sandbox.close(),
  }
}

let keyCounter = 0
export function idempotencyKey(): string {
  return `test-${process.pid}-${Date.now()}-${++keyCounter}`
}
