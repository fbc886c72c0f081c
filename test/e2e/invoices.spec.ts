import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn, confirmAction } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function operator(serverUrl: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${serverUrl}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': 'sandbox-operator' },
    body: JSON.stringify(body),
  })
  expect(response.ok, await response.text()).toBe(true)
}

test('invoices: the accountant sees no cart; a wrong taxpayer ID is refused, a correct request is issued upstream', async ({
  page,
  webHost,
}) => {
  sandbox = await startSandboxProcess()
  const serverUrl = sandbox.value
  await page.goto(webHost.url)
  await signIn(page, 'cd.accountant', { serverUrl })
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 30_000 })

  // Role-aware navigation: no cart for an accountant, and typing its address leads Home.
  await expect(page.getByTestId('nav-invoices')).toBeVisible()
  await expect(page.getByTestId('nav-cart')).toHaveCount(0)
  await page.goto(`${webHost.url.replace(/#.*$/, '')}#/cart`)
  await expect(page).not.toHaveURL(/#\/cart/)

  await page.getByTestId('nav-invoices').click()
  await page.getByTestId('invoice-new').click()
  await page.locator('[data-testid^="invoiceable-order-check-"]').first().click()
  await expect(page.getByTestId('invoice-amount')).not.toHaveValue('')
  await page.getByTestId('invoice-profile-mode-new').click()
  await page.getByTestId('invoice-profile-title').fill('成都蓉泰建材五金经营部')

  // One wrong character: the translated checksum message names position 18 and the right character.
  await page.getByTestId('invoice-profile-taxpayerId').fill('91350100M000100Y4X')
  const error = page.getByTestId('invoice-profile-error-taxpayerId')
  await expect(error).toContainText('第 18 位')
  await expect(error).toContainText('应为“3”，实际为“X”')
  await page.getByTestId('invoice-submit').click()
  await expect(page.getByTestId('invoice-form')).toBeVisible()

  await page.getByTestId('invoice-profile-taxpayerId').fill('91350100M000100Y43')
  await expect(error).toHaveCount(0)
  await page.getByTestId('invoice-submit').click()
  const asked = await confirmAction(page)
  expect(asked).toContain('提交开票申请？')
  expect(asked).toContain('成都蓉泰建材五金经营部')
  expect(asked).toMatch(/¥[\d,]+\.\d{2}/)
  await expect(page.getByTestId('invoices-view')).toBeVisible({ timeout: 30_000 })
  const newest = page.locator('[data-testid^="invoice-row-IV"]').first()
  await expect(newest).toBeVisible()
  const number = (await newest.textContent())!.trim()
  expect(number).toMatch(/^IV/)

  // The operator issues it upstream; after "Sync now" it shows as issued with its number.
  await operator(serverUrl, `/invoice-requests/${number}/issue`, { invoiceNumber: '04420001' })
  await page.getByTestId('sync-now').click()
  // A toast says it was issued, and leads to it.
  const issued = page.locator('.el-notification').filter({ hasText: `开票申请 ${number} 已开票` })
  await expect(issued).toBeVisible({ timeout: 30_000 })
  await issued.getByTestId('toast-invoice-link').click()
  const detail = page.getByTestId('invoice-detail')
  await expect(detail.getByTestId('invoice-number')).toHaveText(number)
  await expect(detail.getByTestId('invoice-status')).toHaveText('已开票', { timeout: 15_000 })
  await expect(detail.getByTestId('invoice-issued-number')).toHaveText('04420001')
})
