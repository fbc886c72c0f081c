import { describe, expect, it } from 'vitest'
import { translatorFor } from '../../../../electron/main/messages'
import {
  accountExportFileName,
  flowCsv,
  statementCsv,
  statementXlsx,
} from '../../../../electron/services/account/accountExport'
import { loadExcel } from '../../../../electron/services/export/spreadsheet'
import type { Transaction } from '../../../../shared/api'
import { chinaPeriodBounds } from '../../../../shared/domain/chinaTime'
import { buildStatement } from '../../../../shared/domain/statement'

const december = chinaPeriodBounds('2026-12')
/** 2026-12-15 10:44 UTC = 18:44 Beijing time. */
const at = Date.UTC(2026, 11, 15, 10, 44)

function transaction(overrides: Partial<Transaction>): Transaction {
  return {
    id: 't1',
    at,
    accountType: 'deposit',
    type: 'orderDeduction',
    amount: -23_485,
    lockedChange: 0,
    balanceAfter: 76_515,
    availableAfter: 76_515,
    documentType: null,
    documentId: null,
    documentNumber: '=HYPERLINK("x")',
    note: '-note',
    ...overrides,
  }
}

const csvLines = (buffer: Buffer) => buffer.toString('utf8').slice(1).trimEnd().split('\r\n')

describe('account exports', () => {
  it('writes amounts as numbers (negative too) and guards only text cells against formulas', () => {
    const lines = csvLines(flowCsv([transaction({})], translatorFor('en-US')))
    expect(lines[1]).toBe(
      `2026-12-15 18:44,Deposit,Order deduction,-234.85,0.00,765.15,765.15,"'=HYPERLINK(""x"")",'-note`,
    )
  })

  it('dates the closing balance on the last day of the period, not the next period', () => {
    const statement = buildStatement([transaction({})], december)
    const lines = csvLines(statementCsv(statement, translatorFor('zh-CN')))
    const closing = lines.find((line) => line.includes('期末余额'))
    expect(closing).toBe('预存款,2026-12-31 23:59,期末余额,,,765.15')
    expect(lines.find((line) => line.includes('期初余额'))).toBe(
      '预存款,2026-12-01 00:00,期初余额,,,1000.00',
    )
    expect(lines.some((line) => line.includes('2027-01-01'))).toBe(false)
  })

  it('uses Beijing time in rows, the header and the file name whatever the PC time zone', async () => {
    const t = translatorFor('zh-CN')
    const statement = buildStatement([transaction({})], december)
    const lines = csvLines(statementCsv(statement, t))
    expect(lines[0]!.split(',')[1]).toBe('时间（北京时间）')
    expect(lines.some((line) => line.startsWith('预存款,2026-12-15 18:44,'))).toBe(true)
    expect(accountExportFileName('statement', 'csv', at, t)).toBe('对账单_20261215-1844.csv')
    const workbook = new (await loadExcel()).Workbook()
    await workbook.xlsx.load((await statementXlsx(statement, t)) as never)
    const row = workbook.worksheets[0]!.getRows(2, 10)!.find(
      (candidate) => candidate.getCell(3).value === '订单扣款',
    )
    expect((row!.getCell(2).value as Date).toISOString()).toBe('2026-12-15T18:44:00.000Z')
    expect(row!.getCell(5).value).toBe(-234.85)
  })
})
