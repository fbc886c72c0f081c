/**
 * `app://dealerdesk/…`: serves the built renderer from disk with the CSP, instead of file://
 * (Electron security checklist: prefer a custom protocol). Only files inside the renderer folder.
 */
import { readFile } from 'node:fs/promises'
import type { Protocol } from 'electron'
import { resolveStaticPath, contentTypeOf } from '../host/staticFiles'
import { contentSecurityPolicy, SECURITY_HEADERS } from './contentSecurityPolicy'

export const APP_SCHEME = 'app'
export const APP_HOST = 'dealerdesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
}

export async function respondWithRendererFile(
  rendererDirectory: string,
  requestUrl: string,
): Promise<Response> {
  const url = new URL(requestUrl)
  const path = url.host === APP_HOST ? resolveStaticPath(rendererDirectory, url.pathname) : null
  if (!path) return new Response('Not found', { status: 404 })
  try {
    const content = await readFile(path)
    return new Response(new Uint8Array(content), {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeOf(path),
        'Content-Security-Policy': contentSecurityPolicy(),
      },
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}

export function registerAppProtocol(protocol: Protocol, rendererDirectory: string): void {
  protocol.handle(APP_SCHEME, (request) => respondWithRendererFile(rendererDirectory, request.url))
}
