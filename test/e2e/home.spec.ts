import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { loadExcel } from '../../electron/services/export/spreadsheet'
import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

/** Console errors and CSP violations: ECharts must draw under the renderer's strict CSP. */
function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

async function openHome(page: Page, account: string, serverUrl: string): Promise<void> {
  await signIn(page, account, { serverUrl })
  await expect(page.getByTestId('home-last-synced')).toContainText('已同步', { timeout: 30_000 })
  await expect(page.getByTestId('home-view')).toHaveAttribute('data-charts-ready', 'true', {
    timeout: 30_000,
  })
}

const firstSection = (page: Page) => page.locator('[data-testid^="home-section-"]').first()

test('home: the accountant sees balances and statements first, charts drawn on canvas, each with its table and XLSX', async ({
  page,
  webHost,
}) => {
  const errors = watchErrors(page)
  sandbox = await startSandboxProcess()
  await page.goto(webHost.url)
  await openHome(page, 'cd.accountant', sandbox.value)

  await expect(firstSection(page)).toHaveAttribute('data-testid', 'home-section-balances')
  await expect(page.locator('[data-testid^="home-section-"]').nth(1)).toHaveAttribute(
    'data-testid',
    'home-section-statements',
  )
  await expect(page.locator('.home-chart').first()).toHaveAttribute(
    'data-testid',
    'home-chart-balanceByMonth',
  )

  // Drawn by ECharts' canvas renderer, with a ¥ tooltip on hover.
  const canvas = page.getByTestId('home-chart-purchasesByMonth-canvas').locator('canvas').first()
  await expect(canvas).toBeVisible()
  await canvas.scrollIntoViewIfNeeded()
  const box = (await canvas.boundingBox())!
  expect(box.width).toBeGreaterThan(100)
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2)
  await expect(page.getByTestId('home-chart-purchasesByMonth')).toContainText('¥', {
    timeout: 10_000,
  })

  // The balance chart's numbers one click away.
  await page.getByTestId('home-chart-balanceByMonth-toggle').click()
  const table = page.getByTestId('home-chart-balanceByMonth-table')
  await expect(table).toBeVisible()
  await expect(table).toContainText('预存款')
  await expect(table.locator('tbody tr')).toHaveCount(12)
  await expect(table.locator('tbody tr').last()).toContainText('¥')

  const download = page.waitForEvent('download')
  await page.getByTestId('home-chart-purchasesByMonth-export').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^月度采购额_\d{8}-\d{4}\.xlsx$/)
  const workbook = new (await loadExcel()).Workbook()
  await workbook.xlsx.load((await readFile((await file.path())!)) as never)
  const sheet = workbook.worksheets[0]!
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['月份', '订单数', '金额（元）'])
  expect(sheet.rowCount).toBe(13)

  await page.getByTestId('home-open-statements').click()
  await expect(page).toHaveURL(/#\/account\?tab=statement/)
  await expect(page.getByTestId('account-tab-statement')).toBeVisible()
  expect(errors).toEqual([])
})

test('home: the orderer sees the to-do list first and opens an item; a chart shows its table', async ({
  page,
  webHost,
}) => {
  const errors = watchErrors(page)
  sandbox = await startSandboxProcess()
  await page.goto(webHost.url)
  await openHome(page, 'agent.li', sandbox.value)

  await expect(firstSection(page)).toHaveAttribute('data-testid', 'home-section-todo')
  await expect(page.locator('[data-testid^="home-section-"]').nth(1)).toHaveAttribute(
    'data-testid',
    'home-section-recentOrders',
  )
  await expect(page.getByTestId('home-section-statements')).toHaveCount(0)
  await expect(page.getByTestId('home-chart-balanceByMonth')).toHaveCount(0)

  await page.getByTestId('home-chart-topProducts-toggle').click()
  const table = page.getByTestId('home-chart-topProducts-table')
  await expect(table.locator('tbody tr').first()).toContainText('¥')
  const rows = await table.locator('tbody tr').count()
  expect(rows).toBeGreaterThan(0)
  expect(rows).toBeLessThanOrEqual(10)

  const item = page
    .locator(
      '[data-testid="home-todo-delivery.toConfirm"], [data-testid="home-todo-order.underReview"]',
    )
    .first()
  await expect(item).toBeVisible()
  const kind = await item.getAttribute('data-testid')
  await item.click()
  await expect(page).toHaveURL(
    kind === 'home-todo-delivery.toConfirm' ? /#\/deliveries\/[^/]+$/ : /#\/orders\/[^/]+$/,
  )
  expect(errors).toEqual([])
})
