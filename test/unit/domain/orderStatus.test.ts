import { describe, expect, it } from 'vitest'
import {
  DELIVERY_STATUSES,
  INVOICE_REQUEST_STATUSES,
  LIFE_STATUSES,
  ORDER_STATUSES,
  RETURN_STATUSES,
  TRANSITIONS,
  canTransition,
  isOrderCancellable,
  isOrderOpen,
  isOrderStatus,
} from '../../../shared/domain/orderStatus'

describe('status lists', () => {
  it('list the statuses of domain.md', () => {
    expect(ORDER_STATUSES).toEqual([
      'under_review',
      'confirmed',
      'partially_delivered',
      'delivered',
      'received',
      'cancelled',
      'rejected',
    ])
    expect(RETURN_STATUSES).toEqual([
      'under_review',
      'approved',
      'received',
      'refunded',
      'rejected',
    ])
    expect(INVOICE_REQUEST_STATUSES).toEqual(['under_review', 'issued', 'rejected'])
    expect(DELIVERY_STATUSES).toEqual(['has_delivered', 'received'])
    expect(LIFE_STATUSES).toEqual(['ineffective', 'under_review', 'normal', 'in_change', 'invalid'])
  })

  it('give every status a transition entry, pointing only at statuses of the same kind', () => {
    const lists = {
      order: ORDER_STATUSES,
      return: RETURN_STATUSES,
      invoiceRequest: INVOICE_REQUEST_STATUSES,
      delivery: DELIVERY_STATUSES,
    }
    for (const [kind, statuses] of Object.entries(lists)) {
      const table: Record<string, readonly string[]> = TRANSITIONS[kind as keyof typeof lists]
      expect(Object.keys(table).sort()).toEqual([...statuses].sort())
      for (const next of Object.values(table))
        for (const status of next) expect(statuses).toContain(status)
    }
  })
})

describe('canTransition', () => {
  it('follows the order life cycle', () => {
    const allowed = [
      ['under_review', 'confirmed'],
      ['under_review', 'cancelled'],
      ['under_review', 'rejected'],
      ['confirmed', 'partially_delivered'],
      ['confirmed', 'delivered'],
      ['partially_delivered', 'delivered'],
      ['delivered', 'received'],
    ]
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to)
        expect(canTransition('order', from, to), `${from} → ${to}`).toBe(expected)
      }
    }
  })

  it('does not let a confirmed order be cancelled or skip to received', () => {
    expect(canTransition('order', 'confirmed', 'cancelled')).toBe(false)
    expect(canTransition('order', 'confirmed', 'received')).toBe(false)
    expect(canTransition('order', 'partially_delivered', 'received')).toBe(false)
  })

  it('follows the return life cycle', () => {
    expect(canTransition('return', 'under_review', 'approved')).toBe(true)
    expect(canTransition('return', 'under_review', 'rejected')).toBe(true)
    expect(canTransition('return', 'approved', 'received')).toBe(true)
    expect(canTransition('return', 'received', 'refunded')).toBe(true)
    expect(canTransition('return', 'under_review', 'refunded')).toBe(false)
    expect(canTransition('return', 'refunded', 'rejected')).toBe(false)
    expect(canTransition('return', 'rejected', 'approved')).toBe(false)
  })

  it('follows the invoice request and delivery life cycles', () => {
    expect(canTransition('invoiceRequest', 'under_review', 'issued')).toBe(true)
    expect(canTransition('invoiceRequest', 'under_review', 'rejected')).toBe(true)
    expect(canTransition('invoiceRequest', 'issued', 'rejected')).toBe(false)
    expect(canTransition('delivery', 'has_delivered', 'received')).toBe(true)
    expect(canTransition('delivery', 'received', 'has_delivered')).toBe(false)
  })

  it('never allows staying put, unknown statuses or statuses of another kind', () => {
    for (const status of ORDER_STATUSES) expect(canTransition('order', status, status)).toBe(false)
    expect(canTransition('order', 'unknown', 'confirmed')).toBe(false)
    expect(canTransition('order', 'under_review', 'approved')).toBe(false)
    expect(canTransition('order', 'toString', 'confirmed')).toBe(false)
    expect(canTransition('order', 'constructor', 'confirmed')).toBe(false)
  })
})

describe('order guards', () => {
  it('lets the dealer cancel only an order under review', () => {
    expect(ORDER_STATUSES.filter(isOrderCancellable)).toEqual(['under_review'])
  })

  it('treats received, cancelled and rejected orders as closed', () => {
    expect(ORDER_STATUSES.filter(isOrderOpen)).toEqual([
      'under_review',
      'confirmed',
      'partially_delivered',
      'delivered',
    ])
    expect(isOrderOpen('whatever')).toBe(false)
  })

  it('recognises order statuses', () => {
    expect(isOrderStatus('delivered')).toBe(true)
    expect(isOrderStatus('approved')).toBe(false)
    expect(isOrderStatus(undefined)).toBe(false)
  })
})
