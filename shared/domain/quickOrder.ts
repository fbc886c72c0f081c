/**
 * Quick order: rows copied from Excel / WPS (or read from a .csv / .xlsx file) turned into
 * (reference, quantity) pairs. Pure: no Node, no DOM.
 *
 * Accepted, per line: cells separated by tabs (Excel/WPS copy), else by semicolons (`;` `；`), else
 * by commas (`,` `，`); double-quoted cells (`"a,b"`, `""` = a quote); full-width digits, letters
 * and spaces (NFKC); thousands separators in the quantity (`1,200`, `1，200`, `1 200`); a UTF-8
 * BOM; empty lines (skipped). One cell is the reference (SKU, barcode or name), the other the
 * quantity, in either order. A first row that names its columns (中文 or English) is a header and
 * is skipped.
 */

import { snapQuantity, type QuantityAdjustment } from './pricing'

export type PastedRowProblem =
  'quickOrder.quantityMissing' | 'quickOrder.quantityInvalid' | 'quickOrder.referenceMissing'

export interface PastedRow {
  /** 1-based line number in the pasted text (or the sheet's row number). */
  line: number
  /** SKU, barcode or name as typed (NFKC-normalised, trimmed); '' when missing. */
  reference: string
  /** Whole units, or null when missing or not a positive whole number (see `problem`). */
  quantity: number | null
  problem?: PastedRowProblem
}

/** More rows than this are refused by the bridge (quickOrder.tooManyRows). */
export const MAX_PASTED_ROWS = 20_000

const HEADER_WORDS = new Set([
  'sku',
  'code',
  'skucode',
  'productcode',
  'itemcode',
  'barcode',
  'ean',
  'product',
  'productname',
  'name',
  'item',
  'description',
  'reference',
  'quantity',
  'qty',
  'amount',
  'count',
  '商品编码',
  '编码',
  '货号',
  '商品编号',
  '物料编码',
  '产品编码',
  '条码',
  '条形码',
  '商品条码',
  '商品',
  '商品名称',
  '名称',
  '品名',
  '产品',
  '产品名称',
  '数量',
  '订货数量',
  '订购数量',
  '采购数量',
  '件数',
])

const SPACES = /[\s\u00a0\u3000]+/g
const THOUSANDS_NUMBER = /^\d{1,3}(,\d{3})+$/
const PLAIN_NUMBER = /^\d+(\.0+)?$/
const NUMBER_LIKE = /^[-+]?[\d,.]+$/

/** Splits one line into cells on `delimiters`, honouring double quotes. Cells are trimmed. */
function splitCells(line: string, delimiters: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  let atCellStart = true
  for (let index = 0; index < line.length; index++) {
    const char = line.charAt(index)
    if (quoted) {
      if (char === '"') {
        if (line.charAt(index + 1) === '"') {
          cell += '"'
          index++
        } else quoted = false
      } else cell += char
    } else if (char === '"' && atCellStart && cell.trim() === '') {
      quoted = true
      cell = ''
      atCellStart = false
    } else if (delimiters.includes(char)) {
      cells.push(cell.trim())
      cell = ''
      atCellStart = true
    } else {
      cell += char
      if (char.trim() !== '') atCellStart = false
    }
  }
  cells.push(cell.trim())
  return cells
}

function delimitersOf(line: string): string {
  if (line.includes('\t')) return '\t'
  if (line.includes(';')) return ';'
  return ','
}

/** The quantity in a cell: a positive whole number (thousands separators and spaces allowed). */
export function parseQuantityCell(cell: string): { quantity: number | null; numeric: boolean } {
  const compact = cell.normalize('NFKC').replace(SPACES, '')
  if (compact === '' || !NUMBER_LIKE.test(compact)) return { quantity: null, numeric: false }
  const digits = THOUSANDS_NUMBER.test(compact) ? compact.replace(/,/g, '') : compact
  if (!PLAIN_NUMBER.test(digits)) return { quantity: null, numeric: true }
  const quantity = Number(digits)
  return Number.isSafeInteger(quantity) && quantity > 0
    ? { quantity, numeric: true }
    : { quantity: null, numeric: true }
}

/**
 * Finds the quantity among the cells: trailing cells that together form a number with thousands
 * separators (`1`,`200` split by a comma delimiter), else the last numeric cell after the
 * reference, else a leading numeric cell (quantity first).
 */
