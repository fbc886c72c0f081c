import { readFile } from 'node:fs/promises'
import { loadExcel } from '../../electron/services/export/spreadsheet'
import { startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

/** `¥1,234.56` / `-¥40.00` → fen. */
function fenOf(text: string): number {
  const negative = text.trim().startsWith('-')
  const fen = Math.round(Number(text.replace(/[^\d.]/g, '')) * 100)
  return negative ? -fen : fen
}

test('account: the accountant reconciles last month and exports the statement as XLSX', async ({
  page,
  webHost,
}) => {
  sandbox = await startSandboxProcess()
  await page.goto(webHost.url)
  await signIn(page, 'cd.accountant', { serverUrl: sandbox.value })
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 30_000 })
  await page.getByTestId('nav-account').click()

  await expect(page.getByTestId('account-balances')).toBeVisible()
  await expect(page.getByTestId('rebate-rule')).not.toBeEmpty()
  await expect(page.locator('[data-testid^="flow-row-"]').first()).toBeVisible()

  await page.getByRole('tab', { name: '对账单' }).click()
  await page.getByTestId('statement-period-lastMonth').click()
  const deposit = page.getByTestId('statement-deposit')
  await expect(page.getByTestId('statement-cross-matches')).toBeVisible()
  for (const accountType of ['deposit', 'rebate', 'credit']) {
    await expect(
      page.getByTestId(`statement-${accountType}`).getByTestId('statement-reconciled'),
    ).toBeVisible()
  }
  await expect(page.getByTestId('statement-mismatch')).toHaveCount(0)
  const opening = fenOf(await deposit.getByTestId('statement-opening').innerText())
  const totalIn = fenOf(await deposit.getByTestId('statement-total-in').innerText())
  const totalOut = fenOf(await deposit.getByTestId('statement-total-out').innerText())
  const closing = fenOf(await deposit.getByTestId('statement-closing').innerText())
  expect(opening + totalIn + totalOut).toBe(closing)

  const download = page.waitForEvent('download')
  await page.getByTestId('statement-export-xlsx').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^对账单_\d{8}-\d{4}\.xlsx$/)
  const workbook = new (await loadExcel()).Workbook()
  await workbook.xlsx.load((await readFile((await file.path())!)) as never)
  const sheet = workbook.worksheets[0]!
  expect(sheet.getRow(1).getCell(1).value).toBe('账户')
  const closingRow = sheet
    .getRows(2, sheet.rowCount - 1)!
    .find((row) => row.getCell(1).value === '预存款' && row.getCell(3).value === '期末余额')
  expect(closingRow?.getCell(6).value).toBe(closing / 100)
})
