import { describe, expect, it } from 'vitest'
import { PORTAL_ROUTES } from '../../../../shared/api'
import { FAIL, FAST_RESPONSES } from '../../../../electron/services/upstream/feedPageFastPath'

const product = {
  id: 'p_000001',
  sku: 'HB-M8×30',
  nameZh: '六角螺栓',
  nameEn: 'Hex bolt',
  specZh: 'M8×30 镀锌',
  specEn: 'M8×30 zinc',
  unitZh: '盒',
  unitEn: 'box',
  barcode: '6901234567890',
  categoryId: 'c_01',
  categoryNameZh: '紧固件',
  categoryNameEn: 'Fasteners',
  status: 'onSale',
  imageUrl: null,
  modifiedAt: 1_760_000_000_000,
}
const priceItem = {
  id: 'pi_000001',
  priceListId: 'pl_base',
  productId: 'p_000001',
  price: 1250,
  tiers: [
    { minQuantity: 10, price: 1200 },
    { minQuantity: 100, price: 1100 },
  ],
  minQuantity: 1,
  step: 1,
  validFrom: null,
  validTo: 1_800_000_000_000,
  modifiedAt: 1_760_000_000_001,
}
const page = (record: unknown, extra: Record<string, unknown> = {}) => ({
  items: [
    { id: 'x_1', modifiedAt: 1, deleted: false, record },
    { id: 'x_2', modifiedAt: 2, deleted: true },
  ],
  nextCursor: { since: 2, after: 'x_2' },
  ...extra,
})

type Route = 'products' | 'priceListItems'
const zodParse = (route: Route, body: unknown) => PORTAL_ROUTES[route].response.safeParse(body)

/** The fast path either declines or gives exactly zod's output (values and key order). */
function expectAgrees(route: Route, body: unknown): 'fast' | 'declined' {
  const fast = FAST_RESPONSES[route]!(structuredClone(body))
  const reference = zodParse(route, structuredClone(body))
  if (fast === FAIL) return 'declined'
  expect(reference.success).toBe(true)
  expect(JSON.stringify(fast)).toBe(JSON.stringify(reference.data))
  return 'fast'
}

/** Every way to break (or bend) one field: wrong types, bounds, null, missing. */
const VARIANTS: unknown[] = [
  undefined,
  null,
  '',
  'x'.repeat(64),
  'x'.repeat(65),
  0,
  -0,
  -1,
  1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  2 ** 53,
  Number.NaN,
  true,
  false,
  [],
  {},
  'onSale',
  'offSale',
  'deleted',
  [{ minQuantity: 1, price: 0 }],
  [{ minQuantity: 0, price: 0 }],
  [{ price: 5, minQuantity: 2 }],
  [{ minQuantity: 1, price: 0, extra: 1 }],
]

function mutations(record: Record<string, unknown>): unknown[] {
  const out: unknown[] = []
  for (const key of Object.keys(record)) {
    for (const value of VARIANTS) {
      const copy: Record<string, unknown> = { ...record }
      if (value === undefined) delete copy[key]
      else copy[key] = value
      out.push(copy)
    }
  }
  return out
}

describe('feed page fast path', () => {
  it('takes valid product and price item pages as zod gives them, without copying them', () => {
    const products = page(product)
    expect(expectAgrees('products', products)).toBe('fast')
    expect(FAST_RESPONSES.products!(products)).toBe(products)
    const items = page(priceItem)
    expect(expectAgrees('priceListItems', items)).toBe('fast')
    expect(FAST_RESPONSES.priceListItems!(items)).toBe(items)
    expect(expectAgrees('products', { items: [], nextCursor: null })).toBe('fast')
  })

  it('strips unknown keys and puts keys in schema order, as zod does', () => {
    const reordered = Object.fromEntries(Object.entries(product).reverse())
    expect(expectAgrees('products', page({ ...reordered, extra: { deep: 1 } }))).toBe('fast')
    expect(
      expectAgrees('products', {
        ...page(product, { total: 3 }),
        items: [{ id: 'x', modifiedAt: 1, deleted: true, record: product }],
      }),
    ).toBe('fast')
    expect(
      expectAgrees(
        'priceListItems',
        page({ ...priceItem, tiers: [{ price: 1, minQuantity: 2, note: 'x' }] }),
      ),
    ).toBe('fast')
  })

  it('never accepts what zod refuses, field by field', () => {
    let declined = 0
    for (const [route, record] of [
      ['products', product],
      ['priceListItems', priceItem],
    ] as const) {
      for (const broken of mutations(record)) {
        const body = page(broken)
        if (expectAgrees(route, body) === 'declined') {
          declined++
          // Declined means zod decides; here zod must refuse it (the fast path is not too strict).
          expect(zodParse(route, body).success).toBe(false)
        }
      }
      const entries = [
        { id: '', modifiedAt: 1, deleted: true },
        { id: 'a', modifiedAt: -1, deleted: true },
        { id: 'a', modifiedAt: 1, deleted: 'no' },
        { id: 'a', modifiedAt: 1, deleted: false },
        { id: 'a', modifiedAt: 1 },
        null,
        [],
        'entry',
      ]
      for (const entry of entries) {
        expect(expectAgrees(route, { items: [entry], nextCursor: null })).toBe('declined')
      }
      for (const body of [
        null,
        [],
        { items: [] },
        { items: {}, nextCursor: null },
        { items: [], nextCursor: { since: 1 } },
        { items: [], nextCursor: { since: -1, after: 'a' } },
      ]) {
        expect(expectAgrees(route, body)).toBe('declined')
      }
    }
    expect(declined).toBeGreaterThan(100)
  })
})
