/**
 * IT configuration (electron/main/managedConfig.ts): the web host started with `--config` pointing
 * at a file that pre-sets and locks the server. The login form shows that server fixed, with the
 * "set by your IT department" note and no sandbox choice, and signing in to it works.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from '@playwright/test'
import { startSandboxProcess, startUntilReady, type ReadyProcess } from './fixtures/processes'

test.use({ locale: 'en-US' })

const running: ReadyProcess[] = []
test.afterEach(async () => {
  for (const child of running.splice(0).reverse()) await child.stop()
})

test('a locked server from the IT configuration is preset, read-only, and signing in to it works', async ({
  page,
}) => {
  const sandbox = await startSandboxProcess()
  running.push(sandbox)
  const directory = mkdtempSync(join(tmpdir(), 'dealerdesk-managed-'))
  const configFile = join(directory, 'config.json')
  writeFileSync(
    configFile,
    JSON.stringify({ serverUrl: sandbox.value, lockServer: true, syncIntervalMinutes: 30 }),
  )
  const host = await startUntilReady(
    [
      'electron/host/cli.ts',
      '--port',
      '0',
      '--data',
      join(directory, 'data'),
      '--config',
      configFile,
    ],
    /Web host ready: (\S+)/,
  )
  running.push(host)

  await page.goto(host.value)
  await expect(page.getByTestId('login-view')).toBeVisible()
  const url = page.getByTestId('login-url')
  await expect(url).toHaveValue(sandbox.value)
  await expect(url).toHaveAttribute('readonly', /.*/)
  await expect(page.getByTestId('login-server-managed')).toContainText('IT department')
  await expect(page.getByTestId('login-server-sandbox')).toHaveCount(0)

  await page.getByTestId('login-account').fill('agent.li')
  await page.getByTestId('login-password').fill('Demo@2026')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('main-navigation')).toBeVisible({ timeout: 30_000 })
})
