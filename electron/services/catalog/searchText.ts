/**
 * Search normalisation, applied the same way to indexed fields and to queries: NFKC (full-width
 * letters, digits, spaces and punctuation → half-width), lower case, the multiplication signs of
 * sizes (`3.2×6`, `M8✕30`) as the letter `x` users type, every whitespace and control character
 * removed, so `ＭＳ　10` and `ms10` are the same text.
 * A query is also split into tokens at whitespace (`searchTokens`): each token must match.
 *
 * Indexing normalises every field of every product, so the common text takes a fast path that
 * gives the same result without NFKC or regular expressions: ASCII, CJK unified ideographs
 * (U+4E00–U+9FFF: no decomposition, no case), full-width forms U+FF01–U+FF5E (NFKC: the ASCII
 * character 0xFEE0 below), ×, the ideographic and no-break spaces, and a few CJK punctuation marks
 * without decomposition. Text already normalised is returned as is. Any other character takes the
 * full path (test/unit/services/catalog/searchText.test.ts compares both over every code unit).
 */
const WHITESPACE_AND_CONTROLS = /[\s\u00a0\u3000\x00-\x1f\x7f]+/g
const TIMES = /[\u00d7\u2715\u2716\u2a2f]/g
const ASCII_PRINTABLE = /^[\x21-\x7e]*$/

/** The full normalisation (any text). */
export function normalizeSearchTextFully(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(TIMES, 'x')
    .replace(WHITESPACE_AND_CONTROLS, '')
}

/** Code units the fast path leaves as they are besides ASCII and U+4E00–U+9FFF. */
const KEPT = new Set([0xb7, 0x3001, 0x3002, 0x300a, 0x300b, 0x3010, 0x3011, 0x2014])

let scratch = new Uint16Array(256)

export function normalizeSearchText(text: string): string {
  const length = text.length
  // 0: already normalised, 1: only A–Z to lower, 2: characters to map or drop.
  let work = 0
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index)
    if (code < 0x7f) {
      if (code <= 0x20) work = 2
      else if (code >= 0x41 && code <= 0x5a && work === 0) work = 1
    } else if (code >= 0x4e00 && code <= 0x9fff) continue
    else if (
      (code >= 0xff01 && code <= 0xff5e) ||
      code === 0xd7 ||
      code === 0x7f ||
      code === 0xa0 ||
      code === 0x3000
    )
      work = 2
    else if (!KEPT.has(code)) return normalizeSearchTextFully(text)
  }
  if (work === 0) return text
  if (work === 1) return text.toLowerCase()
  if (scratch.length < length) scratch = new Uint16Array(Math.max(length, scratch.length * 2))
  let size = 0
  for (let index = 0; index < length; index++) {
    let code = text.charCodeAt(index)
    if (code >= 0xff01 && code <= 0xff5e) code -= 0xfee0
    if (code <= 0x20 || code === 0x7f || code === 0xa0 || code === 0x3000) continue
    if (code >= 0x41 && code <= 0x5a) code += 0x20
    else if (code === 0xd7) code = 0x78
    scratch[size++] = code
  }
  let out = ''
  for (let start = 0; start < size; start += 4096)
    out += String.fromCharCode.apply(
      null,
      scratch.subarray(start, Math.min(size, start + 4096)) as unknown as number[],
    )
  return out
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
