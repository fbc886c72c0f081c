/**
 * The desktop app itself, through Playwright's Electron driver. Runs wherever the Electron binary
 * is installed; on machines that cannot download it (no access to GitHub) every test is skipped
 * with the reason, and the same flows are covered in Chromium against the web host.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron, expect, test } from '@playwright/test'
// @ts-expect-error plain ESM helper without type declarations
import { electronBinaryPath } from '../../../scripts/electronBinary.mjs'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const binary = (electronBinaryPath as () => string | null)()

if (!binary)
  console.warn('[electron e2e] skipped: the Electron binary is not installed on this machine.')
test.skip(
  !binary,
  'Electron binary not installed on this machine (it cannot be downloaded here); the web-host specs cover these flows in Chromium.',
)

test.beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-electron.mjs'], {
    cwd: root,
    stdio: 'inherit',
  })
  expect(build.status).toBe(0)
})

test('launches a locked-down window with the Chinese shell and the bridge', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'dealerdesk-electron-'))
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, `--user-data-dir=${userData}`],
    env: { ...process.env, LANG: 'zh_CN.UTF-8' },
  })
  const window = await app.firstWindow()
  await expect(window.getByTestId('main-navigation')).toBeVisible()
  // No Node in the page (nodeIntegration off, sandbox on), only the contract-built portal.
  expect(
    await window.evaluate(
      () => typeof (globalThis as { require?: unknown; process?: unknown }).require,
    ),
  ).toBe('undefined')
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
    'undefined',
  )
  const info = await window.evaluate(() =>
    (window as unknown as { portal: { app: { info(): Promise<unknown> } } }).portal.app.info(),
  )
  expect(info).toMatchObject({ ok: true, data: { runtime: 'electron' } })
  await app.close()
})
