/**
 * Orders approved inside the dealer, in Chromium over a sandbox gateway process, with the agent
 * and the admin each on a computer of their own (two web hosts): the admin sets the rule (¥1),
 * the agent's orders above it are held (one made in the cart, two more through the Portal API);
 * the admin sees them in the queue with a badge, approves one (submitted upstream), declines one
 * with a reason, approves the last one offline (it waits in the outbox, then is sent when the
 * gateway is back) and changes the rule offline (read from the cache, the change waits in the
 * outbox too); the admin is told when a sync brings new held orders; the agent's next sync tells
 * them, they see the reason and edit the declined order back into the cart.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import {
  freePort,
  SANDBOX_OPERATOR_TOKEN,
  startSandboxProcess,
  type ReadyProcess,
} from './fixtures/processes'
import {
  test,
  expect,
  signIn,
  confirmAction,
  startWebHostProcess,
  type RunningWebHost,
} from './fixtures/webHost'

test.use({ locale: 'zh-CN' })
test.setTimeout(240_000)

let sandbox: ReadyProcess | undefined
let adminHost: RunningWebHost | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
  await adminHost?.stop()
  adminHost = undefined
})

async function chooseShanghai(page: Page): Promise<void> {
  if ((await page.getByTestId('dealer-switcher').count()) > 0) {
    await page.getByTestId('dealer-switcher').click()
    await page.locator('.el-select-dropdown__item').filter({ hasText: '上海' }).click()
  }
  await expect(page.getByTestId('home-dealer')).toContainText('上海')
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON answers of the Portal API
async function json(response: Response): Promise<any> {
  const text = await response.text()
  expect(response.ok, text).toBe(true)
  return JSON.parse(text)
}

/** One more order by agent.li through the Portal API (as another computer of the agent would). */
async function placeOrderByApi(serverUrl: string, quantity: number): Promise<string> {
  const api = `${serverUrl}/api/v1`
  const login = await json(
    await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'agent.li', password: 'Demo@2026' }),
    }),
  )
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${login.accessToken}`,
  }
  const lines = [{ productId: 'P000003', quantity }]
  const quote = await json(
    await fetch(`${api}/dealers/d_sh/orders/quote`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ lines }),
    }),
  )
  const order = await json(
    await fetch(`${api}/dealers/d_sh/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `e2e-approval-${Date.now()}-${quantity}` },
      body: JSON.stringify({
        lines,
        addressId: 'adr_sh_1',
        payment: { deposit: quote.total, rebate: 0, credit: 0 },
      }),
    }),
  )
  expect(order.status).toBe('awaiting_approval')
  return order.number as string
}

