/** The quick-order table's row rules: order, tags, editable quantities, file bytes for the bridge. */
import type { QuickOrderRow } from '../../../shared/contract/catalog'
import { orderLineFor, parseQuantityCell } from '../../../shared/domain/quickOrder'

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
