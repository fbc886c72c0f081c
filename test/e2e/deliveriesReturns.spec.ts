/**
 * Deliveries and returns in Chromium: sh.admin confirms a delivery with one
 * line short and sees the discrepancy; a return above returnable is refused in the form; a valid
 * return is submitted; the operator approves, receives and refunds it; after "Sync now" the return
 * shows refunded with its refund split and the deposit on Home changed.
 */
import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import type { Page } from '@playwright/test'
import { test, expect, signIn, confirmAction } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function operator(serverUrl: string, path: string, body: unknown = {}): Promise<void> {
  const response = await fetch(`${serverUrl}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': 'sandbox-operator' },
    body: JSON.stringify(body),
  })
  expect(response.ok, await response.text()).toBe(true)
}

/** Signs in as sh.admin; an order under review is approved and shipped upstream, then synced. */
async function shipAnOrder(page: Page, serverUrl: string, trackingNumber: string): Promise<string> {
  await signIn(page, 'sh.admin', { serverUrl })
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 30_000 })
  await page.getByTestId('nav-orders').click()
  const underReview = page
    .locator('[data-testid^="order-row-SO"]')
    .filter({ has: page.locator('[data-status="under_review"]') })
  await expect(underReview.first()).toBeVisible()
  const orderNumber = (await underReview.first().getAttribute('data-testid'))!.replace(
    'order-row-',
    '',
  )
  await operator(serverUrl, `/orders/${orderNumber}/approve`)
  await operator(serverUrl, `/orders/${orderNumber}/ship`, { carrier: '顺丰速运', trackingNumber })
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId(`order-row-${orderNumber}`).getByTestId('order-status')).toHaveText(
    '已发货',
    { timeout: 30_000 },
  )
  return orderNumber
}

test('deliveries and returns: receipt one short, return refused then submitted, refunded after sync', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  sandbox = await startSandboxProcess()
  const serverUrl = sandbox.value
  await page.goto(webHost.url)
  // An order approved and shipped upstream, then synced.
  const orderNumber = await shipAnOrder(page, serverUrl, 'SF1234567890')

  // Confirm receipt with the first line one short.
  await page.getByTestId('nav-deliveries').click()
  await page.getByTestId('deliveries-filter-text').fill(orderNumber)
  const row = page.locator('[data-testid^="delivery-row-"]').first()
  await expect(row).toContainText('SF1234567890')
  await row.click()
  await page.getByTestId('delivery-confirm').click()
  const firstLine = page.locator('[data-testid^="receipt-line-"]').first()
  const sku = (await firstLine.getAttribute('data-testid'))!.replace('receipt-line-', '')
  const quantityInput = page.getByTestId(`receipt-quantity-${sku}`)
  const shipped = Number(await quantityInput.inputValue())
  await quantityInput.fill('abc')
  await expect(page.getByTestId('receipt-quantity-error')).toHaveText(
    `请输入 0 到 ${shipped} 之间的整数。`,
  )
  await quantityInput.fill(String(shipped - 1))
  await page.getByTestId('receipt-remark').fill('外箱破损，少一件')
  await expect(page.getByTestId('receipt-summary')).toContainText('短收 1 行')
  await page.getByTestId(`receipt-reason-${sku}`).fill('运输破损')
  await page.getByTestId('receipt-submit').click()
  // A short receipt is confirmed first, with what is missing and why.
  const asked = await confirmAction(page)
  expect(asked).toContain('确认短收？')
  expect(asked).toContain(`${sku}：发货 ${shipped}，实收 ${shipped - 1}，少 1 · 运输破损`)
  await expect(page.getByTestId('delivery-status')).toHaveText('已收货', { timeout: 30_000 })
  await expect(page.getByTestId(`delivery-discrepancy-${sku}`)).toHaveText('短少 1')
  await expect(page.getByTestId(`delivery-received-${sku}`)).toHaveText(String(shipped - 1))

  // Return goods from the order: more than returnable is refused at the field.
  await page.getByTestId('delivery-order').click()
  // The order shows the shortage too, as the delivery does.
  await expect(page.getByTestId(`order-line-short-${sku}`)).toHaveText('1')
  await page.getByTestId('order-return').click()
  const returnLine = page.locator('[data-testid^="return-line-"]').first()
  await expect(returnLine).toBeVisible()
  const returnSku = (await returnLine.getAttribute('data-testid'))!.replace('return-line-', '')
  const returnable = Number(await returnLine.getByTestId('return-returnable').textContent())
  expect(returnable).toBeGreaterThan(0)
  await page.getByTestId(`return-quantity-${returnSku}`).fill(String(returnable + 1))
  await expect(returnLine.getByTestId('return-quantity-error')).toContainText(String(returnable))
  await page.getByTestId('return-submit').click()
  await expect(page.getByTestId('return-form')).toBeVisible()

  // A valid return.
  await page.getByTestId(`return-quantity-${returnSku}`).fill('1')
  await expect(returnLine.getByTestId('return-quantity-error')).toHaveCount(0)
  await page.getByTestId('return-reason').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '质量问题' }).click()
  await page.getByTestId('return-submit').click()
  const askedReturn = await confirmAction(page)
  expect(askedReturn).toContain('提交退货单？')
  expect(askedReturn).toContain(`${returnSku} × 1`)
  expect(askedReturn).toContain('质量问题')
  await expect(page.getByTestId('return-detail')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('return-status')).toHaveText('审核中')
  const returnNumber = ((await page.getByTestId('return-number').textContent()) ?? '')
    .replace('退货单', '')
    .trim()
  expect(returnNumber).not.toBe('')

  // Deposit before the refund; the operator approves, receives and refunds.
  await page.getByTestId('nav-home').click()
  const deposit = page.getByTestId('home-deposit')
  await expect(deposit).toBeVisible()
  const before = await deposit.textContent()
  for (const step of ['approve', 'receive', 'refund'])
    await operator(serverUrl, `/returns/${returnNumber}/${step}`)
  await page.getByTestId('sync-now').click()
  await expect(deposit).not.toHaveText(before ?? '', { timeout: 30_000 })
  // A toast says the return was refunded; clicking it opens the return.
  const refunded = page.locator('.el-notification').filter({ hasText: `${returnNumber} 已退款` })
  await expect(refunded).toBeVisible({ timeout: 30_000 })
  await refunded.getByTestId('toast-return-link').click()
  await expect(page.getByTestId('return-detail')).toBeVisible()
  await expect(page.getByTestId('return-status')).toHaveText('已退款')

  await page.getByTestId('nav-returns').click()
  await page.getByTestId(`return-row-${returnNumber}`).click()
  await expect(page.getByTestId('return-status')).toHaveText('已退款')
  await expect(page.getByTestId('return-refund')).toBeVisible()
  await expect(page.getByTestId('return-refund-deposit')).not.toHaveText('¥0.00')
  await expect(page.getByTestId('return-history')).toContainText('已批准')

  // The transaction flow shows the refund, linked to the return.
  await page.getByTestId('nav-account').click()
  const refundRow = page
    .locator('[data-testid^="flow-row-"]')
    .filter({ hasText: returnNumber })
    .filter({ hasText: '退款' })
  await expect(refundRow.first()).toBeVisible({ timeout: 30_000 })
})

/** The gateway's API as another user of the same dealer (a colleague on another computer). */
async function asColleague(
  serverUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const login = await fetch(`${serverUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'sh.admin', password: 'Demo@2026' }),
  })
  const { accessToken } = (await login.json()) as { accessToken: string }
  const response = await fetch(`${serverUrl}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      'idempotency-key': `colleague-${Date.now()}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await response.text()
  expect(response.ok, text).toBe(true)
  return JSON.parse(text)
}

