import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import { translatorFor } from '../../electron/main/messages'
import {
  createAccountService,
  type AccountService,
} from '../../electron/services/account/accountService'
import { loadExcel } from '../../electron/services/export/spreadsheet'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import type { UpstreamClient } from '../../electron/services/upstream/upstreamClient'
import { statementPeriod } from '../../shared/domain/statement'
import { signedInClient, temporaryCache } from './helpers'

const DEALER = 'd_cd'
let sandbox: RunningSandbox
let client: UpstreamClient
let db: CacheDatabase
let service: AccountService
let online = true

beforeAll(async () => {
  sandbox = await startSandbox({ products: 200, seed: 11 })
  client = await signedInClient(sandbox.url, 'cd.accountant')
  db = await temporaryCache('account')
  const engine = createSyncEngine({
    db,
    dealerId: DEALER,
    roles: ['accountant'],
    client: () => client,
  })
  expect((await engine.sync()).lastError).toBeNull()
  service = createAccountService({
    database: () => db,
    dealer: () => ({ dealerId: DEALER, roles: ['accountant'] }),
    remoteStatement: (dealerId, from, to) => {
      if (!online) return Promise.reject(new Error('offline'))
      return client.call('statements', { params: { dealerId }, query: { from, to } })
    },
    translator: translatorFor,
  })
}, 120_000)
afterAll(async () => {
  await sandbox.close()
})

describe('account service over a synced cache', () => {
  it('answers the cached balances and the filtered flow, newest first', async () => {
    const balances = await service.balances()
    expect(balances?.deposit.available).toBe(
      (balances?.deposit.balance ?? 0) - (balances?.deposit.locked ?? 0),
    )
    const all = await service.transactions({ offset: 0, limit: 50 })
    expect(all.total).toBeGreaterThan(10)
    expect(all.items[0]!.at).toBeGreaterThanOrEqual(all.items.at(-1)!.at)
    const deposits = await service.transactions({
      accountType: 'deposit',
      type: 'topUp',
      offset: 0,
      limit: 5000,
    })
    expect(
      deposits.items.every((item) => item.accountType === 'deposit' && item.type === 'topUp'),
    ).toBe(true)
  })

  it('last month: the local statement reconciles and matches the gateway', async () => {
    const period = statementPeriod('lastMonth', Date.now())
    const statement = await service.statement(period)
    expect(statement.reconciled).toBe(true)
    expect(statement.crossCheck).toEqual({ state: 'matches', differences: [] })
    expect(statement.accounts.some((account) => account.movements.length > 0)).toBe(true)
    for (const account of statement.accounts) {
      const sum = account.movements.reduce((total, movement) => total + movement.amount, 0)
      expect(account.closing).toBe(account.opening + sum)
      expect(account.totalIn - account.totalOut).toBe(sum)
    }
  })

  it('offline: the local copy, cross-check unavailable', async () => {
    online = false
    try {
      const statement = await service.statement(statementPeriod('thisQuarter', Date.now()))
      expect(statement.crossCheck.state).toBe('unavailable')
      expect(statement.reconciled).toBe(true)
    } finally {
      online = true
    }
  })

  it('the current balances are the closing of a period that reaches now', async () => {
    const now = Date.now()
    const statement = await service.statement({ from: now - 400 * 86_400_000, to: now + 60_000 })
    const balances = (await service.balances())!
    const closing = Object.fromEntries(
      statement.accounts.map((account) => [account.accountType, account.closing]),
    )
    expect(closing).toEqual({
      deposit: balances.deposit.balance,
      rebate: balances.rebate.balance,
      credit: balances.credit.occupied,
    })
  })

  it('exports the statement as XLSX (read back) and the flow as CSV with a BOM', async () => {
    const period = statementPeriod('lastMonth', Date.now())
    const statement = await service.statement(period)
    const xlsx = await service.export({
      kind: 'statement',
      format: 'xlsx',
      language: 'zh-CN',
      period,
    })
    expect(xlsx.fileName).toMatch(/^对账单_\d{8}-\d{4}\.xlsx$/)
    const workbook = new (await loadExcel()).Workbook()
    await workbook.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as never)
    const sheet = workbook.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe('账户')
    const deposit = statement.accounts[0]!
    const closingRow = sheet
      .getRows(2, sheet.rowCount - 1)!
      .find((row) => row.getCell(1).value === '预存款' && row.getCell(3).value === '期末余额')
    expect(closingRow?.getCell(6).value).toBe(deposit.closing / 100)

    const csv = await service.export({
      kind: 'flow',
      format: 'csv',
      language: 'en-US',
      filter: { accountType: 'deposit' },
    })
    const bytes = Buffer.from(csv.contentBase64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'Time (Beijing time),Account,Type,Amount (CNY),Locked change (CNY),Balance after (CNY),Available after (CNY),Document,Note',
    )
    expect(lines.length - 1).toBe(
      (await service.transactions({ accountType: 'deposit', offset: 0, limit: 1 })).total,
    )
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2},Deposit,/)
  })

  it('refuses the flow to an orderer and a reversed period', async () => {
    const orderer = createAccountService({
      database: () => db,
      dealer: () => ({ dealerId: DEALER, roles: ['orderer'] }),
      remoteStatement: () => Promise.reject(new Error('unused')),
      translator: translatorFor,
    })
    expect(await orderer.balances()).not.toBeNull()
    await expect((async () => orderer.transactions({ offset: 0, limit: 10 }))()).rejects.toThrow(
      expect.objectContaining({ code: 'auth.forbidden' }),
    )
    await expect(service.statement({ from: 10, to: 10 })).rejects.toMatchObject({
      code: 'account.periodInvalid',
    })
  })
})
