/**
 * The transaction flow and the statement as spreadsheets (XLSX through exceljs, CSV as UTF-8 with
 * a BOM), headers and type names in the requested language, amounts in yuan with 2 decimals,
 * times in China time. A statement is one table: per account type an opening row, its movements,
 * a closing row, the totals in / out and the reconciliation line.
 */
import type { Transaction } from '../../../shared/api'
import type { StatementAccountView } from '../../../shared/domain/statement'
import type { Translate } from '../../../shared/i18n/translate'
import {
  chinaCellDate,
  chinaDateTime,
  csvBuffer,
  csvYuan,
  loadExcel,
  stampedFileName,
  yuanText,
  type CsvCell,
  type ExportFormat,
} from '../export/spreadsheet'

type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'time'; value: number }
  | { kind: 'fen'; value: number }
  | { kind: 'empty' }
const text = (value: string): Cell => ({ kind: 'text', value })
const time = (value: number): Cell => ({ kind: 'time', value })
const fen = (value: number): Cell => ({ kind: 'fen', value })
const empty: Cell = { kind: 'empty' }

interface Table {
  sheetName: string
  columns: { header: string; width: number; kind: 'text' | 'time' | 'fen' }[]
  rows: Cell[][]
}

function documentText(transaction: Transaction): string {
  return transaction.documentNumber ?? ''
}

export function flowTable(items: readonly Transaction[], t: Translate): Table {
  return {
    sheetName: t('account.export.flowSheet'),
    columns: [
      { header: t('account.columns.atBeijing'), width: 20, kind: 'time' },
      { header: t('account.columns.accountType'), width: 12, kind: 'text' },
      { header: t('account.columns.type'), width: 14, kind: 'text' },
      { header: t('account.columns.amountYuan'), width: 16, kind: 'fen' },
      { header: t('account.columns.lockedChangeYuan'), width: 16, kind: 'fen' },
      { header: t('account.columns.balanceAfterYuan'), width: 16, kind: 'fen' },
      { header: t('account.columns.availableAfterYuan'), width: 16, kind: 'fen' },
      { header: t('account.columns.document'), width: 22, kind: 'text' },
      { header: t('account.columns.note'), width: 30, kind: 'text' },
    ],
    rows: items.map((item) => [
      time(item.at),
      text(t(`account.accountType.${item.accountType}`)),
      text(t(`account.transactionType.${item.type}`)),
      fen(item.amount),
      fen(item.lockedChange),
      fen(item.balanceAfter),
      fen(item.availableAfter),
      text(documentText(item)),
      text(item.note ?? ''),
    ]),
  }
}

export interface ExportableStatement {
  from: number
  to: number
  accounts: readonly StatementAccountView<Transaction>[]
}

export function statementTable(statement: ExportableStatement, t: Translate): Table {
  const rows: Cell[][] = []
  for (const account of statement.accounts) {
    const name = text(t(`account.accountType.${account.accountType}`))
    rows.push([
      name,
      time(statement.from),
      text(t('account.statement.opening')),
      empty,
      empty,
      fen(account.opening),
    ])
    for (const movement of account.movements) {
      rows.push([
        name,
        time(movement.at),
        text(t(`account.transactionType.${movement.type}`)),
        text(documentText(movement)),
        fen(movement.amount),
        fen(movement.balanceAfter),
      ])
    }
    rows.push([
      name,
      empty,
      text(t('account.statement.totalIn')),
      empty,
      fen(account.totalIn),
      empty,
    ])
    rows.push([
      name,
      empty,
      text(t('account.statement.totalOut')),
      empty,
      fen(-account.totalOut),
      empty,
    ])
    // The closing balance is as at the period's last minute (`to` is exclusive: the next period's start).
    rows.push([
      name,
      time(statement.to - 60_000),
      text(t('account.statement.closing')),
      empty,
      empty,
      fen(account.closing),
    ])
    const check = account.reconciled
      ? t('account.statement.reconciled')
      : t('account.statement.mismatch', { count: account.mismatches.length })
    rows.push([name, empty, text(check), empty, empty, empty])
  }
  return {
    sheetName: t('account.export.statementSheet'),
    columns: [
      { header: t('account.columns.accountType'), width: 12, kind: 'text' },
      { header: t('account.columns.atBeijing'), width: 20, kind: 'time' },
      { header: t('account.columns.type'), width: 20, kind: 'text' },
      { header: t('account.columns.document'), width: 22, kind: 'text' },
      { header: t('account.columns.amountYuan'), width: 16, kind: 'fen' },
      { header: t('account.columns.balanceAfterYuan'), width: 16, kind: 'fen' },
    ],
    rows,
  }
}

/** Amounts are CSV numbers (Excel sums them); only text is guarded against formulas. */
function csvCellOf(cell: Cell): CsvCell {
  if (cell.kind === 'text') return cell.value
  if (cell.kind === 'time') return chinaDateTime(cell.value)
  if (cell.kind === 'fen') return csvYuan(cell.value)
  return ''
}

function tableCsv(table: Table): Buffer {
  return csvBuffer([
    table.columns.map((column) => column.header),
    ...table.rows.map((row) => row.map(csvCellOf)),
  ])
}

async function tableXlsx(table: Table, t: Translate): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = t('app.meta.name')
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.columns.map((column, index) => ({
    header: column.header,
    key: `c${index}`,
    width: column.width,
    style:
      column.kind === 'fen'
        ? { numFmt: '#,##0.00' }
        : column.kind === 'time'
          ? { numFmt: 'yyyy-mm-dd hh:mm' }
          : {},
  }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) {
    sheet.addRow(
      row.map((cell) => {
        if (cell.kind === 'text') return cell.value
        if (cell.kind === 'time') return chinaCellDate(cell.value)
        if (cell.kind === 'fen') return Number(yuanText(cell.value))
        return null
      }),
    )
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export const flowCsv = (items: readonly Transaction[], t: Translate) =>
  tableCsv(flowTable(items, t))
export const flowXlsx = (items: readonly Transaction[], t: Translate) =>
  tableXlsx(flowTable(items, t), t)
export const statementCsv = (statement: ExportableStatement, t: Translate) =>
  tableCsv(statementTable(statement, t))
export const statementXlsx = (statement: ExportableStatement, t: Translate) =>
  tableXlsx(statementTable(statement, t), t)

/** `收支流水_20261123-1705.xlsx`, `对账单_20261123-1705.csv`. */
export function accountExportFileName(
  kind: 'flow' | 'statement',
  format: ExportFormat,
  now: number,
  t: Translate,
): string {
  return stampedFileName(
    t(kind === 'flow' ? 'account.export.flowFileName' : 'account.export.statementFileName'),
    format,
    now,
  )
}
