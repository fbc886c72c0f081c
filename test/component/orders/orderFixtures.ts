/** Orders as the bridge answers them, for the orders component tests. */
import type { Order } from '../../../shared/api'
import type { OrderDetail, OrderSummary } from '../../../shared/contract/orders'

const AT = Date.UTC(2026, 10, 20, 2, 30)

export function orderRecord(overrides: Partial<Order> = {}): Order {
  return {
    id: 'o_1',
    number: 'SO202611200001',
    dealerId: 'd_sh',
    status: 'under_review',
    lines: [
      {
        lineId: 'l1',
        productId: 'P000001',
        sku: 'SKU-0001',
        nameZh: '圆顶机',
        nameEn: 'Dome camera',
        specZh: '4MP',
        specEn: '4MP',
        unitZh: '台',
        unitEn: 'pcs',
        quantity: 20,
        unitPrice: 4600,
        amount: 92_000,
        deliveredQuantity: 0,
        returnedQuantity: 0,
      },
      {
        lineId: 'l2',
        productId: 'P000002',
        sku: 'SKU-0002',
        nameZh: '枪机',
        nameEn: 'Bullet camera',
        specZh: '8MP',
        specEn: '8MP',
        unitZh: '台',
        unitEn: 'pcs',
        quantity: 10,
        unitPrice: 8000,
        amount: 80_000,
        deliveredQuantity: 0,
        returnedQuantity: 0,
      },
    ],
    total: 172_000,
    payment: { deposit: 150_000, rebate: 12_000, credit: 10_000 },
    deducted: { deposit: 0, rebate: 0, credit: 0 },
    address: {
      id: 'adr_sh_1',
      contact: '周建国',
      phone: '021-58831234',
      province: '上海市',
      city: '上海市',
      district: '浦东新区',
      line: '康桥东路 1288 弄',
      isDefault: true,
    },
    remark: null,
    requestedDeliveryDate: null,
    statusHistory: [{ status: 'under_review', at: AT, note: null }],
    deliveredAmount: 0,
    returnedAmount: 0,
    invoiceRequestedAmount: 0,
    invoiceableAmount: 0,
    deliveryIds: [],
    returnIds: [],
    invoiceRequestIds: [],
    createdBy: '李强',
    createdAt: AT,
    modifiedAt: AT,
    ...overrides,
  }
}

export function orderDetail(
  overrides: Partial<Order> = {},
  extra: Partial<OrderDetail> = {},
): OrderDetail {
  return {
    order: orderRecord(overrides),
    deliveries: [],
    returns: [],
    invoiceRequests: [],
    cancelPending: false,
    shortages: [],
    ...extra,
  }
}

export function orderSummary(index: number, overrides: Partial<OrderSummary> = {}): OrderSummary {
  return {
    id: `o_${index}`,
    number: `SO2026${String(index).padStart(8, '0')}`,
    status: 'delivered',
    total: 100_000 + index,
    lineCount: 3,
    createdAt: AT - index * 60_000,
    firstLine: { sku: `SKU-${index}`, nameZh: '圆顶机', nameEn: 'Dome camera' },
    address: '上海市 上海市 浦东新区 康桥东路 1288 弄',
    outbox: null,
    ...overrides,
  }
}
