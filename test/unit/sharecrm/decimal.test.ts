/** Decimal strings ↔ fen, exactly: fixed cases and thousands of random ones against BigInt. */
import { describe, expect, it } from 'vitest'
import {
  DecimalFormatError,
  decimalToFen,
  decimalToFenOrNull,
  decimalToInteger,
  fenToDecimal,
  integerToDecimal,
} from '../../../server/backends/sharecrm/decimal'

/** Reference: BigInt arithmetic on the digits; half away from zero when asked. */
function reference(text: string, halfUp: boolean): bigint | 'error' {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim())
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return 'error'
  const fraction = match[3] ?? ''
  const scaled = BigInt((match[2] || '0') + fraction.padEnd(2, '0').slice(0, 2))
  const rest = fraction.slice(2)
  let magnitude = scaled
  if (/[1-9]/.test(rest)) {
    if (!halfUp) return 'error'
    if (Number(rest[0]) >= 5) magnitude += 1n
  }
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return 'error'
  return match[1] === '-' ? -magnitude : magnitude
}

function seeded(seed: number) {
  let state = seed
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state % max
  }
}

describe('decimalToFen', () => {
  it.each([
    ['0.29', 29],
    ['1234.5', 123450],
    ['1234.50', 123450],
    ['-3', -300],
    ['+1.20', 120],
    ['.5', 50],
    ['7.', 700],
    ['0', 0],
    ['-0.00', 0],
    ['000012.34', 1234],
    ['1.500', 150],
    [' 8.08 ', 808],
    ['90071992547409.91', 9_007_199_254_740_991],
  ])('%s → %i', (text, fen) => {
    expect(decimalToFen(text)).toBe(fen)
  })

  it('never goes through a float (the classic cases)', () => {
    expect(decimalToFen('0.29')).toBe(29) // 0.29 * 100 = 28.999999999999996
    expect(decimalToFen('1.13')).toBe(113) // 1.13 * 100 = 112.99999999999999
    expect(decimalToFen('4.35')).toBe(435) // 4.35 * 100 = 434.99999999999994
    expect(decimalToFen(0.29)).toBe(29) // a JSON number is read through its shortest decimal text
  })

  it.each([
    '',
    ' ',
    '.',
    '-',
    '1,234.50',
    '1e3',
    '12a',
    '¥12',
    '1.2.3',
    '--1',
    '1 000',
    '90071992547409.92',
    '1234567890123456',
  ])('refuses %j', (text) => {
    expect(() => decimalToFen(text)).toThrow(DecimalFormatError)
  })

  it('refuses more than two decimals unless asked to round half up (away from zero)', () => {
    expect(() => decimalToFen('0.125')).toThrow(/more than 2 decimals/)
    expect(decimalToFen('0.125', { rounding: 'halfUp' })).toBe(13)
    expect(decimalToFen('-0.125', { rounding: 'halfUp' })).toBe(-13)
    expect(decimalToFen('0.1249', { rounding: 'halfUp' })).toBe(12)
    expect(decimalToFen('-0.004', { rounding: 'halfUp' })).toBe(0)
  })

  it('refuses non-strings other than finite numbers', () => {
    for (const value of [null, undefined, {}, [], true, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => decimalToFen(value)).toThrow(DecimalFormatError)
    }
    expect(decimalToFenOrNull(null)).toBeNull()
    expect(decimalToFenOrNull('')).toBeNull()
    expect(decimalToFenOrNull('2.5')).toBe(250)
  })

  it('agrees with a BigInt reference on 20,000 random strings', () => {
    const random = seeded(20261203)
    const digits = (count: number) =>
      Array.from({ length: count }, () => String(random(10))).join('')
    for (let index = 0; index < 20_000; index++) {
      const sign = ['', '-', '+'][random(3)]
      const integer = digits(random(17))
      const fraction = random(4) === 0 ? '' : `.${digits(random(5))}`
      const text = `${sign}${integer}${fraction}`
      for (const halfUp of [false, true]) {
        const expected = reference(text, halfUp)
        const run = () => decimalToFen(text, { rounding: halfUp ? 'halfUp' : 'error' })
        if (expected === 'error') expect(run, text).toThrow(DecimalFormatError)
        else expect(run(), text).toBe(Number(expected))
      }
    }
  })

  it('round-trips every fen through fenToDecimal', () => {
    const random = seeded(7)
    for (let index = 0; index < 10_000; index++) {
      const fen = (random(2) === 0 ? -1 : 1) * (random(2_000_000_000) * 4096 + random(4096))
      const text = fenToDecimal(fen)
      expect(text).toMatch(/^-?\d+\.\d{2}$/)
      expect(decimalToFen(text)).toBe(fen)
      const magnitude = BigInt(Math.abs(fen))
      expect(text.replace('-', '')).toBe(
        `${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`,
      )
    }
  })
})

describe('fenToDecimal / quantities', () => {
  it('formats with two decimals', () => {
    expect(fenToDecimal(29)).toBe('0.29')
    expect(fenToDecimal(-5)).toBe('-0.05')
    expect(fenToDecimal(0)).toBe('0.00')
    expect(fenToDecimal(123450)).toBe('1234.50')
    expect(() => fenToDecimal(1.5)).toThrow(DecimalFormatError)
  })

  it('reads whole quantities and refuses fractions', () => {
    expect(decimalToInteger('12')).toBe(12)
    expect(decimalToInteger('12.00')).toBe(12)
    expect(decimalToInteger('-3')).toBe(-3)
    expect(() => decimalToInteger('1.5')).toThrow(/more than 0 decimals/)
    expect(() => decimalToInteger('abc')).toThrow(DecimalFormatError)
    expect(integerToDecimal(12)).toBe('12')
    expect(() => integerToDecimal(1.2)).toThrow(DecimalFormatError)
  })
})
