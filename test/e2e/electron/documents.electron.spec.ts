/**
 * In the desktop app: a shipping document saved as PDF through the native save dialog, which the
 * spec stubs in the main process (dialog.showSaveDialog answers a temp file), then checks the file.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { launchApp, signInToSandbox, skipWithoutElectron } from './electronApp'

skipWithoutElectron()

test('prints a shipping document to PDF through the (stubbed) save dialog', async () => {
  test.setTimeout(180_000)
  const { app, window } = await launchApp('zh-CN')
  await signInToSandbox(window, 'sh.admin')

  const target = join(mkdtempSync(join(tmpdir(), 'dealerdesk-pdf-')), 'shipping.pdf')
  await app.evaluate(({ dialog }, filePath) => {
    dialog.showSaveDialog = (() =>
      Promise.resolve({ canceled: false, filePath })) as typeof dialog.showSaveDialog
  }, target)

  await window.getByTestId('nav-deliveries').click()
  const firstRow = window.locator('[data-testid^="delivery-row-"]').first()
  await expect(firstRow).toBeVisible({ timeout: 30_000 })
  const number = (await firstRow.getAttribute('data-testid'))!.replace('delivery-row-', '')
  await firstRow.click()
  await expect(window.getByTestId('delivery-number')).toContainText(number)
  await window.getByTestId('document-save').click()

  await expect.poll(() => existsSync(target), { timeout: 30_000 }).toBe(true)
  expect(readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  // Saved once: the next copy is marked as a reprint.
  await expect(window.getByTestId('document-reprint')).toBeVisible()
  await app.close()
})
