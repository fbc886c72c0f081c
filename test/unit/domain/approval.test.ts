import { describe, expect, it } from 'vitest'
import {
  approvalReasons,
  canTransition,
  isOrderCancellable,
  isOrderOpen,
  linePriceChanges,
  NO_APPROVAL_RULE,
} from '../../../shared/domain'

const agent = { userId: 'u_agent', roles: ['orderer'] }

describe('approvalReasons', () => {
  it('holds nothing without a rule', () => {
    expect(approvalReasons(NO_APPROVAL_RULE, 10_000_000, agent)).toEqual([])
  })

  it('holds orders strictly above the amount', () => {
    const rule = { amountAbove: 100_000, ordererIds: [] }
    expect(approvalReasons(rule, 100_000, agent)).toEqual([])
    expect(approvalReasons(rule, 100_001, agent)).toEqual(['amountAbove'])
    expect(approvalReasons({ amountAbove: 0, ordererIds: [] }, 1, agent)).toEqual(['amountAbove'])
  })

  it('holds every order of a named orderer, with both reasons when both apply', () => {
    const rule = { amountAbove: 100_000, ordererIds: ['u_agent'] }
    expect(approvalReasons(rule, 1, agent)).toEqual(['orderer'])
    expect(approvalReasons(rule, 200_000, agent)).toEqual(['amountAbove', 'orderer'])
    expect(approvalReasons(rule, 1, { userId: 'u_other', roles: ['orderer'] })).toEqual([])
  })

  it("never holds an admin's own order", () => {
    const rule = { amountAbove: 0, ordererIds: ['u_admin'] }
    expect(approvalReasons(rule, 500, { userId: 'u_admin', roles: ['orderer', 'admin'] })).toEqual(
      [],
    )
  })
})

describe('linePriceChanges', () => {
  it('lists only the lines whose unit price moved, null when no longer priced', () => {
    const held = [
      { productId: 'A', quantity: 2, unitPrice: 100 },
      { productId: 'B', quantity: 1, unitPrice: 200 },
      { productId: 'C', quantity: 5, unitPrice: 300 },
    ]
    const quoted = [
      { productId: 'A', quantity: 2, unitPrice: 100 },
      { productId: 'B', quantity: 1, unitPrice: 250 },
      { productId: 'C', quantity: 5, unitPrice: null },
    ]
    expect(linePriceChanges(held, quoted)).toEqual([
      { productId: 'B', quantity: 1, before: 200, after: 250 },
      { productId: 'C', quantity: 5, before: 300, after: null },
    ])
  })
})

describe('held order life cycle', () => {
  it('goes to under review when approved, declined or cancelled, and declined is final', () => {
    expect(canTransition('order', 'awaiting_approval', 'under_review')).toBe(true)
    expect(canTransition('order', 'awaiting_approval', 'declined')).toBe(true)
    expect(canTransition('order', 'awaiting_approval', 'cancelled')).toBe(true)
    // The manufacturer never sees it: no confirm or reject straight from awaiting approval.
    expect(canTransition('order', 'awaiting_approval', 'confirmed')).toBe(false)
    expect(canTransition('order', 'awaiting_approval', 'rejected')).toBe(false)
    expect(canTransition('order', 'declined', 'under_review')).toBe(false)
    expect(isOrderCancellable('awaiting_approval')).toBe(true)
    expect(isOrderOpen('awaiting_approval')).toBe(true)
    expect(isOrderOpen('declined')).toBe(false)
  })
})
