/**
 * The IT department's configuration file: pre-sets (and optionally locks) the server URL, sets the
 * update URL and the sync interval. Locations (first found wins; see README "For IT departments"):
 *   DEALERDESK_CONFIG=<file> (both the desktop app and the web host), web host `--config <file>`,
 *   Windows %PROGRAMDATA%\DealerDesk\config.json, macOS /Library/Application Support/DealerDesk/config.json,
 *   Linux /etc/dealerdesk/config.json.
 * A missing file means "not managed". A file that is unreadable, not JSON or not the schema below
 * (strict: unknown keys are refused too) is ignored with a logged warning and a translated notice,
 * never a crash. No Electron import: the web host uses this module too.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { isSecureServerUrl } from '../../shared/api/secureUrl'

/** https only (plain http is refused but for a loopback address, where nothing leaves the PC). */
const httpUrl = z
  .url({ protocol: /^https?$/ })
  .refine(isSecureServerUrl, { message: 'must be an https URL (http only for loopback)' })

export const ManagedConfig = z.strictObject({
  /** The gateway's Portal API base URL the login form starts with. */
  serverUrl: httpUrl.optional(),
  /** With serverUrl: the user cannot choose another server (nor the demo sandbox). */
  lockServer: z.boolean().optional(),
  /** electron-updater generic provider URL (folder holding latest.yml); no checks without it. */
  updateUrl: httpUrl.optional(),
  /** Replaces the user's background sync interval, minutes. */
  syncIntervalMinutes: z.number().int().min(1).max(1440).optional(),
})
export type ManagedConfig = z.infer<typeof ManagedConfig>

export interface ManagedConfigResult {
  config: ManagedConfig
  /** The file read, or null when none was found. */
  file: string | null
  /** Set when the file existed but was ignored (the reason, for the log). */
  problem: string | null
}

/** The platform's machine-wide location (Windows, macOS, Linux and others as Linux). */
export function defaultManagedConfigFile(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): string {
  if (platform === 'win32')
    return join(env.PROGRAMDATA ?? 'C:\\ProgramData', 'DealerDesk', 'config.json')
  if (platform === 'darwin') return '/Library/Application Support/DealerDesk/config.json'
  return '/etc/dealerdesk/config.json'
}

/** The file to read: an explicit `--config`, else DEALERDESK_CONFIG, else the platform default. */
export function managedConfigFile(options: {
  explicit?: string
  platform: NodeJS.Platform
  env: NodeJS.ProcessEnv
}): string {
  return (
    options.explicit ||
    options.env.DEALERDESK_CONFIG ||
    defaultManagedConfigFile(options.platform, options.env)
  )
}

/** Parses the file's text; never throws. */
export function parseManagedConfig(text: string): {
  config: ManagedConfig
  problem: string | null
} {
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return {
      config: {},
      problem: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
  const parsed = ManagedConfig.safeParse(json)
  if (!parsed.success) {
    return {
      config: {},
      problem: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`)
        .join('; '),
    }
  }
  if (parsed.data.lockServer && !parsed.data.serverUrl)
    return { config: {}, problem: 'lockServer: needs serverUrl' }
  return { config: parsed.data, problem: null }
}

/** Reads and parses `file`; a missing file is not a problem. Logs a warning for a bad file. */
export function loadManagedConfig(
  file: string,
  warn: (message: string) => void = console.warn,
): ManagedConfigResult {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { config: {}, file: null, problem: null }
    const problem = `unreadable: ${error instanceof Error ? error.message : String(error)}`
    warn(`IT configuration ${file} ignored: ${problem}`)
    return { config: {}, file, problem }
  }
  const { config, problem } = parseManagedConfig(text)
  if (problem) warn(`IT configuration ${file} ignored: ${problem}`)
  return { config, file, problem }
}
