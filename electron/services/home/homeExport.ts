/**
 * A Home chart's numbers as one XLSX sheet: the same rows the chart's table shows, headers in the
 * requested language, amounts in yuan (2 decimals, number cells), months as `YYYY-MM` text. Uses
 * the shared spreadsheet helpers (export/spreadsheet.ts); exceljs loads on first use.
 */
import type { Language } from '../../../shared/contract'
import type { HomeChart, HomeOverview } from '../../../shared/contract/home'
import type { Translate } from '../../../shared/i18n/translate'
import { loadExcel, stampedFileName, yuanText } from '../export/spreadsheet'

type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'fen'; value: number | null }
  | { kind: 'count'; value: number }

export interface ChartTable {
  sheetName: string
  columns: { header: string; width: number; kind: Cell['kind'] }[]
  rows: Cell[][]
}

const text = (value: string): Cell => ({ kind: 'text', value })
const fen = (value: number | null): Cell => ({ kind: 'fen', value })
const integer = (value: number): Cell => ({ kind: 'count', value })

/** The table of `chart` (column headers are `home.columns.*`, the sheet name the chart's title). */
export function chartTable(
  chart: HomeChart,
  charts: HomeOverview['charts'],
  language: Language,
  t: Translate,
): ChartTable {
  const month = { header: t('home.columns.month'), width: 12, kind: 'text' as const }
  const yuan = (key: string) => ({
    header: t(`home.columns.${key}`),
    width: 18,
    kind: 'fen' as const,
  })
  const sheetName = t(`home.charts.${chart}.title`, { year: charts.topProductsYear })
  switch (chart) {
    case 'purchasesByMonth':
      return {
        sheetName,
        columns: [
          month,
          { header: t('home.columns.orders'), width: 10, kind: 'count' },
          yuan('amountYuan'),
        ],
        rows: charts.purchasesByMonth.map((row) => [
          text(row.period),
          integer(row.orders),
          fen(row.amount),
        ]),
      }
    case 'balanceByMonth':
      return {
        sheetName,
        columns: [month, yuan('depositYuan'), yuan('rebateYuan'), yuan('creditUsedYuan')],
        rows: charts.balanceByMonth.map((row) => [
          text(row.period),
          fen(row.deposit),
          fen(row.rebate),
          fen(row.creditUsed),
        ]),
      }
    case 'rebateByMonth':
      return {
        sheetName,
        columns: [month, yuan('earnedYuan'), yuan('usedYuan')],
        rows: charts.rebateByMonth.map((row) => [text(row.period), fen(row.earned), fen(row.used)]),
      }
    case 'topProducts':
      return {
        sheetName,
        columns: [
          { header: t('home.columns.rank'), width: 6, kind: 'count' },
          { header: t('home.columns.sku'), width: 16, kind: 'text' },
          { header: t('home.columns.product'), width: 36, kind: 'text' },
          { header: t('home.columns.quantity'), width: 10, kind: 'count' },
          yuan('amountYuan'),
        ],
        rows: charts.topProducts.map((row, index) => [
          integer(index + 1),
          text(row.sku),
          text(language === 'zh-CN' ? row.nameZh : row.nameEn),
          integer(row.quantity),
          fen(row.amount),
        ]),
      }
  }
}

/** Sheet names may not hold : \ / ? * [ ] and are at most 31 characters. */
const sheetNameOf = (name: string) => name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31)

export async function chartXlsx(table: ChartTable, t: Translate): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = t('app.meta.name')
  const sheet = workbook.addWorksheet(sheetNameOf(table.sheetName), {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
  sheet.columns = table.columns.map((column, index) => ({
    header: column.header,
    key: `c${index}`,
    width: column.width,
    style: column.kind === 'fen' ? { numFmt: '#,##0.00' } : {},
  }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) {
    sheet.addRow(
      row.map((cell) =>
        cell.kind === 'fen'
          ? cell.value === null
            ? null
            : Number(yuanText(cell.value))
          : cell.value,
      ),
    )
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** `采购额_20261123-1705.xlsx` (the chart's file name, stamped in China time). */
export function chartFileName(chart: HomeChart, now: number, t: Translate): string {
  return stampedFileName(t(`home.charts.${chart}.fileName`), 'xlsx', now)
}
