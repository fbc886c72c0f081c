import { describe, expect, it } from 'vitest'
import {
  formatFen,
  isFen,
  multiplyFen,
  parseYuanToFen,
  percentOfAmount,
  roundHalfUp,
  splitProportionally,
  sumFen,
} from '../../../shared/domain/money'

const MAX = Number.MAX_SAFE_INTEGER

describe('isFen', () => {
  it('accepts safe integers, negatives and zero', () => {
    for (const value of [0, 1, -1, 123456, MAX, -MAX]) expect(isFen(value)).toBe(true)
  })

  it('rejects fractions, non-finite numbers, unsafe integers and non-numbers', () => {
    for (const value of [0.5, NaN, Infinity, -Infinity, MAX + 1, '100', null, undefined, 10n]) {
      expect(isFen(value)).toBe(false)
    }
  })
})

describe('roundHalfUp', () => {
  it('leaves integers as they are', () => {
    expect(roundHalfUp(0)).toBe(0)
    expect(roundHalfUp(42)).toBe(42)
    expect(roundHalfUp(-42)).toBe(-42)
    expect(roundHalfUp(MAX)).toBe(MAX)
  })

  it('rounds an exact half fen up', () => {
    expect(roundHalfUp(0.5)).toBe(1)
    expect(roundHalfUp(1.5)).toBe(2)
    expect(roundHalfUp(2.5)).toBe(3)
    expect(roundHalfUp(100.5)).toBe(101)
  })

  it('rounds a negative half away from zero', () => {
    expect(roundHalfUp(-0.5)).toBe(-1)
    expect(roundHalfUp(-2.5)).toBe(-3)
  })

  it('rounds below a half down and above a half up', () => {
    expect(roundHalfUp(0.49)).toBe(0)
    expect(roundHalfUp(0.51)).toBe(1)
    expect(roundHalfUp(-0.49)).toBe(0)
    expect(roundHalfUp(-0.51)).toBe(-1)
    expect(roundHalfUp(199.9)).toBe(200)
  })

  it('never returns negative zero', () => {
    expect(Object.is(roundHalfUp(-0.2), 0)).toBe(true)
    expect(Object.is(roundHalfUp(-0), 0)).toBe(true)
  })

  it('absorbs float noise around a half', () => {
    expect(1.005 * 100).toBe(100.49999999999999) // the noise this guards against
    expect(roundHalfUp(1.005 * 100)).toBe(101)
    expect(roundHalfUp(2.675 * 100)).toBe(268)
    expect(roundHalfUp(1.255 * 100)).toBe(126)
    expect(roundHalfUp(-1.005 * 100)).toBe(-101)
    expect(roundHalfUp(0.285 * 100)).toBe(29)
  })

  it('does not mistake a clear fraction below a half for noise on large values', () => {
    expect(roundHalfUp(12345678901234.49)).toBe(12345678901234)
    expect(roundHalfUp(12345678901234.5)).toBe(12345678901235)
  })

  it('throws for non-finite values and results beyond the safe range', () => {
    expect(() => roundHalfUp(NaN)).toThrow(RangeError)
    expect(() => roundHalfUp(Infinity)).toThrow(RangeError)
    expect(() => roundHalfUp(MAX + 2)).toThrow(RangeError)
  })
})

describe('percentOfAmount', () => {
  it('takes a whole percent of an amount', () => {
    expect(percentOfAmount(10000, 10)).toBe(1000)
    expect(percentOfAmount(10000, 100)).toBe(10000)
    expect(percentOfAmount(10000, 0)).toBe(0)
    expect(percentOfAmount(0, 50)).toBe(0)
  })

  it('takes a percent with decimals exactly', () => {
    expect(percentOfAmount(10000, 12.5)).toBe(1250)
    expect(percentOfAmount(100, 33.33)).toBe(33)
    expect(percentOfAmount(123456, 0.01)).toBe(12) // 12.3456
  })

  it('rounds the result half-up once, including exact halves', () => {
    expect(percentOfAmount(1005, 10)).toBe(101) // 100.5
    expect(percentOfAmount(1, 50)).toBe(1) // 0.5
    expect(percentOfAmount(1, 49.99)).toBe(0) // 0.4999
    expect(percentOfAmount(3, 50)).toBe(2) // 1.5
    expect(percentOfAmount(1000, 1.15)).toBe(12) // 11.5, although 1.15 × 1000 / 100 is 11.499… in floats
    expect(percentOfAmount(-1005, 10)).toBe(-101)
  })

  it('is exact for the largest amounts', () => {
    expect(percentOfAmount(MAX, 100)).toBe(MAX)
    expect(percentOfAmount(MAX - 1, 50)).toBe((MAX - 1) / 2)
    expect(percentOfAmount(900719925474099, 12.34)).toBe(111148838803504) // 111148838803503.8166
  })

  it('accepts percents above 100 and more than 2 decimals exactly', () => {
    expect(percentOfAmount(1000, 150)).toBe(1500)
    expect(percentOfAmount(1000000, 33.333)).toBe(333330)
    expect(percentOfAmount(10 ** 9, 1e-7)).toBe(1)
  })

  it('throws for an amount that is not fen or a non-finite percent', () => {
    expect(() => percentOfAmount(10.5, 10)).toThrow(RangeError)
    expect(() => percentOfAmount(100, NaN)).toThrow(RangeError)
    expect(() => percentOfAmount(100, Infinity)).toThrow(RangeError)
    expect(() => percentOfAmount(MAX, 200)).toThrow(RangeError)
  })
})

