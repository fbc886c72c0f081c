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

/**
 * Writes the normalisation of `text` into `out` from `at` (room for `text.length` code units
 * needed) when the fast path applies; returns the end, or -1 when `text` needs the full path.
 */
function writeFast(text: string, out: Uint16Array, at: number): number {
  let size = at
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index)
    if (code < 0x7f) {
      if (code <= 0x20) continue
      if (code >= 0x41 && code <= 0x5a) code += 0x20
    } else if (code >= 0x4e00 && code <= 0x9fff) {
      // CJK unified ideograph: as is.
    } else if (code >= 0xff01 && code <= 0xff5e) {
      code -= 0xfee0
      if (code >= 0x41 && code <= 0x5a) code += 0x20
    } else if (code === 0xd7) code = 0x78
    else if (code === 0x7f || code === 0xa0 || code === 0x3000) continue
    else if (!KEPT.has(code)) return -1
    out[size++] = code
  }
  return size
}

/**
 * Code units with a Buffer over the same memory: Buffer's UTF-16 decoding is several times
 * faster than String.fromCharCode.apply, and gives one-byte strings when it can.
 */
class Units {
  units: Uint16Array
  private bytes: Buffer
  constructor(length: number) {
    this.units = new Uint16Array(length)
    this.bytes = Buffer.from(this.units.buffer)
  }
  /** Room for `length` code units, the first `keep` kept. */
  reserve(length: number, keep: number): Uint16Array {
    if (length <= this.units.length) return this.units
    const grown = new Uint16Array(Math.max(length, this.units.length * 2))
    grown.set(this.units.subarray(0, keep))
    this.units = grown
    this.bytes = Buffer.from(grown.buffer)
    return grown
  }
  /** The string of code units [0, end). */
  decode(end: number): string {
    return this.bytes.toString('utf16le', 0, end * 2)
  }
}

const scratch = new Units(256)

export function normalizeSearchText(text: string): string {
  // 0: already normalised, 1: only A–Z to lower, 2: characters to map or drop.
  let work = 0
  for (let index = 0; index < text.length; index++) {
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
  return scratch.decode(writeFast(text, scratch.reserve(text.length, 0), 0))
}

/** Code unit opening every field of a joined text (normalised text never holds it). */
export const FIELD_SEPARATOR = '\x01'

/**
 * Joins normalised fields into one string without a string per field: `add` opens a field with
 * FIELD_SEPARATOR and appends the normalisation of `text` (returning where it ends in the joined
 * string), `take` closes the last field with FIELD_SEPARATOR and returns the whole, starting over.
 */
export function createFieldJoiner(): { add(text: string): number; take(): string } {
  const joined = new Units(1024)
  let size = 0
  return {
    add(text) {
      let units = joined.reserve(size + text.length + 1, size)
      units[size++] = 1
      const end = writeFast(text, units, size)
      if (end >= 0) return (size = end)
      const full = normalizeSearchTextFully(text)
      units = joined.reserve(size + full.length, size)
      for (let index = 0; index < full.length; index++) units[size++] = full.charCodeAt(index)
      return size
    },
    take() {
      joined.reserve(size + 1, size)[size++] = 1
      const text = joined.decode(size)
      size = 0
      return text
    },
  }
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
