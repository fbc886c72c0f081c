/**
 * Spreadsheet helpers shared by every export (orders, account flow, statements): fen → yuan
 * numbers, formula-safe CSV text fields, CSV as UTF-8 with a BOM and CRLF (Excel and WPS open
 * Chinese text correctly), and exceljs loaded on first use (it is large). Times are business time
 * (Beijing), through shared/domain/chinaTime, the one place that knows the offset.
 */
import type * as ExcelJS from 'exceljs'
import { chinaDateTime, chinaWallClockDate } from '../../../shared/domain/chinaTime'

export type ExportFormat = 'xlsx' | 'csv'

/** `2026-11-23 17:05` in Beijing time (re-exported for the callers of this module). */
export { chinaDateTime }

/** A Beijing wall-clock Date for a spreadsheet cell (spreadsheets have no time zone). */
export const chinaCellDate = chinaWallClockDate

const pad = (value: number) => String(value).padStart(2, '0')

/** Fen → `1234.56` (no grouping, so spreadsheets read it as a number). */
export function yuanText(fen: number): string {
  const magnitude = Math.abs(fen)
  return `${fen < 0 ? '-' : ''}${Math.trunc(magnitude / 100)}.${pad(magnitude % 100)}`
}

/**
 * A number cell of a CSV row: written as is, never neutralised, so `-234.85` stays a number that
 * Excel sums. Only text cells are guarded against formula injection.
 */
export interface CsvNumber {
  number: string
}

/** Fen → a CSV number cell in yuan (`-234.85`). */
export const csvYuan = (fen: number): CsvNumber => ({ number: yuanText(fen) })

/** An integer → a CSV number cell. */
export const csvInteger = (value: number): CsvNumber => ({ number: String(Math.trunc(value)) })

export type CsvCell = string | CsvNumber

/** A CSV text field: quoted when needed; a leading = + - @ is neutralised so no cell runs as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function csvCell(cell: CsvCell): string {
  if (typeof cell === 'string') return csvField(cell)
  if (!/^-?\d+(\.\d+)?$/.test(cell.number)) throw new RangeError(`not a number: ${cell.number}`)
  return cell.number
}

/** Rows of cells → CSV bytes: UTF-8 with a BOM, CRLF line ends. */
export function csvBuffer(rows: readonly (readonly CsvCell[])[]): Buffer {
  const lines = rows.map((row) => row.map(csvCell).join(','))
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

type ExcelModule = typeof ExcelJS

/** exceljs is CommonJS: Node's ESM loader exposes it as `default`, bundlers as the namespace. */
export async function loadExcel(): Promise<ExcelModule> {
  const loaded = (await import('exceljs')) as ExcelModule & { default?: ExcelModule }
  return loaded.default ?? loaded
}

/** `<base>_20261123-1705.<format>`, stamped in Beijing time. */
export function stampedFileName(base: string, format: ExportFormat, now: number): string {
  const stamp = chinaDateTime(now).replace(/[-:]/g, '').replace(' ', '-')
  return `${base}_${stamp}.${format}`
}
