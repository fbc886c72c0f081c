/**
 * Ordering end to end in Chromium against the sandbox, a dealer's whole day: search by pinyin initials and
 * add; paste 50 rows (one unknown SKU, one ambiguous name), resolve, add; an invalid rebate keeps
 * Submit disabled with the translated reason; fix and submit; the order is under review and the
 * deposit shows the reservation; the operator approves and ships; after sync it is delivered;
 * reorder it; then submit with the sandbox stopped: pending, sent after the restart, exactly once.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn, confirmAction } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })
test.setTimeout(180_000)

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function api<T>(serverUrl: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${serverUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      'x-operator-token': 'sandbox-operator',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.ok, `${path}: ${text.slice(0, 300)}`).toBe(true)
  return (text ? JSON.parse(text) : null) as T
}

type Feed<R> = { items: Array<{ deleted: boolean; record: R }> }

/** 48 sellable SKUs of d_sh with their minimum quantities, read from the gateway itself. */
async function sellableRows(serverUrl: string): Promise<string[]> {
  const { accessToken } = await api<{ accessToken: string }>(
    serverUrl,
    '/api/v1/auth/login',
    undefined,
    { account: 'agent.li', password: 'Demo@2026' },
  )
  const lists = await api<Feed<{ id: string; priority: number }>>(
    serverUrl,
    '/api/v1/dealers/d_sh/price-lists',
    accessToken,
  )
  const list = lists.items.map((entry) => entry.record).sort((a, b) => a.priority - b.priority)[0]!
  const items = await api<Feed<{ productId: string; minQuantity: number }>>(
    serverUrl,
    `/api/v1/dealers/d_sh/price-lists/${list.id}/items?limit=200`,
    accessToken,
  )
  const products = await api<Feed<{ id: string; sku: string; status: string }>>(
    serverUrl,
    '/api/v1/dealers/d_sh/products?limit=1000',
    accessToken,
  )
  const byId = new Map(products.items.map((entry) => [entry.record.id, entry.record]))
  return items.items
    .map((entry) => ({
      product: byId.get(entry.record.productId),
      minQuantity: entry.record.minQuantity,
    }))
    .filter((row) => row.product?.status === 'onSale' && row.product.sku !== 'YDJ-2200')
    .slice(0, 48)
    .map((row) => `${row.product!.sku}\t${row.minQuantity}`)
}

/** Every order of d_sh on the gateway (number and status), read through the Portal API. */
async function ordersOnGateway(
  serverUrl: string,
): Promise<Array<{ number: string; status: string }>> {
  const { accessToken } = await api<{ accessToken: string }>(
    serverUrl,
    '/api/v1/auth/login',
    undefined,
    { account: 'agent.li', password: 'Demo@2026' },
  )
  const feed = await api<Feed<{ number: string; status: string }>>(
    serverUrl,
    '/api/v1/dealers/d_sh/orders?limit=5000',
    accessToken,
  )
  return feed.items.filter((entry) => !entry.deleted).map((entry) => entry.record)
}

