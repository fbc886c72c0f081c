/**
 * ShareCRM decimal strings ↔ integers, exactly (never through a float).
 *
 * Public API (stable):
 * - `decimalToFen(value, { rounding })`: "0.29" → 29, "1234.5" → 123450, "-3" → -300, "+1.20" →
 *   120, ".5" → 50. More than two decimals: `rounding: 'error'` (default) throws unless the extra
 *   digits are zeros ("1.500" → 150); `'halfUp'` rounds half away from zero like Java's
 *   `RoundingMode.HALF_UP` (ShareCRM is Java): "0.125" → 13, "-0.125" → -13.
 * - `decimalToFenOrNull(value)`: null / undefined / "" → null, else `decimalToFen`.
 * - `fenToDecimal(fen)`: 29 → "0.29", -123450 → "-1234.50" (always two decimals).
 * - `decimalToInteger(value)`: quantities, "12" / "12.00" → 12; "1.5" throws.
 * - `integerToDecimal(n)`: 12 → "12".
 * - `DecimalFormatError` (message names the value) for anything else: exponents, grouping
 *   commas, blanks, more than 15 integer digits, or a result beyond Number.MAX_SAFE_INTEGER.
 *
 * A JSON number is accepted too (some tenants' fields come back as numbers): it is read through
 * its shortest decimal representation (`String(0.29)` = "0.29"), which is exactly what the JSON
 * text said, then parsed as a string; no arithmetic happens on the float.
 */

export class DecimalFormatError extends Error {
  constructor(
    readonly value: unknown,
    reason: string,
  ) {
    super(`not a decimal amount (${reason}): ${JSON.stringify(value)}`)
    this.name = 'DecimalFormatError'
  }
}

export type Rounding = 'error' | 'halfUp'

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/

interface Parsed {
  negative: boolean
  integer: string
  fraction: string
}

function parse(value: unknown): Parsed {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalFormatError(value, 'not finite')
    text = String(value)
  } else if (typeof value === 'string') {
    text = value.trim()
  } else {
    throw new DecimalFormatError(value, 'not a string')
  }
  const match = DECIMAL.exec(text)
  if (!match) throw new DecimalFormatError(value, 'bad characters')
  const integer = (match[2] ?? '').replace(/^0+(?=\d)/, '')
  const fraction = match[3] ?? ''
  if (integer === '' && fraction === '') throw new DecimalFormatError(value, 'no digits')
  if (integer.length > 15) throw new DecimalFormatError(value, 'too large')
  return { negative: match[1] === '-', integer: integer || '0', fraction }
}

/** Digits of a non-negative decimal string → number, checking the safe range. */
function digitsToNumber(digits: string, value: unknown): number {
  let result = 0
  for (let index = 0; index < digits.length; index++) {
    result = result * 10 + (digits.charCodeAt(index) - 48)
  }
  if (!Number.isSafeInteger(result)) throw new DecimalFormatError(value, 'too large')
  return result
}

function scaled(value: unknown, decimals: number, rounding: Rounding): number {
  const { negative, integer, fraction } = parse(value)
  const kept = fraction.slice(0, decimals).padEnd(decimals, '0')
  const rest = fraction.slice(decimals)
  let magnitude = digitsToNumber(integer + kept, value)
  if (/[1-9]/.test(rest)) {
    if (rounding === 'error') {
      throw new DecimalFormatError(value, `more than ${decimals} decimals`)
    }
    if (rest.charCodeAt(0) - 48 >= 5) magnitude += 1
    if (!Number.isSafeInteger(magnitude)) throw new DecimalFormatError(value, 'too large')
  }
  return negative && magnitude !== 0 ? -magnitude : magnitude
}

/** Yuan as a decimal string → integer fen, exactly. */
export function decimalToFen(value: unknown, options: { rounding?: Rounding } = {}): number {
  return scaled(value, 2, options.rounding ?? 'error')
}

/** null / undefined / "" → null; otherwise `decimalToFen`. */
export function decimalToFenOrNull(
  value: unknown,
  options: { rounding?: Rounding } = {},
): number | null {
  if (value === null || value === undefined || value === '') return null
  return decimalToFen(value, options)
}

/** A whole quantity as a decimal string ("12", "12.00") → 12; fractions throw. */
export function decimalToInteger(value: unknown): number {
  return scaled(value, 0, 'error')
}

/** Integer fen → ShareCRM decimal string with two decimals: -5 → "-0.05". */
export function fenToDecimal(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new DecimalFormatError(fen, 'fen must be a safe integer')
  const magnitude = String(Math.abs(fen)).padStart(3, '0')
  const text = `${magnitude.slice(0, -2)}.${magnitude.slice(-2)}`
  return fen < 0 ? `-${text}` : text
}

/** A whole number → decimal string ("12"). */
export function integerToDecimal(value: number): string {
  if (!Number.isSafeInteger(value)) throw new DecimalFormatError(value, 'not a safe integer')
  return String(value)
}
