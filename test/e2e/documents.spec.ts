/**
 * Documents in Chromium, web host + built-in sandbox as sh.admin on d_sh:
 * Save as PDF from a delivery's detail downloads a PDF whose text (pdftotext) has the delivery
 * number and the first product's name; batch print (save mode) of 20 ticked deliveries shows
 * progress, completes, and the merged PDF has all 20 delivery numbers.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Download, Page } from '@playwright/test'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })

const BATCH_SIZE = 20

/** The PDF's text; -raw keeps the lines of a wrapped table cell together. */
async function pdfText(download: Download): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'dd-e2e-pdf-')), 'document.pdf')
  await download.saveAs(file)
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' })
}

/** Ticks the first `count` deliveries of the virtual list, scrolling it as needed; their numbers. */
async function tickDeliveries(page: Page, count: number): Promise<string[]> {
  const ticked: string[] = []
  for (let round = 0; round < 50 && ticked.length < count; round++) {
    const rows = page.locator('[data-testid^="delivery-row-"]')
    for (const testId of await rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-testid') ?? ''),
    )) {
      const number = testId.replace('delivery-row-', '')
      if (ticked.includes(number) || ticked.length >= count) continue
      await page.getByTestId(`delivery-select-${number}`).click()
      ticked.push(number)
    }
    await page.getByTestId('deliveries-list').evaluate((element) => element.scrollBy(0, 220))
  }
  return ticked
}

test('documents: shipping document saved as PDF, batch print of 20 deliveries', async ({
  page,
  webHost,
}) => {
  test.setTimeout(180_000)
  await page.goto(webHost.url)
  await signIn(page, 'sh.admin')
  await expect(page.getByTestId('last-synced')).toContainText('已同步', { timeout: 60_000 })

  // One delivery: Save as PDF → a download with its number and first product.
  await page.getByTestId('nav-deliveries').click()
  const firstRow = page.locator('[data-testid^="delivery-row-"]').first()
  await expect(firstRow).toBeVisible()
  const number = (await firstRow.getAttribute('data-testid'))!.replace('delivery-row-', '')
  await firstRow.click()
  await expect(page.getByTestId('delivery-number')).toContainText(number)
  const productName = (
    await page
      .getByTestId('delivery-lines')
      .locator('tbody tr')
      .first()
      .locator('td')
      .nth(1)
      .innerText()
  ).trim()
  expect(productName.length).toBeGreaterThan(0)
  await expect(page.getByTestId('document-language')).toContainText('中文')
  const saved = page.waitForEvent('download')
  await page.getByTestId('document-save').click()
  const download = await saved
  expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  const text = await pdfText(download)
  expect(text).toContain(number)
  expect(text.replace(/\s+/g, '')).toContain(productName.replace(/\s+/g, ''))
  // Saved once: the next copy is a reprint.
  await expect(page.getByTestId('document-reprint')).toBeVisible()

  // Batch: tick 20 deliveries, one merged PDF with progress.
  await page.getByTestId('delivery-back').click()
  const numbers = await tickDeliveries(page, BATCH_SIZE)
  expect(numbers).toHaveLength(BATCH_SIZE)
  await page.getByTestId('batch-print-open').click()
  const merged = page.waitForEvent('download', { timeout: 120_000 })
  await page.getByTestId('batch-print-start').click()
  await expect(page.getByTestId('batch-print-progress')).toBeVisible()
  await expect(page.getByTestId('batch-print-progress')).toHaveAttribute(
    'data-total',
    String(BATCH_SIZE),
  )
  const batchDownload = await merged
  await expect(page.getByTestId('batch-print-done')).toBeVisible()
  await expect(page.getByTestId('batch-print-progress')).toHaveAttribute(
    'data-done',
    String(BATCH_SIZE),
  )
  const batchText = await pdfText(batchDownload)
  for (const ticked of numbers) expect(batchText, ticked).toContain(ticked)
})
