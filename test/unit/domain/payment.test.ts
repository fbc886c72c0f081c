import { describe, expect, it } from 'vitest'
import type { PaymentCapacity, RebateRule } from '../../../shared/domain/payment'
import {
  rebateAllowance,
  suggestAllocation,
  validateAllocation,
} from '../../../shared/domain/payment'

const rule = (overrides: Partial<RebateRule> = {}): RebateRule => ({
  minOrderAmount: null,
  maxAmount: null,
  maxPercent: null,
  ...overrides,
})

describe('rebateAllowance', () => {
  it('without a rule allows up to the rebate available, never more than the total', () => {
    expect(rebateAllowance(100000, null, 30000)).toBe(30000)
    expect(rebateAllowance(20000, null, 30000)).toBe(20000)
  })

  it('with an empty rule behaves as without a rule', () => {
    expect(rebateAllowance(100000, rule(), 30000)).toBe(30000)
  })

  it('allows nothing below the minimum order amount', () => {
    const minimum = rule({ minOrderAmount: 50000, maxPercent: 10 })
    expect(rebateAllowance(49999, minimum, 1_000_000)).toBe(0)
    expect(rebateAllowance(50000, minimum, 1_000_000)).toBe(5000)
  })

  it('caps at the maximum amount', () => {
    expect(rebateAllowance(1_000_000, rule({ maxAmount: 12000 }), 1_000_000)).toBe(12000)
  })

  it('caps at the maximum percent of the total, rounded half-up', () => {
    expect(rebateAllowance(1_000_000, rule({ maxPercent: 12.5 }), 1_000_000)).toBe(125000)
    expect(rebateAllowance(1005, rule({ maxPercent: 10 }), 1_000_000)).toBe(101)
  })

  it('takes the smaller of the maximum amount and the maximum percent', () => {
    const both = rule({ maxAmount: 12000, maxPercent: 10 })
    expect(rebateAllowance(100000, both, 1_000_000)).toBe(10000)
    expect(rebateAllowance(200000, both, 1_000_000)).toBe(12000)
  })

  it('never exceeds the rebate available', () => {
    expect(rebateAllowance(1_000_000, rule({ maxAmount: 50000, maxPercent: 10 }), 3000)).toBe(3000)
  })

  it('is never negative', () => {
    expect(rebateAllowance(0, null, 5000)).toBe(0)
    expect(rebateAllowance(-100, null, 5000)).toBe(0)
    expect(rebateAllowance(10000, null, -5000)).toBe(0)
    expect(rebateAllowance(10000, rule({ maxAmount: -1 }), 5000)).toBe(0)
    expect(rebateAllowance(10000, rule({ maxPercent: -10 }), 5000)).toBe(0)
  })

  it('allows nothing with a zero cap', () => {
    expect(rebateAllowance(10000, rule({ maxAmount: 0 }), 5000)).toBe(0)
    expect(rebateAllowance(10000, rule({ maxPercent: 0 }), 5000)).toBe(0)
  })
})

const capacity = (overrides: Partial<PaymentCapacity> = {}): PaymentCapacity => ({
  depositAvailable: 50000,
  rebateAllowance: 10000,
  creditAvailable: 100000,
  ...overrides,
})

describe('suggestAllocation', () => {
  it('uses rebate first, then deposit, then credit', () => {
    expect(suggestAllocation(100000, capacity())).toEqual({
      allocation: { rebate: 10000, deposit: 50000, credit: 40000 },
      shortfall: 0,
    })
  })

  it('stops once the total is covered', () => {
    expect(suggestAllocation(8000, capacity())).toEqual({
      allocation: { rebate: 8000, deposit: 0, credit: 0 },
      shortfall: 0,
    })
    expect(suggestAllocation(30000, capacity())).toEqual({
      allocation: { rebate: 10000, deposit: 20000, credit: 0 },
      shortfall: 0,
    })
  })

  it('reports what nothing can cover as the shortfall', () => {
    expect(suggestAllocation(200000, capacity())).toEqual({
      allocation: { rebate: 10000, deposit: 50000, credit: 100000 },
      shortfall: 40000,
    })
  })

  it('counts negative capacities as zero', () => {
    expect(
      suggestAllocation(
        1000,
        capacity({ depositAvailable: -500, rebateAllowance: -1, creditAvailable: 0 }),
      ),
    ).toEqual({
      allocation: { rebate: 0, deposit: 0, credit: 0 },
      shortfall: 1000,
    })
  })

  it('needs nothing for a zero total', () => {
    expect(suggestAllocation(0, capacity())).toEqual({
      allocation: { rebate: 0, deposit: 0, credit: 0 },
      shortfall: 0,
    })
  })

  it('produces an allocation that validates whenever there is no shortfall', () => {
    for (const total of [0, 1, 9999, 10000, 60000, 160000]) {
      const { allocation, shortfall } = suggestAllocation(total, capacity())
      expect(shortfall).toBe(0)
      expect(validateAllocation(total, allocation, capacity())).toEqual([])
    }
  })
})

