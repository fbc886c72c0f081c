import { describe, expect, it } from 'vitest'
import {
  DELIVERY_STATUSES,
  INVOICE_REQUEST_STATUSES,
  ORDER_STATUSES,
  RETURN_STATUSES,
  TRANSITIONS,
  canTransition,
  isOrderCancellable,
  isOrderOpen,
  isOrderStatus,
} from '../../../shared/domain/orderStatus'

const LISTS = {
  order: ORDER_STATUSES,
  return: RETURN_STATUSES,
  invoiceRequest: INVOICE_REQUEST_STATUSES,
  delivery: DELIVERY_STATUSES,
} as const

describe('life cycles', () => {
  it('reach every status from the first one, so none is a dead entry', () => {
    const first = {
      // a held order starts awaiting the dealer's approval; every other starts under review.
      order: 'awaiting_approval',
      return: 'under_review',
      invoiceRequest: 'under_review',
      delivery: 'has_delivered',
    } as const
    for (const kind of Object.keys(LISTS) as (keyof typeof LISTS)[]) {
      const table: Record<string, readonly string[]> = TRANSITIONS[kind]
      const reached = new Set<string>([first[kind]])
      for (const status of reached) for (const next of table[status] ?? []) reached.add(next)
      expect([...reached].sort(), kind).toEqual([...LISTS[kind]].sort())
    }
  })

  it('give every status a transition entry, pointing only at statuses of the same kind', () => {
    for (const [kind, statuses] of Object.entries(LISTS)) {
      const table: Record<string, readonly string[]> = TRANSITIONS[kind as keyof typeof LISTS]
      expect(Object.keys(table).sort()).toEqual([...statuses].sort())
      for (const next of Object.values(table))
        for (const status of next) expect(statuses).toContain(status)
    }
  })
})

describe('canTransition', () => {
  it('follows the order life cycle', () => {
    const allowed = [
      ['awaiting_approval', 'under_review'],
      ['awaiting_approval', 'declined'],
      ['awaiting_approval', 'cancelled'],
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
  it('lets the dealer cancel only an order awaiting approval or under review', () => {
    expect(ORDER_STATUSES.filter(isOrderCancellable)).toEqual(['awaiting_approval', 'under_review'])
  })

  it('treats received, cancelled, rejected and declined orders as closed', () => {
    expect(ORDER_STATUSES.filter(isOrderOpen)).toEqual([
      'awaiting_approval',
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
