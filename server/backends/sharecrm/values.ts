/**
 * ShareCRM values as the mirror reads them: money and quantities are decimal strings ("1234.50")
 * converted exactly by decimal.ts (never through a float: "0.29" is 29 fen); dates are epoch ms
 * (number or numeric string); lookups carry the target `_id`.
 */
import { DecimalFormatError, decimalToFen, decimalToInteger, fenToDecimal } from './decimal'

export type UpstreamRecord = Record<string, unknown>

/**
 * Integer fen of a decimal string (decimal.ts, exact, Java's HALF_UP past two places); null when
 * absent or not a decimal: a tenant's malformed value must not fail a whole mirror page.
 */
export function toFen(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  try {
    return decimalToFen(value, { rounding: 'halfUp' })
  } catch (error) {
    if (error instanceof DecimalFormatError) return null
    throw error
  }
}

export { fenToDecimal }

/** A whole quantity from a decimal string ("12.00" → 12); null when absent or not whole. */
export function toQuantity(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  try {
    return decimalToInteger(value)
  } catch (error) {
    if (error instanceof DecimalFormatError) return null
    throw error
  }
}

export function toTime(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

export function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(text).join(',')
  return String(value)
}

/** A lookup field: the target `_id` (ShareCRM may send an id or a one-element array). */
export function lookupId(value: unknown): string {
  if (Array.isArray(value)) return text(value[0])
  return text(value)
}