test('order from search and a pasted list, pay, follow it to delivered, reorder, and order offline exactly once', async ({
  page,
  webHost,
}) => {
  const port = await freePort()
  const dataFile = join(mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-sandbox-')), 'sandbox.sqlite')
  sandbox = await startSandboxProcess({ port, dataFile })
  const serverUrl = sandbox.value
  const pasted = await sellableRows(serverUrl)

  await page.goto(webHost.url)
  await signIn(page, 'agent.li', { serverUrl })
  if ((await page.getByTestId('dealer-switcher').count()) > 0) {
    await page.getByTestId('dealer-switcher').click()
    await page.locator('.el-select-dropdown__item').filter({ hasText: '上海' }).click()
  }
  await expect(page.getByTestId('home-dealer')).toContainText('上海')
  await expect(page.getByTestId('home-last-synced')).toContainText('已同步', { timeout: 30_000 })
  const depositDetail = await page
    .getByTestId('home-deposit')
    .locator('.home-view__detail')
    .textContent()

  // Search by pinyin initials, add with Enter.
  await page.getByTestId('nav-catalog').click()
  await expect(page.getByTestId('catalog-row-0')).toBeVisible()
  await page.getByTestId('catalog-view').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('/')
  await page.keyboard.type('ydj')
  await expect(page.getByTestId('catalog-row-0')).toHaveAttribute('data-sku', 'YDJ-2200')
  await page.keyboard.press('Enter')
  await expect(page.locator('.el-message').filter({ hasText: '圆顶机' })).toBeVisible()

  // Paste 50 rows: 48 known SKUs, one unknown SKU, one ambiguous name; resolve and add.
  await page.getByTestId('quick-order-open').click()
  await page.getByTestId('quick-order-text').fill([...pasted, 'NOPE-404\t3', '螺栓\t5'].join('\n'))
  await page.getByTestId('quick-order-match').click()
  await expect(page.getByTestId('quick-order-status-49')).toHaveAttribute('data-status', 'notFound')
  await expect(page.getByTestId('quick-order-status-50')).toHaveAttribute(
    'data-status',
    'ambiguous',
  )
  await page.getByTestId('quick-order-pick-50').click()
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await expect(page.getByTestId('quick-order-status-50')).toHaveAttribute('data-status', 'matched')
  await page.getByTestId('quick-order-add').click()
  await expect(
    page.locator('.el-message').filter({ hasText: '已将 49 行加入购物车' }),
  ).toBeVisible()
  // The unknown SKU stays in the dialog for the user to fix or drop; close it.
  await expect(page.getByTestId('quick-order-status-49')).toHaveAttribute('data-status', 'notFound')
  await page.keyboard.press('Escape')

  // Cart: an invalid rebate disables Submit with the reason in Chinese; the default split fixes it.
  await page.getByTestId('nav-cart').click()
  await expect(page.getByTestId('cart-count')).toContainText('50')
  await page.getByTestId('payment-rebate').fill('99999999.00')
  await expect(page.getByTestId('payment-reason')).toContainText('返利')
  await expect(page.getByTestId('cart-submit')).toBeDisabled()
  await page.getByTestId('payment-default').click()
  await expect(page.getByTestId('cart-submit')).toBeEnabled()
  const total = ((await page.getByTestId('payment-total').textContent()) ?? '')
    .replace(/^[^¥]*/, '')
    .trim()
  await page.getByTestId('cart-submit').dblclick()
  // Confirmed once, with the total and the payment split (the second click waits on the first).
  const asked = await confirmAction(page)
  expect(asked).toContain('提交订单？')
  expect(asked).toContain(total)
  expect(asked).toMatch(/预存款|返利|信用/)
  await expect(page.getByTestId('cart-result')).toContainText('SO', { timeout: 30_000 })
  await expect(page.getByTestId('cart-result-order')).toBeVisible()
  const number = /SO\d{8}-\d{4}/.exec(
    (await page.getByTestId('cart-result').textContent()) ?? '',
  )![0]
  // Double-clicking Submit made one order.
  expect(
    (await ordersOnGateway(serverUrl))
      .filter((order) => order.number === number)
      .map(({ status }) => status),
  ).toEqual(['under_review'])

  // The order is under review; the deposit shows the reservation.
  await page.getByTestId('nav-orders').click()
  await expect(page.getByTestId(`order-row-${number}`).getByTestId('order-status')).toHaveText(
    '审核中',
  )
  await page.getByTestId('nav-home').click()
  await expect(page.getByTestId('home-deposit').locator('.home-view__detail')).not.toHaveText(
    depositDetail ?? '',
  )

  // The manufacturer approves and ships everything; after a sync the order is delivered.
  await api(serverUrl, `/sandbox/orders/${number}/approve`, undefined, {})
  await api(serverUrl, `/sandbox/orders/${number}/ship`, undefined, {})
  await page.getByTestId('sync-now').click()
  await page.getByTestId('nav-orders').click()
  await expect(page.getByTestId(`order-row-${number}`).getByTestId('order-status')).toHaveText(
    '已发货',
    { timeout: 30_000 },
  )

  // Reorder it: the lines go back into the cart at today's prices.
  await page.getByTestId(`order-row-${number}`).click()
  await expect(page.getByTestId('order-detail')).toBeVisible()
  await page.getByTestId('order-reorder').click()
  await expect(page.getByTestId('reorder-added')).toContainText('加入购物车')
  await page.getByTestId('reorder-open-cart').click()
  await expect(page.getByTestId('cart-count')).toContainText('50')

  // The gateway goes away: the submit is kept as pending, then sent once after it comes back.
  const countBefore = (await ordersOnGateway(serverUrl)).length
  await sandbox.stop()
  sandbox = undefined
  await page.getByTestId('cart-submit').click()
  await confirmAction(page)
  await expect(page.getByTestId('cart-result')).toContainText('联网', { timeout: 30_000 })
  await page.getByTestId('nav-outbox').click()
  // Offline: it waits for the connection (not "sending").
  await expect(page.getByTestId('outbox-status-waiting')).toHaveText('等待联网')
  sandbox = await startSandboxProcess({ port, dataFile })
  expect(sandbox.value).toBe(serverUrl)
  await page.getByTestId('sync-now').click()
  await expect
    .poll(async () => (await ordersOnGateway(serverUrl)).length, { timeout: 60_000 })
    .toBeGreaterThan(countBefore)
  // Once accepted, a toast says so and leads to the order.
  await expect(
    page.locator('.el-notification').filter({ hasText: '待发送的订单已被接受' }),
  ).toBeVisible({ timeout: 60_000 })
  await page.getByTestId('toast-accepted-link').click()
  await expect(page.getByTestId('order-detail')).toBeVisible()
  await page.getByTestId('nav-outbox').click()
  await expect(page.getByTestId('outbox-status-pending')).toHaveCount(0)
  await expect(page.getByTestId('outbox-status-waiting')).toHaveCount(0)
  await expect(page.getByTestId('outbox-status-sending')).toHaveCount(0)
  // Sent items leave the outbox.
  await expect(page.getByTestId('outbox-table')).toHaveCount(0)
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('offline-indicator')).toHaveCount(0)
  // Exactly once: the outbox is empty of work and the gateway has one more order, not two.
  expect((await ordersOnGateway(serverUrl)).length).toBe(countBefore + 1)
  await page.getByTestId('nav-orders').click()
  await expect(
    page
      .locator('[data-testid^="order-row-SO"]')
      .filter({ has: page.locator('[data-status="under_review"]') })
      .first(),
  ).toBeVisible()
})
