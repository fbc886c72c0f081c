/**
 * Search normalisation, applied the same way to indexed fields and to queries: NFKC (full-width
 * letters, digits, spaces and punctuation → half-width), lower case, the multiplication signs of
 * sizes (`3.2×6`, `M8✕30`) as the letter `x` users type, every whitespace and control character
 * removed, so `ＭＳ　10` and `ms10` are the same text.
 * A query is also split into tokens at whitespace (`searchTokens`): each token must match.
 */
const WHITESPACE_AND_CONTROLS = /[\s\u00a0\u3000\x00-\x1f\x7f]+/g
const TIMES = /[\u00d7\u2715\u2716\u2a2f]/g
const ASCII_PRINTABLE = /^[\x21-\x7e]*$/

export function normalizeSearchText(text: string): string {
  // Fast path for the common all-ASCII SKU/barcode/English value without spaces.
  if (ASCII_PRINTABLE.test(text)) return text.toLowerCase()
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(TIMES, 'x')
    .replace(WHITESPACE_AND_CONTROLS, '')
}

/** The query's tokens (split at any whitespace, full-width included), each normalised; none for a blank query. */
export function searchTokens(query: string): string[] {
  if (ASCII_PRINTABLE.test(query)) return query === '' ? [] : [query.toLowerCase()]
  return query
    .normalize('NFKC')
    .split(WHITESPACE_AND_CONTROLS)
    .map(normalizeSearchText)
    .filter((token) => token !== '')
}
