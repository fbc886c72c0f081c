/**
 * The order list as a spreadsheet: number, date, status, total (yuan), line count, address, with
 * headers and status names in the requested language. XLSX through exceljs (loaded on first use:
 * it is large); CSV as UTF-8 with a BOM and CRLF so Excel and WPS open Chinese text correctly.
 * Dates are written in China time (UTC+8, no daylight saving), as on the printed documents.
 */
import type { OrderSummary } from '../../../shared/contract/orders'
import type { Translate } from '../../../shared/i18n/translate'
import {
  chinaCellDate,
  chinaDateTime,
  csvBuffer,
  csvInteger,
  csvYuan,
  loadExcel,
  stampedFileName,
  yuanText,
  type ExportFormat,
} from '../export/spreadsheet'

export {
  chinaDateTime,
  csvField,
  loadExcel,
  yuanText,
  type ExportFormat,
} from '../export/spreadsheet'

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
    t('orders.export.createdAtColumn'),
    t('orders.columns.status'),
    t('orders.export.totalYuan'),
    t('orders.columns.lines'),
    t('orders.columns.address'),
  ]
}

export function ordersCsv(orders: readonly OrderSummary[], t: Translate): Buffer {
  const rows = exportRows(orders, t).map((row) => [
    row.number,
    chinaDateTime(row.createdAt),
    row.status,
    csvYuan(row.total),
    csvInteger(row.lineCount),
    row.address,
  ])
  return csvBuffer([headers(t), ...rows])
}

export async function ordersXlsx(orders: readonly OrderSummary[], t: Translate): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook()
  workbook.creator = t('app.meta.name')
  const sheet = workbook.addWorksheet(t('orders.export.sheetName'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  })
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
    sheet.addRow({
      ...row,
      createdAt: chinaCellDate(row.createdAt),
      total: Number(yuanText(row.total)),
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** `订单_20261123-1705.xlsx` / `orders_20261123-1705.csv`, stamped in China time. */
export function exportFileName(format: ExportFormat, now: number, t: Translate): string {
  return stampedFileName(t('orders.export.fileName'), format, now)
}
