/**
 * Shared by the Electron specs: finds the Electron binary (skipping with a clear reason where it is
 * missing), builds main + preload once, launches the app on a fresh profile and signs in to the
 * embedded sandbox through the login form.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test'
// @ts-expect-error plain ESM helper without type declarations
import { electronBinaryPath } from '../../../scripts/electronBinary.mjs'

export const root = fileURLToPath(new URL('../../../', import.meta.url))
export const binary = (electronBinaryPath as () => string | null)()
export const SKIP_REASON =
  'Electron binary not installed on this machine (it cannot be downloaded here); the web-host specs cover these flows in Chromium.'

/** Call at the top of each Electron spec file. */
export function skipWithoutElectron(): void {
  if (!binary) console.warn(`[electron e2e] skipped: ${SKIP_REASON}`)
  test.skip(!binary, SKIP_REASON)
  test.beforeAll(() => {
    const build = spawnSync(process.execPath, ['scripts/build-electron.mjs'], {
      cwd: root,
      stdio: 'inherit',
    })
    expect(build.status).toBe(0)
  })
}

export async function launchApp(
  language: 'zh-CN' | 'en-US' = 'zh-CN',
): Promise<{ app: ElectronApplication; window: Page; userData: string }> {
  const userData = mkdtempSync(join(tmpdir(), 'dealerdesk-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${userData}`, `--lang=${language}`],
    env: { ...process.env, LANG: language === 'zh-CN' ? 'zh_CN.UTF-8' : 'en_US.UTF-8' },
  })
  const window = await app.firstWindow()
  return { app, window, userData }
}

/** Signs in to the embedded demo sandbox (started in-process by the app). */
export async function signInToSandbox(window: Page, account: string): Promise<void> {
  await expect(window.getByTestId('login-view')).toBeVisible({ timeout: 30_000 })
  await window.getByTestId('login-server-sandbox').click()
  await window.getByTestId('login-account').fill(account)
  await window.getByTestId('login-password').fill('Demo@2026')
  await window.getByTestId('login-submit').click()
  await expect(window.getByTestId('main-navigation')).toBeVisible({ timeout: 60_000 })
  await expect(window.getByTestId('last-synced')).toBeVisible({ timeout: 60_000 })
}
