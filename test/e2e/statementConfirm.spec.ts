/**
 * Statement confirmation (对账确认) in Chromium: the accountant of 成都蓉泰 opens last month's
 * issued statement from Home's to-do, disputes one entry with a note; the manufacturer resolves the
 * dispute through the sandbox's operator route; the accountant confirms it while the gateway is
 * down: the confirmation waits in the outbox, and is sent once the gateway is back.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chinaPeriod, chinaPeriodBounds } from '../../shared/domain/chinaTime'
import { freePort, startSandboxProcess, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn } from './fixtures/webHost'

test.use({ locale: 'en-US' })

let sandbox: ReadyProcess | undefined
test.afterEach(async () => {
  await sandbox?.stop()
  sandbox = undefined
})

async function operator(serverUrl: string, path: string, body: unknown = {}): Promise<unknown> {
  const response = await fetch(`${serverUrl}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': 'sandbox-operator' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.ok, text).toBe(true)
  return JSON.parse(text)
}

test('statement: dispute, resolved by the operator, confirmed offline and sent when back online', async ({
  page,
  webHost,
}) => {
  test.setTimeout(180_000)
  const port = await freePort()
  const dataFile = join(mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-sandbox-')), 'sandbox.sqlite')
  sandbox = await startSandboxProcess({ port, dataFile })
  const serverUrl = sandbox.value
  const period = chinaPeriod(chinaPeriodBounds(chinaPeriod(Date.now())).from - 1)
  await page.goto(webHost.url)
  await signIn(page, 'cd.accountant', { serverUrl })
  await expect(page.getByTestId('home-last-synced')).toContainText('Synced', { timeout: 60_000 })

  // Home's to-do opens the issued statement of last month.
  const todo = page.getByTestId('home-todo-statement.awaitingConfirmation')
  await expect(todo).toContainText(period)
  await todo.click()
  await expect(page.getByTestId('statement-status-issued')).toContainText(
    'Awaiting your confirmation',
  )
  await expect(page.getByTestId('statement-issued-by')).toContainText('Issued by operator')
  await expect(page.getByTestId('statement-deposit')).toBeVisible()

  // Dispute: tick one entry, say why, and a general note.
  await page.getByTestId('statement-dispute').click()
  const dialog = page.getByTestId('statement-dispute-dialog')
  await expect(dialog).toBeVisible()
  const firstRow = dialog.locator('[data-testid^="statement-dispute-row-"]').first()
  const transactionId = (await firstRow.getAttribute('data-testid'))!.replace(
    'statement-dispute-row-',
    '',
  )
  await expect(page.getByTestId('statement-dispute-submit')).toBeDisabled()
  await page.getByTestId(`statement-dispute-check-${transactionId}`).click()
  await page.getByTestId(`statement-dispute-note-${transactionId}`).fill('Not received')
  await page.getByTestId('statement-dispute-general').fill('One top-up is missing')
  await page.getByTestId('statement-dispute-submit').click()
  await expect(page.getByTestId('statement-status-disputed')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('statement-disputed-by')).toContainText('张敏')
  await expect(page.getByTestId(`statement-disputed-${transactionId}`)).toContainText(
    'Not received',
  )
  await expect(page.getByTestId(`statement-row-disputed-${transactionId}`)).toHaveText('Disputed')
  await expect(page.getByTestId('statement-confirm')).toHaveCount(0)

  // The manufacturer resolves the dispute (operator route); a sync brings it.
  await operator(serverUrl, `/dealers/d_cd/statement-periods/${period}/resolve`, {
    resolution: 'Top-up booked on the 3rd',
  })
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('statement-status-resolved')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('statement-resolution')).toContainText('Top-up booked on the 3rd')

  // The gateway goes away; the confirmation is saved in the outbox.
  await sandbox.stop()
  sandbox = undefined
  await page.getByTestId('statement-confirm').click()
  await expect(page.getByTestId('statement-confirm-dialog')).toContainText('Opening balance')
  await expect(page.getByTestId('statement-confirm-totals-deposit')).toBeVisible()
  await page.getByTestId('statement-confirm-submit').click()
  await expect(page.getByTestId('statement-pending')).toHaveText(
    'Your confirmation is saved and waits in the outbox to be sent.',
    { timeout: 30_000 },
  )
  await expect(page.getByTestId('statement-confirm')).toHaveCount(0)
  await page.getByTestId('nav-outbox').click()
  await expect(page.getByTestId('outbox-table')).toContainText('Statement confirmation')
  await expect(page.getByTestId('outbox-status-waiting')).toBeVisible()

  // Back online: sent once, and the statement shows who confirmed it.
  sandbox = await startSandboxProcess({ port, dataFile })
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId('outbox-table')).toHaveCount(0, { timeout: 60_000 })
  await page.getByTestId('nav-account').click()
  await page.getByRole('tab', { name: 'Statement' }).click()
  await page.getByTestId('statement-period-lastMonth').click()
  await expect(page.getByTestId('statement-status-confirmed')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('statement-confirmed-by')).toContainText('Confirmed by 张敏')
  await expect(page.getByTestId('statement-pending')).toHaveCount(0)
})
