/** Cart views as main answers them, for component tests. */
import type { CartLineView, CartView } from '../../../shared/contract/cart'

export function cartLine(index: number, overrides: Partial<CartLineView> = {}): CartLineView {
  const unitPrice = overrides.unitPrice ?? 1000
  const quantity = overrides.quantity ?? 6
  return {
    productId: `p${index}`,
    sku: `SKU-${index}`,
    nameZh: `圆顶机${index}`,
    nameEn: `Dome machine ${index}`,
    specZh: '标准',
    specEn: 'standard',
    unitZh: '台',
    unitEn: 'unit',
    quantity,
    unitPrice,
    listPrice: unitPrice,
    amount: unitPrice * quantity,
    tierApplied: false,
    tiers: [],
    minQuantity: 6,
    step: 6,
    previousPrice: null,
    priceChangedAt: null,
    problems: [],
    ...overrides,
  }
}

export function cartView(lines: CartLineView[], overrides: Partial<CartView> = {}): CartView {
  const total = lines.reduce((sum, line) => sum + (line.amount ?? 0), 0)
  return {
    dealerId: 'd1',
    lines,
    total,
    hasProblems: lines.some((line) => line.problems.length > 0),
    addresses: [
      {
        id: 'a1',
        contact: '王',
        phone: '138',
        province: '上海',
        city: '上海',
        district: '浦东',
        line: '1号',
        isDefault: true,
      },
    ],
    details: { addressId: 'a1', remark: '', requestedDeliveryDate: null },
    capacity: { depositAvailable: 10_000_000, rebateAvailable: 0, creditAvailable: 0 },
    rebateRule: null,
    rebateAllowance: 0,
    suggestedPayment: { deposit: total, rebate: 0, credit: 0 },
    shortfall: 0,
    ...overrides,
  }
}
