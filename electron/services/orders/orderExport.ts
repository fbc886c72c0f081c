/**
 * The order list as a spreadsheet: number, date, status, total (yuan), line count, address, with
 * headers and status names in the requested language. XLSX through exceljs (loaded on first use:
 * it is large); CSV as UTF-8 with a BOM and CRLF so Excel and WPS open Chinese text correctly.
 * Dates are written in China time (UTC+8, no daylight saving), as on the printed documents.
 */
import type * as ExcelJS from 'exceljs'
import type { OrderSummary } from '../../../shared/contract/orders'
import type { Translate } from '../../../shared/i18n/translate'

export type ExportFormat = 'xlsx' | 'csv'

const CHINA_OFFSET_MS = 8 * 3_600_000
const pad = (value: number) => String(value).padStart(2, '0')

/** `2026-11-23 17:05` in China time. */
export function chinaDateTime(epochMs: number): string {
  const date = new Date(epochMs + CHINA_OFFSET_MS)
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}

/** Fen → `1234.56` (no grouping, so spreadsheets read it as a number). */
export function yuanText(fen: number): string {
  const magnitude = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${pad(magnitude % 100)}`
}

/** A CSV field: quoted when needed; a leading = + - @ is neutralised so no cell runs as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

interface ExportRow {
  number: string
  createdAt: number
  status: string
  total: number
  lineCount: number
  address: string
}

function exportRows(orders: readonly OrderSummary[], t: Translate): ExportRow[] {
  return orders.map((order) => ({
    number: order.number ?? t('orders.list.noNumber'),
    createdAt: order.createdAt,
    status: t(`orders.status.${order.status}`),
    total: order.total,
    lineCount: order.lineCount,
    address: order.address,
  }))
}

function headers(t: Translate): string[] {
  return [
    t('orders.columns.number'),
    t('orders.columns.createdAt'),
    t('orders.columns.status'),
    t('orders.export.totalYuan'),
    t('orders.columns.lines'),
    t('orders.columns.address'),
  ]
}

export function ordersCsv(orders: readonly OrderSummary[], t: Translate): Buffer {
  const lines = [headers(t).map(csvField).join(',')]
  for (const row of exportRows(orders, t)) {
    lines.push(
      [row.number, chinaDateTime(row.createdAt), row.status, yuanText(row.total), String(row.lineCount), row.address].map(csvField).join(','),
    )
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

type ExcelModule = typeof ExcelJS

/** exceljs is CommonJS: Node's ESM loader exposes it as `default`, bundlers as the namespace. */
export async function loadExcel(): Promise<ExcelModule> {
  const loaded = (await import('exceljs')) as ExcelModule & { default?: ExcelModule }
  return loaded.default ?? loaded
}

export async function ordersXlsx(orders: readonly OrderSummary[], t: Translate): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = t('app.meta.name')
  const sheet = workbook.addWorksheet(t('orders.export.sheetName'), { views: [{ state: 'frozen', ySplit: 1 }] })
  const [number, createdAt, status, total, lines, address] = headers(t)
  sheet.columns = [
    { header: number, key: 'number', width: 22 },
    // A real date (China wall-clock time; spreadsheets have no time zone).
    { header: createdAt, key: 'createdAt', width: 18, style: { numFmt: 'yyyy-mm-dd hh:mm' } },
    { header: status, key: 'status', width: 14 },
    { header: total, key: 'total', width: 16, style: { numFmt: '#,##0.00' } },
    { header: lines, key: 'lineCount', width: 10 },
    { header: address, key: 'address', width: 48 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const row of exportRows(orders, t)) {
    sheet.addRow({ ...row, createdAt: new Date(row.createdAt + CHINA_OFFSET_MS), total: Number(yuanText(row.total)) })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** `订单_20261123-1705.xlsx` / `orders_20261123-1705.csv`, stamped in China time. */
export function exportFileName(format: ExportFormat, now: number, t: Translate): string {
  const stamp = chinaDateTime(now).replace(/[-:]/g, '').replace(' ', '-')
  return `${t('orders.export.fileName')}_${stamp}.${format}`
}
