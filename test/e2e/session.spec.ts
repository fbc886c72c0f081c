import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

test('the agent signs in, sees balances, switches dealer, and signs in again offline to the cached data', async ({
  page,
  webHost,
}) => {
  sandbox = await startSandboxProcess()
  const serverUrl = sandbox.value
  await page.goto(webHost.url)
  await signIn(page, 'agent.li', { serverUrl })

  // Home with the first dealer's balances, from the cache after the first sync.
  const deposit = page.getByTestId('home-deposit')
  await expect(deposit).toContainText('¥')
  await expect(page.getByTestId('last-synced')).toContainText('已同步')
  const firstDealer = await page.getByTestId('home-dealer').textContent()
  const firstDeposit = await deposit.locator('.el-statistic__content').textContent()

  // Switch to the other dealer: its own balances.
  await page.getByTestId('dealer-switcher').click()
  const other = page
    .locator('.el-select-dropdown__item')
    .filter({ hasNotText: firstDealer ?? '' })
    .first()
  const otherName = (await other.textContent())?.trim() ?? ''
  await other.click()
  await expect(page.getByTestId('home-dealer')).toHaveText(otherName)
  await expect(deposit.locator('.el-statistic__content')).not.toHaveText(firstDeposit ?? '')
  await expect(page.getByTestId('home-last-synced')).toContainText('已同步')
  const otherDeposit = await deposit.locator('.el-statistic__content').textContent()

  // Sign out; the gateway goes away; sign in again: offline, from the cache, with a banner.
  await page.getByTestId('user-menu-button').click()
  await page.getByTestId('logout').click()
  await expect(page.getByTestId('login-view')).toBeVisible()
  await sandbox.stop()
  sandbox = undefined
  await signIn(page, 'agent.li', { serverUrl })
  await expect(page.getByTestId('offline-banner')).toBeVisible()
  await expect(page.getByTestId('offline-indicator')).toBeVisible()
  await expect(page.getByTestId('home-dealer')).toHaveText(otherName)
  await expect(deposit.locator('.el-statistic__content')).toHaveText(otherDeposit ?? '')
})

test('a wrong password is refused with a translated message and the form keeps what was typed', async ({
  page,
  webHost,
}) => {
  await page.goto(webHost.url)
  await page.getByTestId('login-account').fill('agent.li')
  await page.getByTestId('login-password').fill('not-the-password')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toContainText('账号或密码不正确')
  await expect(page.getByTestId('login-account')).toHaveValue('agent.li')
})
