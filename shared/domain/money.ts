import type { DomainError } from './errors'
import { domainError } from './errors'

/**
 * An amount of money in fen (分, 1/100 yuan): always a safe integer, possibly negative.
 * Floats never hold money; the only rounding of money happens once, in `roundHalfUp`.
 */
export type Fen = number

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function assertFen(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer of fen`)
}

/** Float noise tolerated around a half: 2–4 units in the last place of the value. */
const HALF_TOLERANCE_IN_EPSILONS = 2

/**
 * THE rounding rule for money: a fractional fen value rounded half-up to a whole fen; negatives
 * round half away from zero (−0.5 → −1), so rounding is symmetric around zero.
 * Float noise from a previous multiplication is absorbed: 1.005 × 100 = 100.49999999999999 is
 * taken as the half it stands for and rounds to 101.
 * Throws RangeError for NaN/±Infinity or a result outside the safe integer range.
 */
export function roundHalfUp(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError('cannot round a non-finite amount')
  const magnitude = Math.abs(value)
  let rounded: number
  if (Number.isInteger(magnitude)) {
    rounded = magnitude
  } else {
    const whole = Math.floor(magnitude)
    const fraction = magnitude - whole
    const tolerance = magnitude * Number.EPSILON * HALF_TOLERANCE_IN_EPSILONS
    rounded = fraction >= 0.5 - tolerance ? whole + 1 : whole
  }
  if (!Number.isSafeInteger(rounded)) throw new RangeError('amount outside the safe integer range')
  if (rounded === 0) return 0 // never −0
  return value < 0 ? -rounded : rounded
}

/** Integer division of big integers, rounded half away from zero (exact). */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const quotient = n / d + (2n * (n % d) >= d ? 1n : 0n)
  return negative ? -quotient : quotient
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('amount outside the safe integer range')
  }
  return Number(value)
}

/**
 * The exact decimal a number was written as (its shortest round-trip form): 12.5 → 125 / 10,
 * 1e-7 → 1 / 10^7. Lets `percentOfAmount` work on the percent the user typed, not its binary image.
 */
function decimalFraction(value: number): { numerator: bigint; denominator: bigint } {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  if (match === null) throw new RangeError(`not a finite decimal: ${value}`)
  const [, sign = '', whole = '0', fraction = '', exponentText = '0'] = match
  const exponent = Number(exponentText) - fraction.length
  let numerator = BigInt(sign + whole + fraction)
  let denominator = 1n
  if (exponent >= 0) numerator *= 10n ** BigInt(exponent)
  else denominator = 10n ** BigInt(-exponent)
  return { numerator, denominator }
}

/**
 * percent × amount / 100 in fen, rounded half-up once. Exact for any percent written with a
 * finite number of decimals (12.5, 33.33, …): the percent is read as a decimal and the arithmetic is
 * done on integers (BigInt), so large amounts do not lose precision.
 * Throws RangeError for an amount that is not Fen or a non-finite percent.
 */
export function percentOfAmount(amount: Fen, percent: number): Fen {
  assertFen(amount, 'amount')
  if (!Number.isFinite(percent)) throw new RangeError('percent must be finite')
  const { numerator, denominator } = decimalFraction(percent)
  return toSafeNumber(divideHalfUp(BigInt(amount) * numerator, denominator * 100n))
}

/** unitPrice × quantity, exact. Throws RangeError for a non-integer quantity or an overflow. */
export function multiplyFen(unitPrice: Fen, quantity: number): Fen {
  assertFen(unitPrice, 'unitPrice')
  if (!Number.isSafeInteger(quantity)) throw new RangeError('quantity must be a safe integer')
  const amount = unitPrice * quantity
  // A true product beyond 2^53 can only round to a value ≥ 2^53, which is not a safe integer.
  if (!Number.isSafeInteger(amount)) throw new RangeError('amount outside the safe integer range')
  return amount === 0 ? 0 : amount
}

/** Exact sum. Throws RangeError if a value is not Fen or a running sum leaves the safe range. */
export function sumFen(values: readonly Fen[]): Fen {
  let total = 0
  for (const value of values) {
    assertFen(value, 'value')
    total += value
    if (!Number.isSafeInteger(total)) throw new RangeError('sum outside the safe integer range')
  }
  return total
}

const CURRENCY_PREFIX = /^[¥￥]/
const CURRENCY_SUFFIX = /(元|CNY|RMB)$/i
const SPACES = /[\s\u00a0\u2000-\u200b\u202f\u3000]+/g

/** Full-width ASCII (U+FF01–U+FF5E) → ASCII; 。 (ideographic full stop) and − (minus sign) too. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (character) =>
      String.fromCharCode(character.charCodeAt(0) - 0xfee0),
    )
    .replace(/。/g, '.')
    .replace(/\u2212/g, '-')
}

export type ParseFenResult = { ok: true; value: Fen } | { ok: false; error: DomainError }

/**
 * A yuan amount typed by a user → fen, exact (no float). Accepts full-width digits and
 * punctuation (１２３４．５), 。 as the decimal point, spaces anywhere, a leading ¥/￥ and a
 * trailing 元/CNY/RMB, one sign before or after the ¥, thousands separators in correct
 * groups (1,234,567.89; 1,2 is rejected rather than guessed), `.5` and `5.`.
 * More than 2 decimals → `money.tooManyDecimals` {maxDecimals: 2} unless the extra ones are zeros
 * (1.230 is 1.23); beyond ±MAX_SAFE_INTEGER fen → `money.tooLarge`; anything else → `money.invalid`.
 */
export function parseYuanToFen(text: string): ParseFenResult {
  let normalized = toHalfWidth(text).replace(SPACES, '').replace(CURRENCY_SUFFIX, '')
  let sign = ''
  if (/^[+-]/.test(normalized)) {
    sign = normalized[0] === '-' ? '-' : ''
    normalized = normalized.slice(1)
  }
  if (CURRENCY_PREFIX.test(normalized)) normalized = normalized.slice(1)
  if (sign === '' && /^[+-]/.test(normalized)) {
    sign = normalized[0] === '-' ? '-' : ''
    normalized = normalized.slice(1)
  }
  const match = /^(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(normalized)
  if (match === null) return { ok: false, error: domainError('money.invalid') }
  const whole = (match[1] ?? '').replace(/,/g, '')
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (whole === '' && fraction === '' && !/\d/.test(normalized)) {
    return { ok: false, error: domainError('money.invalid') }
  }
  if (fraction.length > 2) {
    return { ok: false, error: domainError('money.tooManyDecimals', { maxDecimals: 2 }) }
  }
  const fen = BigInt(whole === '' ? '0' : whole) * 100n + BigInt(fraction.padEnd(2, '0'))
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) {
    return { ok: false, error: domainError('money.tooLarge') }
  }
  const value = Number(fen)
  return { ok: true, value: sign === '-' && value !== 0 ? -value : value }
}

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: string, currency: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency ? 'currency' : 'decimal'}`
  let format = numberFormats.get(key)
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale,
      currency
        ? { style: 'currency', currency: 'CNY' }
        : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
    )
    numberFormats.set(key, format)
  }
  return format
}

