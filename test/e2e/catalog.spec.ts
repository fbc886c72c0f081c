import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

test('the agent finds 圆顶机 by pinyin initials and adds it with Enter, then quick-orders pasted rows', async ({
  page,
  webHost,
}) => {
  sandbox = await startSandboxProcess()
  await page.goto(webHost.url)
  await signIn(page, 'sh.admin', { serverUrl: sandbox.value })
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 30_000 })
  await page.getByTestId('nav-catalog').click()
  await expect(page.getByTestId('catalog-row-0')).toBeVisible()

  // `/` focuses the search box; pinyin initials find 圆顶机; Enter adds it with its minimum.
  await page.getByTestId('catalog-view').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('/')
  await page.keyboard.type('ydj')
  await expect(page.getByTestId('catalog-row-0')).toHaveAttribute('data-sku', 'YDJ-2200')
  await expect(page.getByTestId('catalog-row-0')).toContainText('圆顶机')
  await page.keyboard.press('Enter')
  await expect(page.locator('.el-message')).toContainText('已加入购物车：圆顶机 × 1')
  // The navigation counts the cart's lines, live.
  await expect(page.getByTestId('cart-badge')).toHaveText('1')
  await page.screenshot({ path: 'test-results/catalog-search.png' })

  // Quick order: one unknown SKU, one ambiguous name, one snapped quantity.
  await page.getByTestId('quick-order-open').click()
  await page
    .getByTestId('quick-order-text')
    .fill('商品编码\t数量\nYDJ-2200\t2\nHBA2-M8030-100\t25\nNOPE-404\t1\n螺栓\t5')
  await page.getByTestId('quick-order-match').click()
  await expect(page.getByTestId('quick-order-status-3')).toHaveAttribute('data-status', 'matched')
  await expect(page.getByTestId('quick-order-quantity-3')).toHaveValue('30')
  // The quantity is edited in the table, snapped to the pack as the cart does.
  await page.getByTestId('quick-order-quantity-3').fill('45')
  await page.getByTestId('quick-order-quantity-3').press('Enter')
  await expect(page.getByTestId('quick-order-quantity-3')).toHaveValue('50')
  await expect(page.getByTestId('quick-order-row-3')).toContainText('原 45')
  await expect(page.getByTestId('quick-order-status-4')).toHaveAttribute('data-status', 'notFound')
  await expect(page.getByTestId('quick-order-status-5')).toHaveAttribute('data-status', 'ambiguous')
  // Candidates are picked in an Element Plus select (no native select anywhere).
  await expect(page.locator('select')).toHaveCount(0)
  await page.getByTestId('quick-order-pick-5').click()
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await expect(page.getByTestId('quick-order-status-5')).toHaveAttribute('data-status', 'matched')
  await page.screenshot({ path: 'test-results/catalog-quick-order.png' })
  await page.getByTestId('quick-order-add').click()
  await expect(page.locator('.el-message').filter({ hasText: '已将 3 行加入购物车' })).toBeVisible()
})
