/**
 * Turns the login form's server choice into a base URL. The built-in demo sandbox is started
 * in-process on a free loopback port the first time it is needed (once per run); its identity for
 * caches and secrets is the constant 'sandbox', because its port changes from run to run.
 */
import { PortalError, type ServerChoice } from '../../../shared/contract'
import type { ResolvedServer } from './sessionService'

export interface EmbeddedSandbox {
  url: string
  /** The operator token of the demo sandbox (shown in Settings, so a trainer can act upstream). */
  operatorToken?: string
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

/**
 * `lockedUrl` (the IT department's locked server): every other choice, the sandbox included, is
 * refused with PortalError 'session.serverLocked' — for sign-in and for restoring a remembered session.
 */
export function createServerResolver(
  startSandbox: () => Promise<EmbeddedSandbox>,
  options: { lockedUrl?: string } = {},
): ServerResolver {
  const lockedUrl = options.lockedUrl ? normalizeServerUrl(options.lockedUrl) : null
  let sandbox: Promise<EmbeddedSandbox> | null = null

  function embedded(): Promise<EmbeddedSandbox> {
    sandbox ??= startSandbox().catch((error: unknown) => {
      sandbox = null
      throw new PortalError('session.sandboxUnavailable', {
        reason: error instanceof Error ? error.message : String(error),
      })
    })
    return sandbox
  }

  return {
    async resolve(choice) {
      if (
        lockedUrl !== null &&
        (choice.kind !== 'url' || safeNormalize(choice.url) !== lockedUrl)
      ) {
        throw new PortalError('session.serverLocked')
      }
      if (choice.kind === 'sandbox') {
        const running = await embedded()
        return {
          key: SANDBOX_SERVER_KEY,
          url: running.url,
          ...(running.operatorToken ? { operatorToken: running.operatorToken } : {}),
        }
      }
      const url = normalizeServerUrl(choice.url)
      return { key: url, url }
    },
    warmUp() {
      if (lockedUrl !== null) return
      embedded().catch((error: unknown) => console.error('sandbox: could not start', error))
    },
    async close() {
      if (sandbox) await (await sandbox.catch(() => null))?.close()
    },
  }
}

function safeNormalize(url: string): string | null {
  try {
    return normalizeServerUrl(url)
  } catch {
    return null
  }
}
