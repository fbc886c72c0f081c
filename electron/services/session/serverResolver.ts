/**
 * Turns the login form's server choice into a base URL. The built-in demo sandbox is started
 * in-process on a free loopback port the first time it is needed (once per run); its identity for
 * caches and secrets is the constant 'sandbox', because its port changes from run to run.
 */
import { PortalError, type ServerChoice } from '../../../shared/contract'
import type { ResolvedServer } from './sessionService'

export interface EmbeddedSandbox {
  url: string
  close(): Promise<void>
}

export interface ServerResolver {
  resolve(choice: ServerChoice): Promise<ResolvedServer>
  /** Starts the sandbox ahead of time (in the background) so the first sign-in is quick. */
  warmUp(): void
  close(): Promise<void>
}

export const SANDBOX_SERVER_KEY = 'sandbox'

export function normalizeServerUrl(url: string): string {
  const parsed = new URL(url.trim())
  return parsed.origin + parsed.pathname.replace(/\/+$/, '')
}

export function createServerResolver(startSandbox: () => Promise<EmbeddedSandbox>): ServerResolver {
  let sandbox: Promise<EmbeddedSandbox> | null = null

  function embedded(): Promise<EmbeddedSandbox> {
    sandbox ??= startSandbox().catch((error: unknown) => {
      sandbox = null
      throw new PortalError('session.sandboxUnavailable', { reason: error instanceof Error ? error.message : String(error) })
    })
    return sandbox
  }

  return {
    async resolve(choice) {
      if (choice.kind === 'sandbox') return { key: SANDBOX_SERVER_KEY, url: (await embedded()).url }
      const url = normalizeServerUrl(choice.url)
      return { key: url, url }
    },
    warmUp() {
      embedded().catch((error: unknown) => console.error('sandbox: could not start', error))
    },
    async close() {
      if (sandbox) await (await sandbox.catch(() => null))?.close()
    },
  }
}
