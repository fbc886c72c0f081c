/**
 * The quick-order table's row rules: the answer's rows with their products put back, order, tags,
 * editable quantities, file bytes for the bridge.
 */
import { markRaw } from 'vue'
import type {
  QuickOrderProduct,
  QuickOrderResult,
  QuickOrderRow as QuickOrderAnswerRow,
} from '../../../shared/contract/catalog'
import { orderLineFor, parseQuantityCell } from '../../../shared/domain/quickOrder'

/**
 * A row of the table: the answer's row with its product (shared, read-only). An ambiguous row has
 * none: its picker asks for the candidates of its reference when it is opened.
 */
export interface QuickOrderRow extends Omit<QuickOrderAnswerRow, 'productId'> {
  product: QuickOrderProduct | null
}

/**
 * The answer's rows with their products put back (the answer sends each product once; rows share
 * it). Display-only: marked raw, so no proxy is ever made over 1,000 rows and their products.
 */
export function resolveRows(result: QuickOrderResult): QuickOrderRow[] {
  const products = new Map(result.products.map((product) => [product.id, markRaw(product)]))
  return result.rows.map(({ productId, ...row }) =>
    markRaw({ ...row, product: productId === null ? null : (products.get(productId) ?? null) }),
  )
}

/** Rows needing attention first. */
export const STATUS_ORDER: Record<QuickOrderRow['status'], number> = {
  ambiguous: 0,
  notFound: 1,
  invalid: 2,
  notSellable: 3,
  matched: 4,
}

export const TAG_TYPE: Record<QuickOrderRow['status'], 'success' | 'warning' | 'danger' | 'info'> =
  {
    matched: 'success',
    ambiguous: 'warning',
    notFound: 'danger',
    invalid: 'danger',
    notSellable: 'info',
  }

/** Rows whose quantity can be typed: a product is known (or to be picked) and orderable. */
export function quantityEditable(row: QuickOrderRow): boolean {
  if (row.status === 'matched' || row.status === 'ambiguous') return true
  return row.status === 'invalid' && row.problem === 'quickOrder.quantityInvalid' && !!row.product
}

/**
 * The row with a typed quantity (full-width digits, thousands separators): snapped to the
 * product's minimum and pack step as the cart does; kept as asked on a row still to pick; null
 * when it is not a positive whole number.
 */
export function withQuantity(row: QuickOrderRow, text: string): QuickOrderRow | null {
  const { quantity } = parseQuantityCell(text)
  if (quantity === null) return null
  return row.product && row.status !== 'ambiguous'
    ? { ...row, ...orderLineFor(row.product, quantity), requestedQuantity: quantity }
    : { ...row, requestedQuantity: quantity }
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let start = 0; start < bytes.length; start += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000))
  return btoa(binary)
}
