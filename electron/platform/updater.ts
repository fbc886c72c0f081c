/**
 * Application updates through electron-updater's generic provider: the feed URL (a folder holding
 * latest.yml / latest-mac.yml / latest-linux.yml, as written by electron-builder) comes at run time
 * from the IT configuration (managedConfig.ts `updateUrl`). No URL, a non-http(s) URL or an
 * unpackaged app → no update check at all, never a network call. Downloads are automatic and
 * installed on quit; a failed check is logged and retried at the next interval, never thrown.
 * Typed against electron-updater, but takes the updater as a parameter so tests pass a fake.
 */
import type { AppUpdater, UpdateCheckResult } from 'electron-updater'
import { isSecureServerUrl } from '../../shared/api/secureUrl'

/** The part of electron-updater's AppUpdater this module uses. */
export type UpdaterLike = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'setFeedURL' | 'checkForUpdates'
>

export interface UpdaterLog {
  info(message: string): void
  warn(message: string): void
}

export interface UpdaterOptions {
  /** The generic feed URL, or null when none is configured. */
  url: string | null
  /** app.isPackaged: electron-updater cannot update an unpackaged app. */
  isPackaged: boolean
  /** Delay before the first check after start, ms (default 60 000). */
  firstCheckDelayMs?: number
  /** Between checks, ms (default 4 hours). */
  intervalMs?: number
  log?: UpdaterLog
  timers?: {
    setTimeout(run: () => void, ms: number): unknown
    setInterval(run: () => void, ms: number): unknown
    clear(handle: unknown): void
  }
}

export type UpdateCheckOutcome =
  | { state: 'disabled'; reason: 'no-url' | 'invalid-url' | 'not-packaged' }
  | { state: 'checked'; version: string | null }
  | { state: 'failed'; message: string }

export interface UpdateControl {
  /** Whether checks run (a valid URL in a packaged app). */
  readonly enabled: boolean
  /** Checks once now; never rejects. */
  checkNow(): Promise<UpdateCheckOutcome>
  /** Stops the scheduled checks (on quit). */
  stop(): void
}

/** The feed URL when it is an absolute http(s) URL without credentials, else null. */
export function validFeedUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    if (!isSecureServerUrl(parsed.toString())) return null
    return parsed.toString()
  } catch {
    return null
  }
}

const defaultTimers: NonNullable<UpdaterOptions['timers']> = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  setInterval: (run, ms) => setInterval(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** Configures `updater` from `options` and schedules the checks; does nothing when disabled. */
export function startUpdater(updater: UpdaterLike, options: UpdaterOptions): UpdateControl {
  const log = options.log ?? { info: console.info, warn: console.warn }
  const timers = options.timers ?? defaultTimers
  const url = validFeedUrl(options.url)
  const reason = !options.url
    ? 'no-url'
    : !url
      ? 'invalid-url'
      : !options.isPackaged
        ? 'not-packaged'
        : null
  if (reason || !url) {
    if (reason === 'invalid-url')
      log.warn(
        `updates: ignoring update URL ${JSON.stringify(options.url)} (not an https URL; http only for loopback)`,
      )
    const disabled = { state: 'disabled', reason: reason ?? 'no-url' } as const
    return { enabled: false, checkNow: () => Promise.resolve(disabled), stop: () => undefined }
  }

  updater.autoDownload = true
  updater.autoInstallOnAppQuit = true
  updater.allowDowngrade = false
  updater.setFeedURL({ provider: 'generic', url })
  log.info(`updates: checking ${url}`)

  const checkNow = async (): Promise<UpdateCheckOutcome> => {
    try {
      const result: UpdateCheckResult | null = await updater.checkForUpdates()
      return { state: 'checked', version: result?.updateInfo.version ?? null }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      log.warn(`updates: check failed: ${message}`)
      return { state: 'failed', message }
    }
  }
  const handles: unknown[] = []
  handles.push(timers.setTimeout(() => void checkNow(), options.firstCheckDelayMs ?? 60_000))
  handles.push(timers.setInterval(() => void checkNow(), options.intervalMs ?? 4 * 60 * 60_000))
  return {
    enabled: true,
    checkNow,
    stop: () => handles.splice(0).forEach((handle) => timers.clear(handle)),
  }
}
