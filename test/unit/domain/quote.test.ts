import { describe, expect, it } from 'vitest'
import { quoteLines, type PriceListItem } from '../../../shared/domain'

const item = (productId: string, overrides: Partial<PriceListItem> = {}): PriceListItem => ({
  priceListId: 'L1',
  productId,
  price: 4_600,
  tiers: [],
  minQuantity: 1,
  step: 1,
  validFrom: null,
  validTo: null,
  ...overrides,
})

const catalog: Record<string, { status: string; item: PriceListItem | null }> = {
  TIERED: {
    status: 'onSale',
    item: item('TIERED', {
      tiers: [
        { minQuantity: 10, price: 4_500 },
        { minQuantity: 100, price: 4_370 },
      ],
    }),
  },
  PACKED: { status: 'onSale', item: item('PACKED', { minQuantity: 6, step: 6, price: 100 }) },
  OFF: { status: 'discontinued', item: item('OFF') },
  UNPRICED: { status: 'onSale', item: null },
  DEAR: { status: 'onSale', item: item('DEAR', { price: Number.MAX_SAFE_INTEGER }) },
  HALF: { status: 'onSale', item: item('HALF', { price: 2 ** 52 }) },
  HALF2: { status: 'onSale', item: item('HALF2', { price: 2 ** 52 }) },
}
const sources = {
  productStatus: (productId: string) => catalog[productId]?.status,
  priceItem: (productId: string) => catalog[productId]?.item ?? null,
}

describe('quoteLines (one quote rule for every backend)', () => {
  it('prices each line at its tier and names the tier that applied', () => {
    const quote = quoteLines(
      [
        { productId: 'TIERED', quantity: 120 },
        { productId: 'PACKED', quantity: 12 },
      ],
      sources,
    )
    expect(quote.lines[0]).toEqual({
      productId: 'TIERED',
      quantity: 120,
      priceListId: 'L1',
      listPrice: 4_600,
      unitPrice: 4_370,
      amount: 524_400,
      tierApplied: { minQuantity: 100, price: 4_370 },
      minQuantity: 1,
      step: 1,
      problems: [],
    })
    expect(quote.lines[1]).toMatchObject({ unitPrice: 100, amount: 1_200, tierApplied: null })
    expect(quote.total).toBe(525_600)
    expect(quote.problems).toEqual([])
    expect(quote.items).toEqual([catalog.TIERED!.item, catalog.PACKED!.item])
  })

  it('refuses per line with the first rule that applies, each problem naming its product and line', () => {
    const quote = quoteLines(
      [
        { productId: 'NOPE', quantity: 1 },
        { productId: 'TIERED', quantity: 1 },
        { productId: 'TIERED', quantity: 2 },
        { productId: 'OFF', quantity: 1 },
        { productId: 'UNPRICED', quantity: 1 },
        { productId: 'PACKED', quantity: 3 },
        { productId: 'DEAR', quantity: 2 },
      ],
      sources,
    )
    expect(quote.lines.map((line) => line.problems.map((problem) => problem.code))).toEqual([
      ['order.productNotFound'],
      [],
      ['order.duplicateProduct'],
      ['order.productOffSale'],
      ['order.productNotInPriceList'],
      ['order.belowMinQuantity'],
      ['order.amountTooLarge'],
    ])
    expect(quote.problems.map((problem) => [problem.lineIndex, problem.params])).toEqual([
      [0, { productId: 'NOPE' }],
      [2, { productId: 'TIERED' }],
      [3, { productId: 'OFF' }],
      [4, { productId: 'UNPRICED' }],
      [5, { minQuantity: 6, productId: 'PACKED' }],
      [6, { productId: 'DEAR' }],
    ])
    // A refused line is not priced; its list figures show when the item was found.
    expect(quote.lines[5]).toMatchObject({ listPrice: 100, unitPrice: null, amount: null, step: 6 })
    expect(quote.lines[0]).toMatchObject({ priceListId: null, listPrice: null })
    expect(quote.items.map((found) => found?.productId ?? null)).toEqual([
      null,
      'TIERED',
      null,
      null,
      null,
      'PACKED',
      'DEAR',
    ])
    expect(quote.total).toBe(4_600)
  })

  it('refuses the line that takes the running total beyond safe integers, never throws', () => {
    const quote = quoteLines(
      [
        { productId: 'HALF', quantity: 1 },
        { productId: 'HALF2', quantity: 1 },
      ],
      sources,
    )
    expect(quote.lines.map((line) => line.amount)).toEqual([2 ** 52, null])
    expect(quote.problems).toEqual([
      { code: 'order.amountTooLarge', params: { productId: 'HALF2' }, lineIndex: 1 },
    ])
  })
})
