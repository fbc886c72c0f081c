/**
 * ShareCRM values as the Portal needs them. Money and quantities come as decimal strings
 * ("1234.50"): converted to integer fen by string arithmetic, never through a float ("0.29" is
 * 29 fen). Dates are epoch ms (number or numeric string).
 */
export type UpstreamRecord = Record<string, unknown>

/** Integer fen of a decimal string or number; null when absent or not a decimal. Rounds half up past 2 places. */
export function toFen(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  const text = typeof value === 'number' ? numberText(value) : String(value).trim()
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!match || (!match[2] && !match[3])) return null
  const sign = match[1] === '-' ? -1 : 1
  const whole = match[2] || '0'
  const fraction = (match[3] ?? '').padEnd(3, '0')
  let fen = Number(whole) * 100 + Number(fraction.slice(0, 2))
  if (Number(fraction[2]) >= 5) fen += 1
  return sign * fen === 0 ? 0 : sign * fen
}

function numberText(value: number): string {
  // Numbers reach us only from sloppy tenants' functions; their shortest text is exact enough.
  return Number.isInteger(value) ? String(value) : value.toFixed(6)
}

/** Fen as a decimal string ("1234.50"), the form ShareCRM takes. */
export function fenToDecimal(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const absolute = Math.abs(fen)
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`
}

/** A whole quantity from a decimal string ("12.00" → 12); null when not whole. */
export function toQuantity(value: unknown): number | null {
  const fen = toFen(value)
  return fen === null || fen % 100 !== 0 ? null : fen / 100
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
