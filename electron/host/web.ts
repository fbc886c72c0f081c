/**
 * The web host: the same handler registry as the desktop app, served over loopback HTTP together
 * with the built renderer, so the whole app runs in a browser (end-to-end tests, quick iteration).
 *
 *   GET  /...                  the built renderer (CSP and security headers on every response)
 *   POST /bridge/<channel>     body `{ "input": ... }` → the Result envelope as JSON
 *   GET  /bridge/events        text/event-stream of hub events (`event: <name>`, `data: <json>`)
 *
 * Bound to 127.0.0.1 only. Every /bridge request needs `Authorization: Bearer <token>` (a random
 * per-run token handed to the browser in the URL fragment) → 401 otherwise; a foreign Origin or
 * Host header → 403 (DNS rebinding, cross-site requests).
 */
import { timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EventHub } from '../ipc/eventHub'
import type { Registry } from '../ipc/registry'
import { contentSecurityPolicy, SECURITY_HEADERS } from '../main/contentSecurityPolicy'
import { contentTypeOf, resolveStaticPath } from './staticFiles'

export const MAX_BRIDGE_BODY_BYTES = 1024 * 1024

export interface WebHostOptions {
  registry: Registry
  hub: EventHub
  token: string
  rendererDirectory: string
  port?: number
  /** Called once the port is known with the origins this host serves (for the sender check). */
  onListening?: (origins: string[]) => void
}

export interface WebHost {
  origin: string
  url: string
  server: Server
  close(): Promise<void>
}

class HttpError extends Error {
  constructor(readonly status: number) {
    super(String(status))
  }
}

/** A request that is well-authorised but malformed (say a path that is not valid percent-encoding). */
class BadRequest extends HttpError {
  constructor(readonly detail: string) {
    super(400)
  }
}

/** 400 as an RFC 9457 problem document, still carrying the bridge's error envelope. */
function sendProblem(response: ServerResponse, detail: string): void {
  const text = JSON.stringify({
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail,
    ok: false,
    error: { code: 'http.400' },
  })
  response.writeHead(400, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  })
  response.end(text)
}

function decodeChannel(encoded: string): string {
  try {
    return decodeURIComponent(encoded)
  } catch {
    throw new BadRequest('malformed channel in the path')
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  })
  response.end(text)
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BRIDGE_BODY_BYTES) throw new HttpError(413)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  const expected = Buffer.from(token)
  const actual = Buffer.from(presented)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { registry, hub, token, rendererDirectory } = options
  let origin = ''
  let allowedHosts = new Set<string>()
  const openStreams = new Set<ServerResponse>()

  function checkCaller(request: IncomingMessage): void {
    if (!allowedHosts.has(request.headers.host ?? '')) throw new HttpError(403)
    const callerOrigin = request.headers.origin
    if (callerOrigin !== undefined && !allowedHosts.has(callerOrigin.replace(/^http:\/\//, ''))) {
      throw new HttpError(403)
    }
    if (!tokenMatches(request.headers.authorization, token)) throw new HttpError(401)
  }

  /** The caller is checked (token, Origin, Host) before anything of the request is parsed. */
  async function handleBridgeCall(
    request: IncomingMessage,
    response: ServerResponse,
    encodedChannel: string,
  ) {
    checkCaller(request)
    const channel = decodeChannel(encodedChannel)
    const text = await readBody(request)
    let body: unknown
    try {
      body = text === '' ? {} : JSON.parse(text)
    } catch {
      return sendJson(response, 400, {
        ok: false,
        error: { code: 'bridge.invalidInput', params: { channel } },
      })
    }
    const input =
      body !== null && typeof body === 'object' ? (body as { input?: unknown }).input : undefined
    const senderUrl = (request.headers.origin ?? `http://${request.headers.host ?? ''}`) + '/'
    const result = await registry.invoke(channel, input, { senderUrl })
    sendJson(response, 200, result)
  }

  function handleEventStream(request: IncomingMessage, response: ServerResponse) {
    checkCaller(request)
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    })
    response.write(': connected\n\n')
    openStreams.add(response)
    const unsubscribe = hub.subscribe((event, payload) => {
      response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), 15_000)
    request.on('close', () => {
      clearInterval(keepAlive)
      unsubscribe()
      openStreams.delete(response)
    })
  }

  async function handleStatic(
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
  ) {
    if (!allowedHosts.has(request.headers.host ?? '')) throw new HttpError(403)
    const path = resolveStaticPath(rendererDirectory, pathname)
    if (!path) throw new HttpError(404)
    let content: Buffer
    try {
      content = await readFile(path)
    } catch {
      throw new HttpError(404)
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeOf(path),
      'Content-Security-Policy': contentSecurityPolicy(),
      'Cache-Control': path.endsWith('index.html')
        ? 'no-store'
        : 'public, max-age=31536000, immutable',
      'Content-Length': content.length,
    })
    response.end(request.method === 'HEAD' ? undefined : content)
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const route = async () => {
      if (url.pathname === '/bridge/events' && request.method === 'GET')
        return handleEventStream(request, response)
      if (url.pathname.startsWith('/bridge/')) {
        if (request.method !== 'POST') throw new HttpError(405)
        return handleBridgeCall(request, response, url.pathname.slice('/bridge/'.length))
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405)
      return handleStatic(request, response, url.pathname)
    }
    route().catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500
      if (!(error instanceof HttpError)) console.error('web host: request failed', error)
      if (response.headersSent) return response.destroy()
      if (error instanceof BadRequest) return sendProblem(response, error.detail)
      const code =
        status === 401
          ? 'bridge.unauthorized'
          : status === 403
            ? 'bridge.untrustedSender'
            : 'http.' + status
      sendJson(response, status, { ok: false, error: { code } })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  options.onListening?.([...allowedHosts].map((host) => `http://${host}`))

  return {
    origin,
    url: `${origin}/#token=${token}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of openStreams) stream.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