test('orders above the rule wait for the admin: approved, declined with a reason, approved offline', async ({
  page,
  browser,
  webHost,
}) => {
  const port = await freePort()
  const dataFile = join(mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-approval-')), 'sandbox.sqlite')
  sandbox = await startSandboxProcess({ port, dataFile })
  const serverUrl = sandbox.value
  // Enough deposit for what the admin approves.
  const topUp = await fetch(`${serverUrl}/sandbox/dealers/d_sh/top-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': SANDBOX_OPERATOR_TOKEN },
    body: JSON.stringify({ amount: 50_000_000 }),
  })
  expect(topUp.ok, await topUp.text()).toBe(true)

  // The admin's computer: every order above ¥1 is held.
  adminHost = await startWebHostProcess(mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-admin-')))
  const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
  await admin.goto(adminHost.url)
  await signIn(admin, 'sh.admin', { serverUrl })
  await admin.getByTestId('nav-approvals').click()
  await expect(admin.getByTestId('approvals-view')).toBeVisible()
  await admin.getByTestId('approval-rule-amount-enabled').click()
  await admin.getByTestId('approval-rule-amount').fill('1')
  await admin.getByTestId('approval-rule-save').click()
  await expect(admin.locator('.el-message').filter({ hasText: '审批规则已保存' })).toBeVisible()
  await expect(admin.getByTestId('approval-rule-amount')).toHaveValue('1.00')

  // The agent's computer: an order made in the app is held.
  await page.goto(webHost.url)
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
  await page.getByTestId('nav-cart').click()
  await page.getByTestId('cart-submit').click()
  await confirmAction(page)
  await expect(page.getByTestId('cart-result')).toContainText('等待本公司管理员审批', {
    timeout: 30_000,
  })
  await page.getByTestId('cart-result-order').click()
  await expect(page.getByTestId('order-status')).toHaveText('待内部审批')
  await expect(page.getByTestId('order-approval-awaiting')).toContainText('不占用资金')
  await expect(page.getByTestId('approval-approve')).toHaveCount(0)
  const first = ((await page.getByTestId('order-number').textContent()) ?? '').match(/SO\S+/)![0]

  // Two more, from elsewhere; the agent's app syncs them.
  const second = await placeOrderByApi(serverUrl, 2)
  const third = await placeOrderByApi(serverUrl, 3)
  await page.getByTestId('sync-now').click()
  await page.getByTestId('nav-orders').click()
  for (const number of [first, second, third])
    await expect(page.getByTestId(`order-row-${number}`).getByTestId('order-status')).toHaveText(
      '待内部审批',
      { timeout: 30_000 },
    )
  await expect(page.getByTestId('nav-approvals')).toHaveCount(0)

  // The admin: a badge, the queue; approve one, decline one with a reason.
  await admin.getByTestId('sync-now').click()
  await expect(admin.getByTestId('approvals-badge')).toHaveText('3', { timeout: 30_000 })
  // The sync that brought them says so, with a link to the queue.
  const arrived = admin.locator('.el-notification').filter({ hasText: '有 3 张新订单待您审批' })
  await expect(arrived).toBeVisible({ timeout: 30_000 })
  await arrived.getByTestId('toast-approvals-link').click()
  await expect(admin.getByTestId('approvals-view')).toBeVisible()
  const row = (number: string) =>
    admin.locator('.el-table__row').filter({ has: admin.getByText(number, { exact: true }) })
  await expect(row(first)).toContainText('超过 ¥1.00')
  await row(first).getByTestId('approval-approve').click()
  await expect(
    admin.locator('.el-message').filter({ hasText: `订单 ${first} 已审批通过并提交厂商` }),
  ).toBeVisible({ timeout: 30_000 })
  await expect(row(first)).toHaveCount(0)
  await row(second).getByTestId('approval-decline').click()
  await admin.getByTestId('approval-decline-reason').fill('超出本月预算')
  await admin.getByTestId('approval-decline-confirm').click()
  await expect(
    admin.locator('.el-message').filter({ hasText: `订单 ${second} 已驳回` }),
  ).toBeVisible({ timeout: 30_000 })
  await expect(admin.getByTestId('approvals-badge')).toHaveText('1')

  // Offline, the approval waits in the outbox; when the gateway is back it is sent.
  await sandbox.stop()
  sandbox = undefined
  await row(third).getByTestId('approval-approve').click()
  await expect(
    admin.locator('.el-message').filter({ hasText: '已保存，将在连上服务器后发送' }),
  ).toBeVisible({ timeout: 30_000 })
  await expect(row(third).getByTestId('approval-waiting')).toHaveText('审批通过待发送')
  // The rule is read from the cache offline, and a change to it waits in the outbox too.
  await admin.getByTestId('approval-rule-amount').fill('2')
  await admin.getByTestId('approval-rule-save').click()
  await expect(
    admin.locator('.el-message').filter({ hasText: '已保存：连接服务器后审批规则即生效' }),
  ).toBeVisible({ timeout: 30_000 })
  await expect(admin.getByTestId('approval-rule-waiting')).toBeVisible()
  await expect(admin.getByTestId('approval-rule-cached')).toContainText('当前离线')
  await admin.getByTestId('nav-outbox').click()
  await expect(admin.getByTestId('outbox-table')).toContainText('审批通过订单')
  await expect(admin.getByTestId('outbox-table')).toContainText('审批规则')
  sandbox = await startSandboxProcess({ port, dataFile })
  await admin.getByTestId('sync-now').click()
  await expect(admin.getByTestId('outbox-table')).toHaveCount(0, { timeout: 60_000 })
  await admin.getByTestId('nav-approvals').click()
  await expect(admin.getByTestId('approvals-queue')).toContainText('没有待您审批的订单')
  await expect(admin.getByTestId('approvals-badge')).toHaveCount(0)
  await expect(admin.getByTestId('approval-rule-amount')).toHaveValue('2.00')
  await expect(admin.getByTestId('approval-rule-waiting')).toHaveCount(0)
  await expect(admin.getByTestId('approval-rule-cached')).toHaveCount(0)
  await admin.getByTestId('nav-orders').click()
  await expect(admin.getByTestId(`order-row-${third}`).getByTestId('order-status')).toHaveText(
    '审核中',
  )

  // The agent's next sync tells them; they see why one was declined and edit it into the cart.
  await page.getByTestId('sync-now').click()
  const notices = page.locator('.el-notification')
  await expect(notices.filter({ hasText: `订单 ${second} 未通过本公司管理员审批` })).toBeVisible({
    timeout: 60_000,
  })
  await expect(
    notices.filter({ hasText: `订单 ${first} 已通过本公司管理员审批，已提交厂商` }),
  ).toBeVisible()
  await expect(page.getByTestId(`order-row-${first}`).getByTestId('order-status')).toHaveText(
    '审核中',
  )
  await page.getByTestId(`order-row-${second}`).click()
  await expect(page.getByTestId('order-status')).toHaveText('审批未通过')
  await expect(page.getByTestId('order-decline-reason')).toContainText('王芳')
  await expect(page.getByTestId('order-decline-reason')).toContainText('超出本月预算')
  await page.getByTestId('order-edit-in-cart').click()
  await expect(page.getByTestId('cart-lines')).toBeVisible()
  await expect(page.getByTestId('cart-quantity-P000003')).toBeVisible()
})
