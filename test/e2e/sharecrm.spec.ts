/**
 * The desktop app against the production gateway (issue 14): the ShareCRM simulator and
 * `npm run gateway` over it run as their own processes (a user added with `users add`); the app
 * signs in through "Server address", syncs from the mirror, orders from a pasted list, and sees
 * the approval made in ShareCRM arrive by the next sync. No app change: the Portal API is the same.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repositoryRoot, startUntilReady, type ReadyProcess } from './fixtures/processes'
import { test, expect, signIn, confirmAction } from './fixtures/webHost'

test.use({ locale: 'zh-CN' })
test.setTimeout(240_000)

let processes: ReadyProcess[] = []
test.afterEach(async () => {
  for (const running of processes.reverse()) await running.stop()
  processes = []
})

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init)
  const text = await response.text()
  expect(response.ok, `${url}: ${text.slice(0, 300)}`).toBe(true)
  return (text ? JSON.parse(text) : null) as T
}

/** `npm run gateway -- users add ... --password-stdin` */
async function addUser(configFile: string, dealerId: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/gateway/cli.ts',
      'users',
      'add',
      '--config',
      configFile,
      '--account',
      'wang.fang',
      '--name',
      '王芳',
      '--member',
      `${dealerId}:orderer,accountant`,
      '--password-stdin',
    ],
    { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stdin.end('Demo@2026\n')
  const code = await new Promise((resolve) => child.once('exit', resolve))
  expect(code, output).toBe(0)
}

type Feed<R> = { items: Array<{ deleted: boolean; record: R }> }

test('signs in to the ShareCRM gateway, syncs, orders, and sees the approval arrive by sync', async ({
  page,
  webHost,
}) => {
  const sim = await startUntilReady(
    ['server/sharecrm-sim/cli.ts', '--port', '0', '--memory', '--products', '400'],
    /ShareCRM simulator ready: (\S+)/,
  )
  processes.push(sim)
  const accounts = await json<Array<{ _id: string; name: string }>>(
    `${sim.value}/sim/records/AccountObj`,
  )
  const dealer = accounts[0]!
  const directory = mkdtempSync(join(tmpdir(), 'dealerdesk-e2e-gateway-'))
  const configFile = join(directory, 'gateway.yml')
  writeFileSync(
    configFile,
    [
      'database: ./data',
      'sharecrm:',
      `  baseUrl: ${sim.value}`,
      '  appId: sim-app',
      '  appSecret: sim-secret',
      '  permanentCode: sim-code',
      '  openUserId: FSUID_SIM',
      '  pollSeconds: 2',
      '',
    ].join('\n'),
  )
  await addUser(configFile, dealer._id)
  const gateway = await startUntilReady(
    ['server/gateway/cli.ts', '--config', configFile, '--port', '0'],
    /Gateway ready: (\S+)/,
  )
  processes.push(gateway)
  const serverUrl = gateway.value
  await expect
    .poll(async () => (await json<{ mirror: string }>(`${serverUrl}/health`)).mirror, {
      timeout: 120_000,
    })
    .toBe('ready')

  // Rows to paste: on-sale products of the dealer's first price list, at their minimum quantities.
  const { accessToken } = await json<{ accessToken: string }>(`${serverUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: 'wang.fang', password: 'Demo@2026' }),
  })
  const headers = { authorization: `Bearer ${accessToken}` }
  const base = `${serverUrl}/api/v1/dealers/${dealer._id}`
  const lists = await json<Feed<{ id: string; priority: number }>>(`${base}/price-lists`, {
    headers,
  })
  const list = lists.items.map((entry) => entry.record).sort((a, b) => a.priority - b.priority)[0]!
  const items = await json<Feed<{ productId: string; minQuantity: number }>>(
    `${base}/price-lists/${list.id}/items?limit=100`,
    { headers },
  )
  const products = await json<Feed<{ id: string; sku: string; status: string }>>(
    `${base}/products?limit=1000`,
    { headers },
  )
  const byId = new Map(products.items.map((entry) => [entry.record.id, entry.record]))
  const rows = items.items
    .map((entry) => ({
      product: byId.get(entry.record.productId),
      minQuantity: entry.record.minQuantity,
    }))
    .filter((row) => row.product?.status === 'onSale')
    .slice(0, 3)
    .map((row) => `${row.product!.sku}\t${row.minQuantity}`)
  expect(rows).toHaveLength(3)

  await page.goto(webHost.url)
  await signIn(page, 'wang.fang', { serverUrl })
  await expect(page.getByTestId('home-last-synced')).toContainText('已同步', { timeout: 60_000 })

  await page.getByTestId('nav-catalog').click()
  await expect(page.getByTestId('catalog-row-0')).toBeVisible()
  await page.getByTestId('quick-order-open').click()
  await page.getByTestId('quick-order-text').fill(rows.join('\n'))
  await page.getByTestId('quick-order-match').click()
  await page.getByTestId('quick-order-add').click()
  await expect(page.locator('.el-message').filter({ hasText: '已将 3 行加入购物车' })).toBeVisible()
  await page.keyboard.press('Escape')

  // The cart is priced from the gateway's mirror and the suggested split is already filled in.
  await page.getByTestId('nav-cart').click()
  await expect(page.getByTestId('cart-count')).toContainText('3')
  await expect(page.getByTestId('cart-submit')).toBeEnabled({ timeout: 30_000 })
  await page.getByTestId('cart-submit').click()
  await confirmAction(page)
  await expect(page.getByTestId('cart-result')).toContainText('SO', { timeout: 60_000 })
  const number = /SO\d{8}-\d{4}/.exec(
    (await page.getByTestId('cart-result').textContent()) ?? '',
  )![0]
  await page.getByTestId('nav-orders').click()
  await expect(page.getByTestId(`order-row-${number}`).getByTestId('order-status')).toHaveText(
    '审核中',
  )

  // Approved in ShareCRM; the gateway's poller mirrors it (within a poll or two); the app's next
  // sync shows it, with the status-change notice.
  await json(`${sim.value}/sim/orders/${number}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
  await expect
    .poll(
      async () => {
        const feed = await json<Feed<{ number: string; status: string }>>(
          `${base}/orders?limit=5000`,
          { headers },
        )
        return feed.items.find((entry) => !entry.deleted && entry.record.number === number)?.record
          .status
      },
      { timeout: 60_000 },
    )
    .toBe('confirmed')
  await page.getByTestId('sync-now').click()
  await expect(page.getByTestId(`order-row-${number}`).getByTestId('order-status')).toHaveText(
    '已确认',
    { timeout: 30_000 },
  )
})
