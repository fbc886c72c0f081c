/**
 * Reads an imported quick-order file into rows (shared/domain/quickOrder.ts):
 * - .csv / .txt: UTF-8 (with or without BOM) when it decodes as valid UTF-8, else GB18030 (what
 *   Excel and WPS in China save as "CSV"), then parsed like pasted text;
 * - .xlsx: the first worksheet, per row the first two non-empty cells (formulas by their result).
 * Errors: quickOrder.fileTooLarge {limitMb}, quickOrder.fileUnsupported {extension},
 * quickOrder.fileUnreadable.
 */
import type ExcelJS from 'exceljs'
import { MAX_IMPORT_BASE64 } from '../../../shared/contract/catalog'
import { PortalError } from '../../../shared/contract/result'
import { parsePastedOrder, parseSheetRows, type PastedRow } from '../../../shared/domain/quickOrder'

export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder('gb18030').decode(bytes)
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString()
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
  if ('text' in value) return String(value.text)
  return ''
}

async function readXlsx(bytes: Uint8Array): Promise<PastedRow[]> {
  // Loaded on first import only: exceljs is large and most sessions never import a file.
  const { default: excel } = await import('exceljs')
  const workbook = new excel.Workbook()
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    )
  } catch {
    throw new PortalError('quickOrder.fileUnreadable')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const rows: Array<{ line: number; cells: string[] }> = []
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell) => {
      const text = cellText(cell.value).trim()
      if (text !== '' && cells.length < 2) cells.push(text)
    })
    rows.push({ line, cells })
  })
  return parseSheetRows(rows)
}

export async function readQuickOrderFile(
  fileName: string,
  contentBase64: string,
): Promise<PastedRow[]> {
  if (contentBase64.length > MAX_IMPORT_BASE64)
    throw new PortalError('quickOrder.fileTooLarge', { limitMb: 10 })
  const extension = (/\.([^.]+)$/.exec(fileName)?.[1] ?? '').toLowerCase()
  const bytes = new Uint8Array(Buffer.from(contentBase64, 'base64'))
  if (extension === 'csv' || extension === 'txt') return parsePastedOrder(decodeCsv(bytes))
  if (extension === 'xlsx') return readXlsx(bytes)
  throw new PortalError('quickOrder.fileUnsupported', { extension: extension || fileName })
}
