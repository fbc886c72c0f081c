/*
 * Business time: every business date and time (screens, exports, PDFs, file names, document
 * numbers, statement periods) is Beijing time, Asia/Shanghai, UTC+8 all year (China has had no
 * daylight saving since 1991), whatever the time zone of the PC. This file is the one place that
 * knows it; nothing else adds an offset or names the zone.
 */

export const BUSINESS_TIME_ZONE = 'Asia/Shanghai'

/** UTC+8, constant (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000

const pad = (value: number, width = 2) => String(value).padStart(width, '0')

export interface ChinaDateParts {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The calendar fields of the instant `epochMs` on a Beijing wall clock. */
export function chinaDateParts(epochMs: number): ChinaDateParts {
  if (!Number.isFinite(epochMs)) throw new RangeError('epochMs must be epoch milliseconds')
  const local = new Date(epochMs + CHINA_OFFSET_MS)
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  }
}

/**
 * Epoch ms of 00:00 Beijing time on the given calendar day. `month` is 0-based like `Date.UTC` and
 * may overflow (month 12 is January of the next year), so month arithmetic needs no carrying.
 */
export function chinaMidnight(year: number, month: number, day = 1): number {
  return Date.UTC(year, month, day) - CHINA_OFFSET_MS
}

/** `2026-11-23` */
export function chinaDate(epochMs: number): string {
  const parts = chinaDateParts(epochMs)
  return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`
}

/** `2026-11-23 17:05` */
export function chinaDateTime(epochMs: number): string {
  const parts = chinaDateParts(epochMs)
  return `${chinaDate(epochMs)} ${pad(parts.hour)}:${pad(parts.minute)}`
}

/** `20261123`: for document numbers and file names. */
export function chinaCompactDate(epochMs: number): string {
  const parts = chinaDateParts(epochMs)
  return `${pad(parts.year, 4)}${pad(parts.month)}${pad(parts.day)}`
}

/** `2026-11`: the statement period containing the instant. */
export function chinaPeriod(epochMs: number): string {
  const parts = chinaDateParts(epochMs)
  return `${pad(parts.year, 4)}-${pad(parts.month)}`
}

/** `{ from, to }` (to exclusive) of a `YYYY-MM` period in Beijing time; throws on a malformed period. */
export function chinaPeriodBounds(period: string): { from: number; to: number } {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period)
  if (!match) throw new RangeError(`period must be YYYY-MM: ${period}`)
  const year = Number(match[1])
  const month = Number(match[2]) - 1
  return { from: chinaMidnight(year, month), to: chinaMidnight(year, month + 1) }
}

/**
 * A Date whose UTC fields read as the Beijing wall clock: for spreadsheet cells, which have no
 * time zone (exceljs writes the UTC fields).
 */
export function chinaWallClockDate(epochMs: number): Date {
  return new Date(epochMs + CHINA_OFFSET_MS)
}

/**
 * Date pickers work in the PC's local dates. The Beijing midnight that starts the calendar day a
 * picker shows (its local year, month and day), `plusDays` later: `plusDays = 1` gives the end
 * (exclusive) of a range whose last picked day is `picked`.
 */
export function chinaMidnightOfPickedDay(picked: Date, plusDays = 0): number {
  return chinaMidnight(picked.getFullYear(), picked.getMonth(), picked.getDate() + plusDays)
}

/** The local date a date picker shows for the Beijing calendar day of `epochMs`. */
export function pickerDateOfChinaDay(epochMs: number): Date {
  const parts = chinaDateParts(epochMs)
  return new Date(parts.year, parts.month - 1, parts.day)
}

/** `Intl.DateTimeFormat` options that show an instant in business time, for locale-aware display. */
export function chinaTimeFormatOptions(
  options: Intl.DateTimeFormatOptions = {},
): Intl.DateTimeFormatOptions {
  return { ...options, timeZone: BUSINESS_TIME_ZONE }
}