/**
 * Fen → text in the locale: `1,234.56`, or with `currency: true` `¥1,234.56` (zh-CN) /
 * `CN¥1,234.56` (en-US). Exact for every safe integer: the amount is handed to Intl as a decimal
 * string built from the integer yuan/fen split, never as a float.
 */
export function formatFen(amount: Fen, locale: string, options?: { currency?: boolean }): string {
  assertFen(amount, 'amount')
  const magnitude = Math.abs(amount)
  const yuan = Math.trunc(magnitude / 100)
  const fen = String(magnitude % 100).padStart(2, '0')
  const decimal = `${amount < 0 ? '-' : ''}${yuan}.${fen}` as Intl.StringNumericLiteral
  return numberFormat(locale, options?.currency === true).format(decimal)
}

/**
 * Splits `total` fen in proportion to `weights` (fen, ≥ 0) so that the parts sum EXACTLY to
 * `total`: each part gets floor(total × weight / Σweights), and the fen left over go one each to
 * the largest remainders, ties to the lower index (largest-remainder method; deterministic).
 * A zero weight always gets 0. A negative total is split as its magnitude, then negated.
 * All weights zero (or none): returns all zeros, which do NOT sum to a non-zero total — the caller
 * decides where such money goes (see `refundSplit`).
 * Throws RangeError for a negative or non-integer weight.
 */
export function splitProportionally(total: Fen, weights: readonly Fen[]): Fen[] {
  assertFen(total, 'total')
  let weightSum = 0n
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) {
      throw new RangeError('weights must be non-negative safe integers')
    }
    weightSum += BigInt(weight)
  }
  if (weightSum === 0n) return weights.map(() => 0)
  const magnitude = BigInt(Math.abs(total))
  const parts: bigint[] = []
  const remainders: bigint[] = []
  let allotted = 0n
  for (const weight of weights) {
    const share = magnitude * BigInt(weight)
    parts.push(share / weightSum)
    remainders.push(share % weightSum)
    allotted += share / weightSum
  }
  const order = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) =>
      a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
    )
  const leftover = Number(magnitude - allotted) // < number of non-zero remainders
  for (let rank = 0; rank < leftover; rank++) {
    const index = order[rank]?.index ?? 0
    parts[index] = (parts[index] ?? 0n) + 1n
  }
  return parts.map((part) => (total < 0 && part !== 0n ? -Number(part) : Number(part)))
}