describe('multiplyFen', () => {
  it('multiplies a unit price by an integer quantity exactly', () => {
    expect(multiplyFen(1999, 3)).toBe(5997)
    expect(multiplyFen(1999, 0)).toBe(0)
    expect(multiplyFen(-500, 2)).toBe(-1000)
    expect(multiplyFen(MAX, 1)).toBe(MAX)
  })

  it('throws for a fractional quantity or an amount beyond the safe range', () => {
    expect(() => multiplyFen(100, 1.5)).toThrow(RangeError)
    expect(() => multiplyFen(100, NaN)).toThrow(RangeError)
    expect(() => multiplyFen(1.5, 2)).toThrow(RangeError)
    expect(() => multiplyFen(2 ** 27, 2 ** 26)).toThrow(RangeError)
  })
})

describe('sumFen', () => {
  it('sums exactly, including an empty list', () => {
    expect(sumFen([])).toBe(0)
    expect(sumFen([1, 2, 3])).toBe(6)
    expect(sumFen([10, -15])).toBe(-5)
    expect(sumFen([MAX - 1, 1])).toBe(MAX)
  })

  it('throws on a non-fen value or an overflow', () => {
    expect(() => sumFen([1, 0.1])).toThrow(RangeError)
    expect(() => sumFen([MAX, 1])).toThrow(RangeError)
  })
})

describe('parseYuanToFen', () => {
  const parsed = (text: string): number | string => {
    const result = parseYuanToFen(text)
    return result.ok ? result.value : result.error.code
  }

  it('reads plain amounts in yuan', () => {
    expect(parsed('0')).toBe(0)
    expect(parsed('12')).toBe(1200)
    expect(parsed('12.3')).toBe(1230)
    expect(parsed('12.34')).toBe(1234)
    expect(parsed('0.05')).toBe(5)
    expect(parsed('.5')).toBe(50)
    expect(parsed('5.')).toBe(500)
    expect(parsed('007')).toBe(700)
  })

  it('reads thousands separators in correct groups', () => {
    expect(parsed('1,234.56')).toBe(123456)
    expect(parsed('1,234,567')).toBe(123456700)
    expect(parsed('1，234.56')).toBe(123456)
  })

  it('rejects misplaced thousands separators', () => {
    for (const text of ['1,2', '12,34.5', ',123', '1,,234', '1,234,56', '1.234,56']) {
      expect(parsed(text)).toBe('money.invalid')
    }
  })

  it('reads full-width digits and punctuation', () => {
    expect(parsed('１２３４．５')).toBe(123450)
    expect(parsed('１，２３４．５６')).toBe(123456)
    expect(parsed('１２。５')).toBe(1250)
  })

  it('reads currency symbols, units and spaces', () => {
    expect(parsed('¥12')).toBe(1200)
    expect(parsed('￥12.50')).toBe(1250)
    expect(parsed(' ¥ 1 234.5 ')).toBe(123450)
    expect(parsed('12元')).toBe(1200)
    expect(parsed('12 CNY')).toBe(1200)
    expect(parsed('\u3000１２\u00a0')).toBe(1200)
  })

  it('reads a sign before or after the currency symbol', () => {
    expect(parsed('-12.5')).toBe(-1250)
    expect(parsed('-¥12')).toBe(-1200)
    expect(parsed('¥-12')).toBe(-1200)
    expect(parsed('－１２')).toBe(-1200)
    expect(parsed('+12')).toBe(1200)
    expect(Object.is(parsed('-0'), 0)).toBe(true)
  })

  it('rejects more than two decimals with money.tooManyDecimals', () => {
    const result = parseYuanToFen('1.234')
    expect(result).toEqual({
      ok: false,
      error: { code: 'money.tooManyDecimals', params: { maxDecimals: 2 } },
    })
    expect(parsed('0.001')).toBe('money.tooManyDecimals')
  })

  it('accepts extra decimals that are zeros', () => {
    expect(parsed('1.230')).toBe(123)
    expect(parsed('1.2300')).toBe(123)
    expect(parsed('5.000')).toBe(500)
  })

  it('rejects garbage with money.invalid', () => {
    for (const text of [
      '',
      ' ',
      '.',
      '-',
      '¥',
      'abc',
      '12abc',
      '1.2.3',
      '--1',
      '-¥-1',
      '1e5',
      '¥¥1',
      'NaN',
      'Infinity',
      '1 2 . 3 x',
    ]) {
      expect(parsed(text)).toBe('money.invalid')
    }
  })

  it('reads the largest safe amount and rejects a larger one with money.tooLarge', () => {
    expect(parsed('90,071,992,547,409.91')).toBe(MAX)
    expect(parsed('90071992547409.92')).toBe('money.tooLarge')
    expect(parsed('99999999999999999999')).toBe('money.tooLarge')
  })
})

