/**
 * Where the app keeps its data: the same folder Electron's `app.getPath('userData')` uses, so the
 * CLI sandbox and the embedded one share a database file.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'

export function defaultUserDataDirectory(
  appName = 'DealerDesk',
  platform: NodeJS.Platform = process.platform,
  env = process.env,
): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), appName)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', appName)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), appName)
}

export function defaultSandboxFile(appName = 'DealerDesk'): string {
  return join(defaultUserDataDirectory(appName), 'sandbox', 'sandbox.sqlite')
}
