/**
 * A Home chart's numbers as one XLSX sheet: the same rows the chart's table shows, headers in the
 * requested language, amounts in yuan (2 decimals, number cells), months as `YYYY-MM` text. Uses
 * the shared spreadsheet helpers (export/spreadsheet.ts); exceljs loads on first use.
 */
import type { Language } from '../../../shared/contract'
import type { HomeChart, HomeOverview } from '../../../shared/contract/home'
import {
  homeChartTable,
  type HomeChartCell,
  type HomeChartColumn,
} from '../../../shared/contract/homeChartTables'
import type { Translate } from '../../../shared/i18n/translate'
import { loadExcel, stampedFileName, yuanText } from '../export/spreadsheet'

type CellKind = HomeChartColumn['kind']

export interface ChartTable {
  sheetName: string
  columns: { header: string; width: number; kind: CellKind }[]
  /** Text, counts, and money in fen (null where a month has no figure). */
  rows: HomeChartCell[][]
}

/** Column widths in characters: by key where one needs its own, else by kind. */
const WIDTH_BY_KEY: Record<string, number> = { rank: 6, sku: 16, product: 36, month: 12 }
const WIDTH_BY_KIND: Record<CellKind, number> = { text: 16, count: 10, money: 18 }

/**
 * The table of `chart` (the same columns and rows as the chart's table in the renderer,
 * shared/contract/homeChartTables.ts); headers `home.columns.*`, money headers say the currency
 * (`home.columns.<key>Yuan`), the sheet name is the chart's title.
 */
export function chartTable(
  chart: HomeChart,
  charts: HomeOverview['charts'],
  language: Language,
  t: Translate,
): ChartTable {
  const table = homeChartTable(chart, charts, language)
  return {
    sheetName: t(`home.charts.${chart}.title`, { year: charts.topProductsYear }),
    columns: table.columns.map(({ key, kind }) => ({
      header: t(`home.columns.${kind === 'money' ? `${key}Yuan` : key}`),
      width: WIDTH_BY_KEY[key] ?? WIDTH_BY_KIND[kind],
      kind,
    })),
    rows: table.rows.map((row) => table.columns.map(({ key }) => row[key] ?? null)),
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
    style: column.kind === 'money' ? { numFmt: '#,##0.00' } : {},
  }))
  sheet.getRow(1).font = { bold: true }
  for (const row of table.rows) {
    sheet.addRow(
      row.map((cell, index) =>
        table.columns[index]?.kind === 'money' && cell !== null
          ? Number(yuanText(Number(cell)))
          : cell,
      ),
    )
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** `采购额_20261123-1705.xlsx` (the chart's file name, stamped in China time). */
export function chartFileName(chart: HomeChart, now: number, t: Translate): string {
  return stampedFileName(t(`home.charts.${chart}.fileName`), 'xlsx', now)
}