describe('formatFen', () => {
  it('formats grouped yuan with two decimals', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('1,234.56')
    expect(formatFen(123456, 'en-US')).toBe('1,234.56')
    expect(formatFen(0, 'en-US')).toBe('0.00')
    expect(formatFen(5, 'en-US')).toBe('0.05')
    expect(formatFen(-5, 'en-US')).toBe('-0.05')
    expect(formatFen(-123456, 'zh-CN')).toBe('-1,234.56')
  })

  it('formats with the currency symbol of the locale', () => {
    expect(formatFen(123456, 'zh-CN', { currency: true })).toBe('¥1,234.56')
    expect(formatFen(123456, 'en-US', { currency: true })).toBe('CN¥1,234.56')
    expect(formatFen(-100, 'zh-CN', { currency: true })).toBe('-¥1.00')
  })

  it('follows the locale separators', () => {
    expect(formatFen(123456, 'de-DE')).toBe('1.234,56')
  })

  it('is exact for the largest safe amounts', () => {
    expect(formatFen(MAX, 'en-US')).toBe('90,071,992,547,409.91')
    expect(formatFen(-MAX, 'zh-CN', { currency: true })).toBe('-¥90,071,992,547,409.91')
    expect(formatFen(MAX - 1, 'en-US')).toBe('90,071,992,547,409.90')
  })

  it('throws for an amount that is not fen', () => {
    expect(() => formatFen(1.5, 'en-US')).toThrow(RangeError)
  })
})

describe('splitProportionally', () => {
  it('splits evenly divisible totals exactly', () => {
    expect(splitProportionally(100, [1, 1])).toEqual([50, 50])
    expect(splitProportionally(600, [100, 200, 300])).toEqual([100, 200, 300])
  })

  it('gives leftover fen to the largest remainders', () => {
    // 100 × [1, 2, 3] / 6 = 16.67, 33.33, 50 → floors 16, 33, 50, one fen left → first item.
    expect(splitProportionally(100, [1, 2, 3])).toEqual([17, 33, 50])
    // 10 × [3, 3, 4] / 10 exact; 11 × … = 3.3, 3.3, 4.4 → 3, 3, 4 + 1 to the largest remainder (4.4)
    expect(splitProportionally(11, [3, 3, 4])).toEqual([3, 3, 5])
  })

  it('breaks ties between equal remainders by index', () => {
    expect(splitProportionally(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(splitProportionally(2, [1, 1, 1])).toEqual([1, 1, 0])
    expect(splitProportionally(1, [5, 5])).toEqual([1, 0])
  })

  it('gives zero weights nothing', () => {
    expect(splitProportionally(101, [0, 1, 0, 1])).toEqual([0, 51, 0, 50])
    expect(splitProportionally(7, [0, 3])).toEqual([0, 7])
  })

  it('returns all zeros for all-zero or no weights', () => {
    expect(splitProportionally(100, [0, 0])).toEqual([0, 0])
    expect(splitProportionally(100, [])).toEqual([])
  })

  it('splits a negative total as its magnitude, negated', () => {
    expect(splitProportionally(-100, [1, 1, 1])).toEqual([-34, -33, -33])
    expect(splitProportionally(0, [1, 2])).toEqual([0, 0])
    expect(splitProportionally(-1, [1, 1]).map((part) => Object.is(part, -0))).toEqual([
      false,
      false,
    ])
  })

  it('always sums exactly to the total', () => {
    let seed = 7
    const next = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % limit
    }
    for (let round = 0; round < 500; round++) {
      const weights = Array.from({ length: 1 + next(6) }, () => next(1_000_000))
      if (weights.every((weight) => weight === 0)) continue
      const total = next(10_000_000)
      const parts = splitProportionally(total, weights)
      expect(parts.reduce((sum, part) => sum + part, 0)).toBe(total)
      const weightSum = weights.reduce((sum, weight) => sum + weight, 0)
      parts.forEach((part, index) => {
        const exact = (total * (weights[index] ?? 0)) / weightSum
        expect(Math.abs(part - exact)).toBeLessThan(1)
      })
    }
  })

  it('is exact for huge totals and weights', () => {
    // Exact shares: 4503599627370495.25, 4503599627370495.25, 0.4999…: the leftover fen goes
    // to the largest remainder, the third.
    expect(splitProportionally(MAX, [MAX, MAX, 1])).toEqual([4503599627370495, 4503599627370495, 1])
    expect(splitProportionally(MAX, [1, 1])).toEqual([4503599627370496, 4503599627370495])
  })

  it('throws for negative or fractional weights', () => {
    expect(() => splitProportionally(100, [1, -1])).toThrow(RangeError)
    expect(() => splitProportionally(100, [0.5])).toThrow(RangeError)
  })
})
