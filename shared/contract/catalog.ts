/**
 * Bridge contract of the catalog: categories, search, one product, and quick-order matching
 * (pasted text or an imported .csv / .xlsx). Money in fen. Errors (PortalError codes, translated
 * under `errors.`): session.signedOut, catalog.productNotFound, quickOrder.tooManyRows,
 * quickOrder.fileTooLarge, quickOrder.fileUnsupported, quickOrder.fileUnreadable.
 */
import { z } from 'zod'
import { ProductStatus } from '../api/catalog'
import { ProductSnapshot } from '../api/productSnapshot'
import { defineMethod } from './define'

const Id = z.string().min(1).max(128)
const Fen = z.int()

/** The sellable price (highest-priority valid list); quantities in the product's sales unit. */
export const CatalogPrice = z.object({
  priceListId: z.string(),
  /** The list's names: what the user sees (the id is internal). */
  priceListNameZh: z.string(),
  priceListNameEn: z.string(),
  /** Fen per unit below the first tier. */
  price: Fen,
  tiers: z.array(z.object({ minQuantity: z.int().positive(), price: Fen })),
  minQuantity: z.int().positive(),
  step: z.int().positive(),
  /** Fen before the last change seen by sync, or null. */
  previousPrice: Fen.nullable(),
  /** Local epoch ms of that change, or null. */
  priceChangedAt: z.number().nullable(),
})
export type CatalogPrice = z.infer<typeof CatalogPrice>

export const CatalogProduct = z.object({
  id: z.string(),
  ...ProductSnapshot.shape,
  barcode: z.string(),
  categoryId: z.string(),
  categoryNameZh: z.string(),
  categoryNameEn: z.string(),
  status: ProductStatus,
  /** null: on none of the dealer's valid price lists, so not orderable. */
  price: CatalogPrice.nullable(),
})
export type CatalogProduct = z.infer<typeof CatalogProduct>

export const CatalogCategory = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  /** Products on sale in the category. */
  count: z.int().nonnegative(),
})
export type CatalogCategory = z.infer<typeof CatalogCategory>

export const SEARCH_PAGE_LIMIT = 500

export const CatalogSearchInput = z.strictObject({
  query: z.string().max(200),
  categoryId: Id.optional(),
  includeOffSale: z.boolean().optional(),
  offset: z.int().nonnegative().max(10_000_000),
  limit: z.int().positive().max(SEARCH_PAGE_LIMIT),
})
export type CatalogSearchInput = z.infer<typeof CatalogSearchInput>

/**
 * `total` counts every match (ranked: exact SKU/barcode, then prefixes, then contains).
 * `syncing`: the first full sync of products / prices is still under way in this cache, so the
 * total may grow and a product without a price may only be waiting for it.
 */
export const CatalogSearchResult = z.object({
  total: z.int().nonnegative(),
  items: z.array(CatalogProduct),
  syncing: z.object({ products: z.boolean(), prices: z.boolean() }).optional(),
})
export type CatalogSearchResult = z.infer<typeof CatalogSearchResult>

export const QUICK_ORDER_STATUSES = [
  'matched',
  'ambiguous',
  'notFound',
  'notSellable',
  'invalid',
] as const
export const QuickOrderStatus = z.enum(QUICK_ORDER_STATUSES)
export type QuickOrderStatus = z.infer<typeof QuickOrderStatus>

/** Why the order quantity differs from the requested one (shared/domain snapQuantity, or none given). */
export const QuantityAdjustmentReason = z.enum(['belowMinimum', 'packStep', 'defaulted'])

/**
 * What the quick-order table shows of a product (each one sent once per answer, in `products`):
 * code and names in both languages, whether it is on sale, and the pack rule of its sellable price
 * (null: on no valid price list, so not orderable). The cart prices what is added.
 */
export const QuickOrderProduct = z.object({
  id: Id,
  sku: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  status: ProductStatus,
  price: z.object({ minQuantity: z.int().positive(), step: z.int().positive() }).nullable(),
})
export type QuickOrderProduct = z.infer<typeof QuickOrderProduct>

/** A product an ambiguous row's picker offers: what the table shows, and its spec. */
export const QuickOrderCandidate = QuickOrderProduct.extend({
  specZh: z.string(),
  specEn: z.string(),
})
export type QuickOrderCandidate = z.infer<typeof QuickOrderCandidate>

/** Products offered for an ambiguous reference (sellable ones, ranked, at most this many). */
export const MAX_QUICK_ORDER_CANDIDATES = 10

export const QuickOrderRow = z.object({
  line: z.int().positive(),
  reference: z.string(),
  /** As parsed; null when missing or not a positive whole number. */
  requestedQuantity: z.int().positive().nullable(),
  status: QuickOrderStatus,
  /** The matched product (also for notSellable), else null: an id of the answer's `products`. */
  productId: Id.nullable(),
  /** What will be added: snapped to the minimum and pack step; null unless matched. */
  quantity: z.int().positive().nullable(),
  adjustment: QuantityAdjustmentReason.nullable(),
  /** Parse problem (quickOrder.quantityInvalid, …) or why not sellable (order.productOffSale, …). */
  problem: z.string().nullable(),
})
export type QuickOrderRow = z.infer<typeof QuickOrderRow>

/**
 * A matched paste or file: its rows in line order, and every product they name, once (a row
 * refers to its product by id, so a product named by many rows is sent once). An ambiguous row
 * names none: its picker asks for its candidates (`candidates`) when it is opened.
 */
export const QuickOrderResult = z
  .object({ products: z.array(QuickOrderProduct), rows: z.array(QuickOrderRow) })
  .superRefine(({ products, rows }, context) => {
    const known = new Set(products.map((product) => product.id))
    rows.forEach(({ productId }, index) => {
      if (productId !== null && !known.has(productId))
        context.addIssue({
          code: 'custom',
          path: ['rows', index, 'productId'],
          message: `product ${productId} is not in products`,
        })
    })
  })
export type QuickOrderResult = z.infer<typeof QuickOrderResult>

/** 10 MB of file as base64; larger files are refused with quickOrder.fileTooLarge. */
export const MAX_IMPORT_BASE64 = 14_000_000

export const catalogMethods = {
  categories: defineMethod(z.undefined(), z.array(CatalogCategory)),
  search: defineMethod(CatalogSearchInput, CatalogSearchResult),
  product: defineMethod(z.strictObject({ id: Id }), CatalogProduct),
  matchRows: defineMethod(z.strictObject({ text: z.string().max(4_000_000) }), QuickOrderResult),
  /** An ambiguous row's candidates: its reference matched again (sellable products, ranked). */
  candidates: defineMethod(
    z.strictObject({ reference: z.string().min(1).max(10_000) }),
    z.array(QuickOrderCandidate).max(MAX_QUICK_ORDER_CANDIDATES),
  ),
  importFile: defineMethod(
    z.strictObject({
      fileName: z.string().min(1).max(260),
      contentBase64: z.string().max(MAX_IMPORT_BASE64 * 2),
    }),
    QuickOrderResult,
  ),
} as const
