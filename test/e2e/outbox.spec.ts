/**
 * The outbox views in Chromium: a submission made offline waits "for the connection" (not
 * "sending"), can be discarded there; another user signed in on the same computer sees none of it
 * (list and badge); its own user sees it again, and once the gateway is back it is sent and leaves
 * the list.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { freePort, startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn, confirmAction } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })
test.setTimeout(180_000)

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu-button').click()
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('login-view')).toBeVisible()
}

async function chooseShanghai(page: Page): Promise<void> {
  if ((await page.getByTestId('dealer-switcher').count()) > 0) {
    await page.getByTestId('dealer-switcher').click()
    await page.locator('.el-select-dropdown__item').filter({ hasText: '上海' }).click()
  }
  await expect(page.getByTestId('home-dealer')).toContainText('上海')
}

test('the outbox shows the signed-in user their own waiting submissions, until they are sent', async ({
  page,
  webHost,
}) => {
  const port = await freePort()
  const dataFile = join(mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-sandbox-')), 'sandbox.sqlite')
  sandbox = await startSandboxProcess({ port, dataFile })
  const serverUrl = sandbox.value
  await page.goto(webHost.url)

  // sh.admin has signed in online on this computer before (so can sign in offline later).
  await signIn(page, 'sh.admin', { serverUrl })
  await signOut(page)

  // agent.li puts a product in the cart while online.
  await signIn(page, 'agent.li', { serverUrl })
  await chooseShanghai(page)
  await expect(page.getByTestId('home-last-synced')).toContainText('已同步', { timeout: 30_000 })
  await page.getByTestId('nav-catalog').click()
  await expect(page.getByTestId('catalog-row-0')).toBeVisible()
  await page.getByTestId('catalog-view').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('/')
  await page.keyboard.type('ydj')
  await expect(page.getByTestId('catalog-row-0')).toHaveAttribute('data-sku', 'YDJ-2200')
  await page.keyboard.press('Enter')
  await expect(page.locator('.el-message').filter({ hasText: '圆顶机' })).toBeVisible()

  // The gateway goes away; the order is confirmed and saved to the outbox.
  await sandbox.stop()
  sandbox = undefined
  await page.getByTestId('nav-cart').click()
  await page.getByTestId('cart-submit').click()
  const asked = await confirmAction(page)
  expect(asked).toContain('订单金额')
  await expect(page.getByTestId('cart-result')).toContainText('联网', { timeout: 30_000 })
  await page.getByTestId('nav-outbox').click()
  const waiting = page.getByTestId('outbox-status-waiting')
  await expect(waiting).toHaveText('等待联网')
  await expect(page.getByTestId('outbox-status-sending')).toHaveCount(0)
  await expect(page.locator('[data-testid^="outbox-discard-"]')).toHaveCount(1)
  await expect(page.getByTestId('outbox-badge')).toBeVisible()

  // Another user on this computer sees none of it.
  await signOut(page)
  await signIn(page, 'sh.admin', { serverUrl })
  await expect(page.getByTestId('outbox-badge')).toHaveCount(0)
  await page.getByTestId('nav-outbox').click()
  await expect(page.getByTestId('outbox-view')).toBeVisible()
  await expect(page.getByTestId('outbox-table')).toHaveCount(0)

  // Its own user sees it again; the gateway comes back; it is sent once and leaves the list.
  await signOut(page)
  await signIn(page, 'agent.li', { serverUrl })
  await page.getByTestId('nav-outbox').click()
  await expect(page.getByTestId('outbox-status-waiting')).toBeVisible()
  sandbox = await startSandboxProcess({ port, dataFile })
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('outbox-table')).toHaveCount(0, { timeout: 60_000 })
  await expect(page.getByTestId('outbox-badge')).toHaveCount(0)
})
