/**
 * Search normalisation, applied the same way to indexed fields and to queries: NFKC (full-width
 * letters, digits, spaces and punctuation → half-width), lower case, every whitespace and control character removed, so
 * `ＭＳ　10` and `ms10` are the same query.
 */
const WHITESPACE_AND_CONTROLS = /[\s\u00a0\u3000\x00-\x1f\x7f]+/g
const ASCII_PRINTABLE = /^[\x21-\x7e]*$/

export function normalizeSearchText(text: string): string {
  // Fast path for the common all-ASCII SKU/barcode/English value without spaces.
  if (ASCII_PRINTABLE.test(text)) return text.toLowerCase()
  return text.normalize('NFKC').toLowerCase().replace(WHITESPACE_AND_CONTROLS, '')
}
