import { describe, expect, it } from 'vitest'
import {
  toChineseCapitalAmount,
  toChineseCapitalAmountFromYuan,
} from '../../../shared/domain/chineseAmount'

describe('toChineseCapitalAmount', () => {
  it.each([
    [0, '零元整'],
    [5, '伍分'],
    [10, '壹角'],
    [15, '壹角伍分'],
    [100, '壹元整'],
    [105, '壹元零伍分'],
    [1000, '壹拾元整'],
    [1234567, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [10000010, '壹拾万元零壹角'],
    [100000000000, '壹拾亿元整'],
  ])('writes %i fen as %s', (amount, expected) => {
    expect(toChineseCapitalAmount(amount)).toBe(expected)
  })

  it.each([
    [140950, '壹仟肆佰零玖元伍角'],
    [600714, '陆仟零柒元壹角肆分'],
    [1640902, '壹万陆仟肆佰零玖元零贰分'],
    [32504, '叁佰贰拾伍元零肆分'],
  ])('writes the mandatory 零 of the 支付结算办法 examples (%i fen → %s)', (amount, expected) => {
    expect(toChineseCapitalAmount(amount)).toBe(expected)
  })

  it.each([
    [1010, '壹拾元零壹角'],
    [168032, '壹仟陆佰捌拾元零叁角贰分'],
    [10700053, '壹拾万零柒仟元零伍角叁分'],
    [10010, '壹佰元零壹角'],
    [1005, '壹拾元零伍分'],
    [1015, '壹拾元零壹角伍分'],
    [100100000, '壹佰万零壹仟元整'],
  ])(
    'writes the optional 零 for a zero run before a non-zero digit (%i fen → %s)',
    (amount, expected) => {
      expect(toChineseCapitalAmount(amount)).toBe(expected)
    },
  )

  it.each([
    [110, '壹元壹角'],
    [1100, '壹拾壹元整'],
    [1910, '壹拾玖元壹角'],
    [1000000, '壹万元整'],
    [10000000, '壹拾万元整'],
    [101000000, '壹佰零壹万元整'],
  ])(
    'writes no 零 where no zero lies between non-zero digits (%i fen → %s)',
    (amount, expected) => {
      expect(toChineseCapitalAmount(amount)).toBe(expected)
    },
  )

  it.each([
    [1000100, '壹万零壹元整'],
    [10000100, '壹拾万零壹元整'],
    [10001000000, '壹亿零壹万元整'],
    [10000000100, '壹亿零壹元整'],
    [100000000000000, '壹万亿元整'],
    [100000000000100, '壹万亿零壹元整'],
    [107190000000000, '壹万零柒佰壹拾玖亿元整'],
    [100010000000000, '壹万零壹亿元整'],
    [100000010000000, '壹万亿零壹拾万元整'],
    [1000000000000000, '壹拾万亿元整'],
  ])('carries 万 and 亿 across zero groups (%i fen → %s)', (amount, expected) => {
    expect(toChineseCapitalAmount(amount)).toBe(expected)
  })

  it('writes the largest safe amount', () => {
    // ¥90,071,992,547,409.91 = 90万 0719亿 9254万 7409元 9角 1分
    expect(toChineseCapitalAmount(Number.MAX_SAFE_INTEGER)).toBe(
      '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分',
    )
  })

  it('prefixes negative amounts with 负', () => {
    expect(toChineseCapitalAmount(-105)).toBe('负壹元零伍分')
    expect(toChineseCapitalAmount(-5)).toBe('负伍分')
    expect(toChineseCapitalAmount(-100000)).toBe('负壹仟元整')
  })

  it('throws for an amount that is not an integer of fen', () => {
    expect(() => toChineseCapitalAmount(1.5)).toThrow(RangeError)
    expect(() => toChineseCapitalAmount(NaN)).toThrow(RangeError)
    expect(() => toChineseCapitalAmount(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError)
  })
})

describe('toChineseCapitalAmountFromYuan', () => {
  it.each([
    [0, '零元整'],
    [0.004, '零元整'],
    [0.005, '壹分'],
    [1.999, '贰元整'],
    [1.005, '壹元零壹分'], // 100.49999999999999 fen in floats: still a half
    [2.675, '贰元陆角捌分'],
    [12345.67, '壹万贰仟叁佰肆拾伍元陆角柒分'],
    [-0.005, '负壹分'],
  ])('rounds %d yuan half-up to the fen first (%s)', (yuan, expected) => {
    expect(toChineseCapitalAmountFromYuan(yuan)).toBe(expected)
  })
})