test('a return refused upstream is corrected from the outbox and goes through', async ({
  page,
  webHost,
}) => {
  test.setTimeout(120_000)
  sandbox = await startSandboxProcess()
  const serverUrl = sandbox.value
  await page.goto(webHost.url)
  // An order shipped upstream and synced.
  const orderNumber = await shipAnOrder(page, serverUrl, 'SF5550001')
  await page.getByTestId(`order-row-${orderNumber}`).click()
  await expect(page.getByTestId('order-return')).toBeVisible()
  const orderId = decodeURIComponent(page.url().split('#/orders/')[1]!)
  await page.getByTestId('order-return').click()

  // A line with at least 2 to return; a colleague returns 1 of it upstream, this cache does not know.
  await expect(page.locator('[data-testid^="return-line-"]').first()).toBeVisible()
  const order = (await asColleague(serverUrl, 'GET', `/dealers/d_sh/orders/${orderId}`)) as {
    lines: { lineId: string; sku: string; deliveredQuantity: number }[]
  }
  const line = order.lines.find((candidate) => candidate.deliveredQuantity >= 2)
  expect(line, 'a delivered line of at least 2').toBeDefined()
  await asColleague(serverUrl, 'POST', '/dealers/d_sh/returns', {
    lines: [{ orderId, orderLineId: line!.lineId, quantity: 1 }],
    reason: 'quality',
  })

  const returnable = Number(
    await page
      .getByTestId(`return-line-${line!.sku}`)
      .getByTestId('return-returnable')
      .textContent(),
  )
  await page.getByTestId(`return-quantity-${line!.sku}`).fill(String(returnable))
  await page.getByTestId('return-reason').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '质量问题' }).click()
  await page.getByTestId('return-remark').fill('请上门取件')
  await page.getByTestId('return-submit').click()
  await confirmAction(page)
  await expect(page.getByTestId('outbox-badge')).toBeVisible({ timeout: 30_000 })

  // The outbox shows the refusal; Edit reopens the form on it, with the reason why.
  await page.getByTestId('nav-outbox').click()
  const edit = page.locator('[data-testid^="outbox-edit-"]')
  await expect(edit).toHaveCount(1)
  await edit.click()
  await expect(page.getByTestId('return-draft-refusal')).toContainText('上次提交被拒绝')
  const quantity = page.getByTestId(`return-quantity-${line!.sku}`)
  await expect(quantity).toHaveValue(String(returnable))
  await expect(page.getByTestId('return-remark')).toHaveValue('请上门取件')
  await quantity.fill(String(returnable - 1))
  await page.getByTestId('return-submit').click()
  await confirmAction(page)
  await expect(page.getByTestId('return-detail')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('return-status')).toHaveText('审核中')
  await expect(page.getByTestId('outbox-badge')).toHaveCount(0)
})
