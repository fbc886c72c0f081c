/**
 * What a line shows of its product: the code and the bilingual name, specification and sales
 * unit. Order, delivery and return lines keep the copy made when the line was made, so a later
 * catalog edit never rewrites a past document; the catalog and the cart show the current one.
 */
import { z } from 'zod'

export const ProductSnapshot = z.object({
  sku: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  specZh: z.string(),
  specEn: z.string(),
  unitZh: z.string(),
  unitEn: z.string(),
})
export type ProductSnapshot = z.infer<typeof ProductSnapshot>

/** The code and the two names: enough to say which product a message is about. */
export const ProductName = ProductSnapshot.pick({ sku: true, nameZh: true, nameEn: true })
export type ProductName = z.infer<typeof ProductName>

/** The snapshot's fields of `source` (a product, an order line, ...), nothing else. */
export function productSnapshot(source: ProductSnapshot): ProductSnapshot {
  const { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn } = source
  return { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn }
}

/** For a product that is not known (not in the cache): every field empty. */
export const UNKNOWN_PRODUCT: ProductSnapshot = Object.freeze({
  sku: '',
  nameZh: '',
  nameEn: '',
  specZh: '',
  specEn: '',
  unitZh: '',
  unitEn: '',
})