function rowOf(cells: string[], line: number, delimiter: string): PastedRow {
  const filled = cells.filter((cell) => cell !== '')
  if (filled.length === 0)
    return { line, reference: '', quantity: null, problem: 'quickOrder.referenceMissing' }
  if (delimiter === ',' && filled.length > 2) {
    for (let start = 1; start < filled.length - 1; start++) {
      const joined = filled.slice(start).join(',')
      if (THOUSANDS_NUMBER.test(joined.replace(SPACES, ''))) {
        return finish(line, filled.slice(0, start).join(','), parseQuantityCell(joined))
      }
    }
    for (let end = filled.length - 1; end >= 2; end--) {
      const joined = filled.slice(0, end).join(',')
      if (THOUSANDS_NUMBER.test(joined.replace(SPACES, ''))) {
        return finish(line, filled.slice(end).join(','), parseQuantityCell(joined))
      }
    }
  }
  const [first, second] = filled as [string, string | undefined]
  if (second === undefined) {
    const single = parseQuantityCell(first)
    if (single.numeric && single.quantity !== null)
      return {
        line,
        reference: '',
        quantity: single.quantity,
        problem: 'quickOrder.referenceMissing',
      }
    return { line, reference: first, quantity: null, problem: 'quickOrder.quantityMissing' }
  }
  const last = filled[filled.length - 1] as string
  const trailing = parseQuantityCell(last)
  const leading = parseQuantityCell(first)
  if (!trailing.numeric && leading.numeric) return finish(line, second, leading)
  return finish(line, first, trailing)
}

function finish(
  line: number,
  reference: string,
  quantity: { quantity: number | null; numeric: boolean },
): PastedRow {
  const row: PastedRow = { line, reference, quantity: quantity.quantity }
  if (reference === '') row.problem = 'quickOrder.referenceMissing'
  else if (quantity.quantity === null) row.problem = 'quickOrder.quantityInvalid'
  return row
}

function isHeader(cells: string[]): boolean {
  const words = cells
    .map((cell) =>
      cell
        .toLowerCase()
        .replace(SPACES, '')
        .replace(/[():：（）_\-./]/g, ''),
    )
    .filter((word) => word !== '')
  return (
    words.length > 0 &&
    words.some((word) => HEADER_WORDS.has(word)) &&
    words.every((word) => !PLAIN_NUMBER.test(word))
  )
}

/** Parses pasted text into rows, one per non-empty line (a recognised header row excluded). */
export function parsePastedOrder(text: string): PastedRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  const rows: PastedRow[] = []
  let seenContent = false
  lines.forEach((raw, index) => {
    const normalised = raw.normalize('NFKC')
    const delimiter = delimitersOf(normalised)
    const cells = splitCells(normalised, delimiter)
    if (cells.every((cell) => cell === '')) return
    if (!seenContent) {
      seenContent = true
      if (isHeader(cells)) return
    }
    rows.push(rowOf(cells, index + 1, delimiter))
  })
  return rows
}

/** Sheet rows (cells as text, already the first two non-empty columns) in the same shape. */
export function parseSheetRows(
  sheet: ReadonlyArray<{ line: number; cells: string[] }>,
): PastedRow[] {
  const rows: PastedRow[] = []
  let seenContent = false
  for (const { line, cells } of sheet) {
    const normalised = cells.map((cell) => cell.normalize('NFKC').trim())
    if (normalised.every((cell) => cell === '')) continue
    if (!seenContent) {
      seenContent = true
      if (isHeader(normalised)) continue
    }
    rows.push(rowOf(normalised, line, '\t'))
  }
  return rows
}

/** What a quick-order row needs to know of its product. */
export interface OrderableProduct {
  status: 'onSale' | 'offSale'
  /** null: on none of the dealer's valid price lists. */
  price: { minQuantity: number; step: number } | null
}

export interface QuickOrderLine<P> {
  status: 'matched' | 'notSellable'
  product: P
  /** Units to add (snapped to minimum and pack step), null when not sellable. */
  quantity: number | null
  /** Why `quantity` differs from the request; 'defaulted' = none requested, the minimum is used. */
  adjustment: QuantityAdjustment | 'defaulted' | null
  /** order.productOffSale / order.productNotInPriceList for notSellable. */
  problem: string | null
}

/** The outcome of a row once its product is known (matched, or picked among candidates). */
export function orderLineFor<P extends OrderableProduct>(
  product: P,
  requested: number | null,
): QuickOrderLine<P> {
  if (product.status === 'offSale')
    return {
      status: 'notSellable',
      product,
      quantity: null,
      adjustment: null,
      problem: 'order.productOffSale',
    }
  if (!product.price)
    return {
      status: 'notSellable',
      product,
      quantity: null,
      adjustment: null,
      problem: 'order.productNotInPriceList',
    }
  const snapped = snapQuantity(product.price, requested ?? 0)
  return {
    status: 'matched',
    product,
    quantity: snapped.quantity,
    adjustment: requested === null ? 'defaulted' : snapped.reason,
    problem: null,
  }
}
