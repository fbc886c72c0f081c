/**
 * Spreadsheet helpers shared by every export (orders, account flow, statements): China-time dates,
 * fen → yuan text, formula-safe CSV fields, CSV as UTF-8 with a BOM and CRLF (Excel and WPS open
 * Chinese text correctly), and exceljs loaded on first use (it is large).
 */
import type * as ExcelJS from 'exceljs'

export type ExportFormat = 'xlsx' | 'csv'

export const CHINA_OFFSET_MS = 8 * 3_600_000
const pad = (value: number) => String(value).padStart(2, '0')

/** `2026-11-23 17:05` in China time. */
export function chinaDateTime(epochMs: number): string {
  const date = new Date(epochMs + CHINA_OFFSET_MS)
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
}

/** A China wall-clock Date for a spreadsheet cell (spreadsheets have no time zone). */
export function chinaCellDate(epochMs: number): Date {
  return new Date(epochMs + CHINA_OFFSET_MS)
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

/** Rows of text → CSV bytes: UTF-8 with a BOM, CRLF line ends. */
export function csvBuffer(rows: readonly (readonly string[])[]): Buffer {
  const lines = rows.map((row) => row.map(csvField).join(','))
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8')
}

type ExcelModule = typeof ExcelJS

/** exceljs is CommonJS: Node's ESM loader exposes it as `default`, bundlers as the namespace. */
export async function loadExcel(): Promise<ExcelModule> {
  const loaded = (await import('exceljs')) as ExcelModule & { default?: ExcelModule }
  return loaded.default ?? loaded
}

/** `<base>_20261123-1705.<format>`, stamped in China time. */
export function stampedFileName(base: string, format: ExportFormat, now: number): string {
  const stamp = chinaDateTime(now).replace(/[-:]/g, '').replace(' ', '-')
  return `${base}_${stamp}.${format}`
}
