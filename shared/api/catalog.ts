/** Catalog feeds: products, the dealer's price lists and their items. Readable by every role. */
import { z } from 'zod'
import { EpochMs, Id, NonNegativeFen, feedPageSchema } from './common'
import { ProductSnapshot } from './productSnapshot'

export const ProductStatus = z.enum(['onSale', 'offSale'])

export const Product = z.object({
  id: Id,
  ...ProductSnapshot.shape,
  barcode: z.string(),
  categoryId: Id,
  categoryNameZh: z.string(),
  categoryNameEn: z.string(),
  status: ProductStatus,
  imageUrl: z.string().nullable(),
  modifiedAt: EpochMs,
})
export type Product = z.infer<typeof Product>

/**
 * A price list assigned to the dealer. Lower `priority` wins: the sellable price of a product is
 * taken from the active, valid list with the lowest priority number that contains it.
 * `validFrom`/`validTo` are epoch ms (null = open).
 */
export const PriceList = z.object({
  id: Id,
  nameZh: z.string(),
  nameEn: z.string(),
  priority: z.int(),
  active: z.boolean(),
  validFrom: EpochMs.nullable(),
  validTo: EpochMs.nullable(),
  modifiedAt: EpochMs,
})
export type PriceList = z.infer<typeof PriceList>

/** A quantity break: from `minQuantity` units on, the unit price is `price` fen. */
export const PriceTier = z.object({ minQuantity: z.int().positive(), price: NonNegativeFen })

/**
 * `price` in fen per sales unit; quantities must be ≥ `minQuantity` and a multiple of `step`;
 * the item is sellable only within [validFrom, validTo] (null = open).
 */
export const PriceListItem = z.object({
  id: Id,
  priceListId: Id,
  productId: Id,
  price: NonNegativeFen,
  tiers: z.array(PriceTier),
  minQuantity: z.int().positive(),
  step: z.int().positive(),
  validFrom: EpochMs.nullable(),
  validTo: EpochMs.nullable(),
  modifiedAt: EpochMs,
})
export type PriceListItem = z.infer<typeof PriceListItem>

export const ProductFeedPage = feedPageSchema(Product)
export const PriceListFeedPage = feedPageSchema(PriceList)
export const PriceListItemFeedPage = feedPageSchema(PriceListItem)
