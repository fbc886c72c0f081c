import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function operator(serverUrl: string, path: string): Promise<void> {
  const response = await fetch(`${serverUrl}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': 'sandbox-operator' },
    body: '{}',
  })
  expect(response.ok, await response.text()).toBe(true)
}

test('orders: list, status toast after a sync, cancel with confirmation, reorder, CSV export', async ({
  page,
  webHost,
}) => {
  sandbox = await startSandboxProcess()
  const serverUrl = sandbox.value
  await page.goto(webHost.url)
  await signIn(page, 'sh.admin', { serverUrl })
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 30_000 })
  await page.getByTestId('nav-orders').click()

  const underReview = page
    .locator('[data-testid^="order-row-SO"]')
    .filter({ has: page.locator('[data-status="under_review"]') })
  await expect(underReview.first()).toBeVisible()
  const numbers = await underReview.evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-testid')!.replace('order-row-', '')),
  )
  expect(numbers.length).toBeGreaterThanOrEqual(2)
  const [toApprove, toCancel] = numbers as [string, string]

  // Approved upstream; the next sync raises an in-app toast in the browser.
  await operator(serverUrl, `/orders/${toApprove}/approve`)
  await page.getByTestId('sync-now').click()
  await expect(page.locator('.el-notification')).toContainText(`订单 ${toApprove} 已确认`)
  await expect(page.getByTestId(`order-row-${toApprove}`).getByTestId('order-status')).toHaveText(
    '已确认',
  )

  // Cancel the other one after confirming.
  await page.getByTestId(`order-row-${toCancel}`).click()
  const detail = page.getByTestId('order-detail')
  await expect(detail.getByTestId('order-number')).toContainText(toCancel)
  await expect(detail.getByTestId('order-status')).toHaveText('审核中')
  await page.getByTestId('order-cancel').click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(detail.getByTestId('order-status')).toHaveText('已撤销')
  await expect(page.getByTestId('order-cancel')).toHaveCount(0)

  // Reorder it: what went to the cart, then the cart.
  await page.getByTestId('order-reorder').click()
  await expect(page.getByTestId('reorder-result')).toBeVisible()
  await expect(page.getByTestId('reorder-added')).toContainText('加入购物车')

  // Back to the list and export it.
  await page.getByTestId('reorder-close').click()
  await page.getByTestId('order-back').click()
  const download = page.waitForEvent('download')
  await page.getByTestId('orders-export-csv').click()
  expect((await download).suggestedFilename()).toMatch(/^订单_\d{8}-\d{4}\.csv$/)
})
