import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSenderCheck } from '../../../electron/ipc/trustedSender'
import { createCore } from '../../../electron/main/core'
import { createFileSecretStore } from '../../../electron/services/session/secretStore'
import { startWebHost, type WebHost } from '../../../electron/host/web'

const token = 'test-token-0123456789'
let host: WebHost
let core: ReturnType<typeof createCore>

beforeAll(async () => {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-web-'))
  const rendererDirectory = join(dataDirectory, 'renderer')
  await mkdir(join(rendererDirectory, 'assets'), { recursive: true })
  await writeFile(join(rendererDirectory, 'index.html'), '<!doctype html><title>DealerDesk</title>')
  await writeFile(join(rendererDirectory, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(dataDirectory, 'secret.txt'), 'not for the browser')
  let check: (url: string) => boolean = () => false
  core = createCore({
    appInfo: {
      name: 'DealerDesk',
      version: '1.0.0',
      platform: 'linux',
      locale: 'en-US',
      dataDirectory,
      runtime: 'web',
      electronVersion: null,
    },
    isTrustedSender: (url) => check(url),
    secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
    startSandbox: () => Promise.reject(new Error('not needed here')),
  })
  host = await startWebHost({
    registry: core.registry,
    hub: core.hub,
    token,
    rendererDirectory,
    onListening: (origins) => (check = createSenderCheck(origins)),
  })
})
afterAll(async () => {
  await host.close()
  await core.close()
})

const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/bridge/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('web host', () => {
  it('prints a URL on 127.0.0.1 carrying the token in the fragment', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#token=${token}$`))
  })

  it('answers a bridge call through the same registry', async () => {
    const response = await call('app:info', {})
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      ok: true,
      data: { runtime: 'web', version: '1.0.0' },
    })
  })

  it('refuses a request without the token with 401', async () => {
    const response = await fetch(`${host.origin}/bridge/app:info`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({ ok: false, error: { code: 'bridge.unauthorized' } })
  })

  it('checks the token before parsing a malformed path, then answers a 400 problem', async () => {
    const unauthorised = await fetch(`${host.origin}/bridge/%E0%A4%A`, {
      method: 'POST',
      body: '{}',
    })
    expect(unauthorised.status).toBe(401)
    const malformed = await call('%E0%A4%A', {})
    expect(malformed.status).toBe(400)
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await malformed.json()).toMatchObject({
      status: 400,
      title: 'Bad Request',
      ok: false,
      error: { code: 'http.400' },
    })
  })

  it('refuses a wrong token with 401', async () => {
    expect((await call('app:info', {}, { Authorization: `Bearer ${token}x` })).status).toBe(401)
    expect((await call('app:info', {}, { Authorization: token })).status).toBe(401)
  })

  it('refuses a request from a foreign origin or Host with 403, even with the token', async () => {
    expect((await call('app:info', {}, { Origin: 'https://evil.example' })).status).toBe(403)
    // fetch() will not send a forged Host header (DNS rebinding), so use node:http directly.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${host.origin}/bridge/app:info`,
        { method: 'POST', headers: { Host: 'evil.example:80', Authorization: `Bearer ${token}` } },
        (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        },
      )
      request.on('error', reject)
      request.end('{}')
    })
    expect(status).toBe(403)
  })

  it('answers bridge.invalidInput for a wrong-typed argument', async () => {
    const response = await call('settings:set', { input: { language: 42 } })
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { code: 'bridge.invalidInput' },
    })
    expect(await (await call('settings:set', 'not json')).json()).toMatchObject({
      ok: false,
      error: { code: 'bridge.invalidInput' },
    })
  })

  it('refuses bodies over 1 MB with 413', async () => {
    const response = await call('settings:set', { input: { language: 'x'.repeat(1_100_000) } })
    expect(response.status).toBe(413)
  })

  it('serves the renderer with the CSP and security headers', async () => {
    const response = await fetch(`${host.origin}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toContain(
      'javascript',
    )
  })

  it('does not serve files outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      const response = await fetch(`${host.origin}${path}`)
      expect(response.status).toBe(404)
    }
  })

  it('streams hub events to an authorized client', async () => {
    const controller = new AbortController()
    const response = await fetch(`${host.origin}/bridge/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: controller.signal,
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    await reader.read() // ": connected"
    await call('settings:set', { input: { language: 'en-US' } })
    let text = ''
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? ''
    expect(text).toContain('event: settings:changed')
    expect(text).toContain('data: {"language":"en-US","syncIntervalMinutes":5,"documents":{')
    controller.abort()
  })

  it('refuses the event stream without the token', async () => {
    expect((await fetch(`${host.origin}/bridge/events`)).status).toBe(401)
  })
})
