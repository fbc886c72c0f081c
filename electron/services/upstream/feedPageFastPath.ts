/**
 * A fast path for the response schemas of the two big change feeds (products and price list
 * items: nearly every record of a full sync). zod parses a page of 1,000 products in ~5–10 ms of
 * the event loop; these hand-written checks of the same shapes take a fraction of that and, when
 * the record has exactly the schema's keys in its order (what the gateway sends), return it as is
 * instead of a copy.
 *
 * The zod schemas in shared/api stay the reference: a parser here returns FAIL for anything it does
 * not accept exactly as zod would (a wrong type, a missing field, a bad value), and the caller then
 * parses with zod, whose verdict, error and output are the answer. What a parser here does accept,
 * zod accepts with the same output (unknown keys stripped, keys in schema order); the unit test
 * test/unit/services/upstream/feedPageFastPath.test.ts compares both on valid and broken pages.
 */
import type { PortalRouteName } from '../../../shared/api'

export const FAIL: unique symbol = Symbol('fast path declined')
type Parse = (value: unknown) => unknown

// z.int(): a safe integer (zod 4); nonnegative: >= 0; positive: > 0.
const int = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value)
const nonNegative: Parse = (value) => (int(value) && value >= 0 ? value : FAIL)
const positive: Parse = (value) => (int(value) && value > 0 ? value : FAIL)
const string: Parse = (value) => (typeof value === 'string' ? value : FAIL)
// Id: z.string().min(1).max(64) (UTF-16 code units, as zod counts).
const id: Parse = (value) =>
  typeof value === 'string' && value.length >= 1 && value.length <= 64 ? value : FAIL
const literal =
  (expected: unknown): Parse =>
  (value) =>
    value === expected ? value : FAIL
const oneOf = (values: readonly string[]): Parse => {
  const allowed = new Set(values)
  return (value) => (typeof value === 'string' && allowed.has(value) ? value : FAIL)
}
const nullable =
  (inner: Parse): Parse =>
  (value) =>
    value === null ? null : inner(value)

/** z.object (unknown keys stripped): the input itself when it has exactly these keys, in order. */
function object(shape: Record<string, Parse>): Parse {
  const keys = Object.keys(shape)
  const parsers = keys.map((key) => shape[key]!)
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return FAIL
    const source = value as Record<string, unknown>
    let same = true
    let count = 0
    for (const key in source) {
      if (key !== keys[count]) same = false
      count++
    }
    if (count !== keys.length) same = false
    let out: Record<string, unknown> | null = same ? null : {}
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index]!
      const field = source[key]
      // A missing key reads undefined, which no parser here accepts (as zod, all are required).
      const parsed = parsers[index]!(field)
      if (parsed === FAIL) return FAIL
      if (out === null && parsed !== field) {
        out = {}
        for (let before = 0; before < index; before++) out[keys[before]!] = source[keys[before]!]
      }
      if (out !== null) out[key] = parsed
    }
    return out ?? source
  }
}

/** z.array: the input itself unless an element had to be copied. */
function array(element: Parse): Parse {
  return (value) => {
    if (!Array.isArray(value)) return FAIL
    let out: unknown[] | null = null
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const parsed = element(item)
      if (parsed === FAIL) return FAIL
      if (out === null && parsed !== item) out = value.slice(0, index)
      if (out !== null) out.push(parsed)
    }
    return out ?? value
  }
}

/** feedPageSchema(record) of shared/api/common.ts. */
function feedPage(record: Parse): Parse {
  const live = object({ id, modifiedAt: nonNegative, deleted: literal(false), record })
  const removed = object({ id, modifiedAt: nonNegative, deleted: literal(true) })
  // z.discriminatedUnion('deleted', …): the option is chosen by the discriminator.
  const entry: Parse = (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return FAIL
    const deleted = (value as { deleted?: unknown }).deleted
    return deleted === false ? live(value) : deleted === true ? removed(value) : FAIL
  }
  return object({
    items: array(entry),
    nextCursor: nullable(object({ since: nonNegative, after: string })),
  })
}

// shared/api/catalog.ts (Product with ProductSnapshot's fields in place) and PriceListItem.
const product = object({
  id,
  sku: string,
  nameZh: string,
  nameEn: string,
  specZh: string,
  specEn: string,
  unitZh: string,
  unitEn: string,
  barcode: string,
  categoryId: id,
  categoryNameZh: string,
  categoryNameEn: string,
  status: oneOf(['onSale', 'offSale']),
  imageUrl: nullable(string),
  modifiedAt: nonNegative,
})
const priceListItem = object({
  id,
  priceListId: id,
  productId: id,
  price: nonNegative,
  tiers: array(object({ minQuantity: positive, price: nonNegative })),
  minQuantity: positive,
  step: positive,
  validFrom: nullable(nonNegative),
  validTo: nullable(nonNegative),
  modifiedAt: nonNegative,
})

/** Fast parsers by route: the parsed response, or FAIL (then parse with the route's zod schema). */
export const FAST_RESPONSES: Partial<Record<PortalRouteName, Parse>> = {
  products: feedPage(product),
  priceListItems: feedPage(priceListItem),
}