describe('validateAllocation', () => {
  it('accepts a split within every limit that adds up to the total', () => {
    expect(
      validateAllocation(60000, { deposit: 50000, rebate: 10000, credit: 0 }, capacity()),
    ).toEqual([])
    expect(validateAllocation(60000, { deposit: 0, rebate: 0, credit: 60000 }, capacity())).toEqual(
      [],
    )
  })

  it("rejects a rebate above the order's allowance", () => {
    expect(
      validateAllocation(60000, { deposit: 49999, rebate: 10001, credit: 0 }, capacity()),
    ).toEqual([{ code: 'order.rebateAboveAllowance', params: { allowance: 10000 } }])
  })

  it('rejects more deposit than available', () => {
    expect(
      validateAllocation(60001, { deposit: 50001, rebate: 10000, credit: 0 }, capacity()),
    ).toEqual([{ code: 'order.depositShort', params: { available: 50000 } }])
  })

  it('rejects more credit than available', () => {
    expect(
      validateAllocation(100001, { deposit: 0, rebate: 0, credit: 100001 }, capacity()),
    ).toEqual([{ code: 'order.creditShort', params: { available: 100000 } }])
  })

  it('rejects a split that does not add up to the total, either way', () => {
    expect(
      validateAllocation(60000, { deposit: 40000, rebate: 10000, credit: 0 }, capacity()),
    ).toEqual([{ code: 'order.allocationMismatch', params: { total: 60000, allocated: 50000 } }])
    expect(
      validateAllocation(60000, { deposit: 50000, rebate: 10000, credit: 1 }, capacity()),
    ).toEqual([{ code: 'order.allocationMismatch', params: { total: 60000, allocated: 60001 } }])
  })

  it('reports every problem, in the documented order', () => {
    const errors = validateAllocation(
      1000,
      { deposit: 60000, rebate: 20000, credit: 200000 },
      capacity(),
    )
    expect(errors.map((error) => error.code)).toEqual([
      'order.rebateAboveAllowance',
      'order.depositShort',
      'order.creditShort',
      'order.allocationMismatch',
    ])
  })

  it('rejects negative and fractional amounts per field and skips the sum check', () => {
    const errors = validateAllocation(1000, { deposit: -1, rebate: 0.5, credit: NaN }, capacity())
    expect(errors).toEqual([
      { code: 'order.paymentAmountInvalid', params: { field: 'deposit' } },
      { code: 'order.paymentAmountInvalid', params: { field: 'rebate' } },
      { code: 'order.paymentAmountInvalid', params: { field: 'credit' } },
    ])
  })

  it('still checks the valid fields when another is invalid', () => {
    const errors = validateAllocation(1000, { deposit: 60000, rebate: -5, credit: 0 }, capacity())
    expect(errors).toEqual([
      { code: 'order.paymentAmountInvalid', params: { field: 'rebate' } },
      { code: 'order.depositShort', params: { available: 50000 } },
    ])
  })

  it('treats a negative capacity as nothing available', () => {
    expect(
      validateAllocation(
        1,
        { deposit: 1, rebate: 0, credit: 0 },
        capacity({ depositAvailable: -10 }),
      ),
    ).toEqual([{ code: 'order.depositShort', params: { available: 0 } }])
  })

  it('accepts an all-zero split of a zero total', () => {
    expect(validateAllocation(0, { deposit: 0, rebate: 0, credit: 0 }, capacity())).toEqual([])
  })
})
