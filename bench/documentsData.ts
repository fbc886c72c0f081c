/** Synthetic cached records for the documents benchmarks (bench/documents.bench.ts). */
import type { Delivery, Transaction } from '../shared/api'

export const BENCH_SHIPPED_AT = Date.UTC(2026, 10, 22, 2, 0)
export const BENCH_DEALER = {
  code: 'SH001',
  nameZh: '上海华东贸易有限公司',
  nameEn: 'Shanghai East Trading Co.',
}

export function benchDelivery(lineCount: number, index = 0): Delivery {
  const lines = Array.from({ length: lineCount }, (_, line) => ({
    deliveryLineId: `dv${index}l${line}`,
    orderLineId: `ol${line}`,
    productId: `p${line}`,
    sku: `SKU-${String(line + 1).padStart(5, '0')}`,
    nameZh: `工业吊扇 型号 ${line}`,
    nameEn: `Industrial ceiling fan model ${line}`,
    specZh: '220V 50Hz 白色',
    specEn: '220V 50Hz white',
    unitZh: '台',
    unitEn: 'pcs',
    quantity: 3 + (line % 7),
    unitPrice: 12_345 + line,
    amount: (3 + (line % 7)) * (12_345 + line),
    receivedQuantity: null,
  }))
  return {
    id: `dv${index}`,
    number: `DN20261122-${String(index + 1).padStart(4, '0')}`,
    dealerId: 'd_sh',
    orderId: 'o1',
    orderNumber: 'SO20261120-0042',
    status: 'has_delivered',
    carrier: '顺丰速运',
    trackingNumber: `SF${1_000_000 + index}`,
    warehouse: '苏州一号仓',
    shippedAt: BENCH_SHIPPED_AT + index * 1000,
    address: {
      id: 'a1',
      contact: '王经理',
      phone: '13800000000',
      province: '上海市',
      city: '上海市',
      district: '浦东新区',
      line: '张江路 100 号',
      isDefault: true,
    },
    lines,
    amount: lines.reduce((sum, line) => sum + line.amount, 0),
    receivedAt: null,
    receiptRemark: null,
    statusHistory: [],
    createdAt: BENCH_SHIPPED_AT,
    modifiedAt: BENCH_SHIPPED_AT,
  }
}

/** `count` deposit movements inside November 2026 (China time), one every 40 minutes. */
export function benchTransactions(count: number): Transaction[] {
  let balance = 10_000_000
  return Array.from({ length: count }, (_, index) => {
    const amount = index % 3 === 0 ? 150_000 : -48_765
    balance += amount
    return {
      id: `tx${String(index).padStart(6, '0')}`,
      at: Date.UTC(2026, 10, 1) + index * 2_400_000,
      accountType: 'deposit' as const,
      type: amount > 0 ? ('topUp' as const) : ('orderDeduction' as const),
      amount,
      lockedChange: 0,
      balanceAfter: balance,
      availableAfter: balance,
      documentType: null,
      documentId: null,
      documentNumber: amount > 0 ? null : `DN20261101-${String(index).padStart(4, '0')}`,
      note: null,
    }
  })
}
