import { describe, expect, it } from 'vitest'
import zhCN from '../../../locales/zh-CN.json'
import enUS from '../../../locales/en-US.json'
import {
  RETURN_REASONS,
  checkReturnLine,
  isReturnReason,
  refundSplit,
  returnableQuantity,
} from '../../../shared/domain/returns'

describe('RETURN_REASONS', () => {
  it('accepts exactly the reasons the form offers, each named in both languages', () => {
    for (const reason of RETURN_REASONS) {
      expect(isReturnReason(reason)).toBe(true)
      expect(zhCN.returns.reason[reason], reason).toBeTruthy()
      expect(enUS.returns.reason[reason], reason).toBeTruthy()
    }
    expect(isReturnReason('broken')).toBe(false)
    expect(isReturnReason('toString')).toBe(false)
    expect(isReturnReason(undefined)).toBe(false)
  })
})

describe('returnableQuantity', () => {
  it('is what was delivered minus what was already returned', () => {
    expect(returnableQuantity(10, 0)).toBe(10)
    expect(returnableQuantity(10, 4)).toBe(6)
    expect(returnableQuantity(10, 10)).toBe(0)
  })

  it('is never negative', () => {
    expect(returnableQuantity(10, 12)).toBe(0)
    expect(returnableQuantity(0, 0)).toBe(0)
    expect(returnableQuantity(NaN, 0)).toBe(0)
  })
})

describe('checkReturnLine', () => {
  it('accepts up to the returnable quantity', () => {
    expect(checkReturnLine({ quantity: 1, delivered: 10, alreadyReturned: 4 })).toBeNull()
    expect(checkReturnLine({ quantity: 6, delivered: 10, alreadyReturned: 4 })).toBeNull()
  })

  it('rejects more than the returnable quantity', () => {
    expect(checkReturnLine({ quantity: 7, delivered: 10, alreadyReturned: 4 })).toEqual({
      code: 'return.quantityAboveReturnable',
      params: { returnable: 6 },
    })
    expect(checkReturnLine({ quantity: 1, delivered: 10, alreadyReturned: 10 })).toEqual({
      code: 'return.quantityAboveReturnable',
      params: { returnable: 0 },
    })
  })

  it('rejects a quantity that is not a positive integer', () => {
    for (const quantity of [0, -1, 1.5, NaN, Infinity]) {
      expect(checkReturnLine({ quantity, delivered: 10, alreadyReturned: 0 })).toEqual({
        code: 'return.quantityInvalid',
      })
    }
  })
})

describe('refundSplit', () => {
  it('refunds in proportion to how the order was paid', () => {
    expect(refundSplit(10000, { deposit: 60000, rebate: 20000, credit: 20000 })).toEqual({
      deposit: 6000,
      rebate: 2000,
      credit: 2000,
    })
  })

  it('refunds an order paid one way entirely that way', () => {
    expect(refundSplit(12345, { deposit: 0, rebate: 0, credit: 50000 })).toEqual({
      deposit: 0,
      rebate: 0,
      credit: 12345,
    })
    expect(refundSplit(12345, { deposit: 0, rebate: 50000, credit: 0 })).toEqual({
      deposit: 0,
      rebate: 12345,
      credit: 0,
    })
  })

  it('sums exactly to the refund, leftover fen to the largest remainder', () => {
    // 100 × (1, 1, 1) / 3: 33.33 each, the extra fen to deposit (first on a tie).
    expect(refundSplit(100, { deposit: 1, rebate: 1, credit: 1 })).toEqual({
      deposit: 34,
      rebate: 33,
      credit: 33,
    })
    // 1001 × (30, 70, 0) / 100 = 300.3, 700.7 → 300, 701
    expect(refundSplit(1001, { deposit: 30, rebate: 70, credit: 0 })).toEqual({
      deposit: 300,
      rebate: 701,
      credit: 0,
    })
    for (const refund of [1, 2, 3, 99, 101, 9999, 123457]) {
      const split = refundSplit(refund, { deposit: 33333, rebate: 33333, credit: 33334 })
      expect(split.deposit + split.rebate + split.credit).toBe(refund)
    }
  })

  it('refunds everything to deposit when the order was paid with nothing', () => {
    expect(refundSplit(500, { deposit: 0, rebate: 0, credit: 0 })).toEqual({
      deposit: 500,
      rebate: 0,
      credit: 0,
    })
  })

  it('refunds nothing for a zero refund', () => {
    expect(refundSplit(0, { deposit: 5, rebate: 5, credit: 5 })).toEqual({
      deposit: 0,
      rebate: 0,
      credit: 0,
    })
  })
})
