import { describe, expect, it } from 'vitest'
import { productSnapshot, type Order, type Product } from '../../../shared/api'
import { orderFromQuote } from '../../../shared/domain'

const product = {
  id: 'p1',
  sku: 'SKU-1',
  nameZh: '螺丝',
  nameEn: 'Screw',
  specZh: 'M4',
  specEn: 'M4',
  unitZh: '盒',
  unitEn: 'box',
  status: 'onSale',
} as unknown as Product

const input = {
  id: 'ord_1',
  number: 'SO202612030001',
  dealerId: 'd1',
  status: 'under_review' as const,
  request: {
    lines: [{ productId: 'p1', quantity: 3 }],
    addressId: 'a1',
    payment: { deposit: 300, rebate: 0, credit: 0 },
    remark: 'by noon',
  },
  priced: { lines: [{ productId: 'p1', quantity: 3, unitPrice: 100, amount: 300 }], total: 300 },
  products: new Map([['p1', product]]),
  snapshot: productSnapshot,
  address: { id: 'a1' } as Order['address'],
  createdBy: 'Li Lei',
  at: 1_700_000_000_000,
}

describe('orderFromQuote', () => {
  it('makes the new order record of a priced submission', () => {
    const order: Order = orderFromQuote(input)
    expect(order.lines).toEqual([
      {
        lineId: 'ord_1-1',
        productId: 'p1',
        ...productSnapshot(product),
        quantity: 3,
        unitPrice: 100,
        amount: 300,
        deliveredQuantity: 0,
        returnedQuantity: 0,
      },
    ])
    expect(order).toMatchObject({
      id: 'ord_1',
      number: 'SO202612030001',
      status: 'under_review',
      total: 300,
      payment: { deposit: 300, rebate: 0, credit: 0 },
      deducted: { deposit: 0, rebate: 0, credit: 0 },
      remark: 'by noon',
      requestedDeliveryDate: null,
      statusHistory: [{ status: 'under_review', at: input.at, note: null }],
      invoiceableAmount: 0,
      deliveryIds: [],
      createdBy: 'Li Lei',
      createdAt: input.at,
      modifiedAt: input.at,
    })
    expect(order.payment).not.toBe(input.request.payment)
    expect('approval' in order).toBe(false)
  })

  it('refuses (a bug) a priced line whose product it was not given', () => {
    expect(() => orderFromQuote({ ...input, products: new Map() })).toThrow(/p1/)
  })
})
