/**
 * An inverted index of character unigrams and bigrams → the documents whose text holds them,
 * built in segments (one per batch of documents, so a catalog grows page by page without
 * rebuilding). Text is expected normalised (searchText.ts). A query of one character reads one
 * gram; a longer query the bigrams it holds: the documents holding every one are the candidates.
 * The caller verifies candidates of 3+ characters with `includes` (holding all bigrams is
 * necessary, not sufficient).
 *
 * Gram key: a unigram is its UTF-16 code unit (< 65536), a bigram c1 * 65536 + c2 (≥ 65536).
 * ASCII characters have no unigram: a one-character ASCII query gets every document.
 *
 * Each segment is self-contained (its own sorted gram keys; no dictionary shared between them).
 * A gram held by many of the segment's documents is a bitmap (one bit per document: 128 bytes for
 * 1,000), a rarer one the ascending list of its document numbers (16-bit: a segment holds at
 * most 65,536 documents); whichever is smaller. Queries work on bitmaps: a segment clears, in the
 * caller's bitmap, the documents lacking a gram (`restrict`).
 * Building is one pass over the text setting bits in a scratch bitmap per distinct gram (a
 * document holding a gram twice sets the same bit), then each gram's bitmap is kept or turned
 * into its list. Unigrams and ASCII bigrams (most of a catalog's text) find their gram slot by
 * direct indexing, other bigrams through an open-addressing table; all scratch, reused by every
 * build.
 */

/** Code units 0 and 1 separate fields of a text: no gram holds them. */
const SEPARATOR = 1

/** The most documents of one segment (document numbers are 16-bit). */
export const MAX_SEGMENT_DOCUMENTS = 65536

export interface GramSegment {
  readonly documentCount: number
  /** Length of a document bitmap of this segment (32 documents per word, bit d % 32 of word d / 32). */
  readonly words: number
  /**
   * Clears in `bits` (`words` long) every document lacking some gram of `query` (normalised,
   * non-empty); returns false when none is left. A single ASCII character is not indexed: it
   * clears nothing.
   */
  restrict(query: string, bits: Uint32Array): boolean
}

/** True when the candidates of `query` need no `includes` check (1–2 characters). */
export const gramsAreExact = (query: string): boolean =>
  query.length === 2 || (query.length === 1 && query.charCodeAt(0) >= 128)

/** A bitmap of `words` words with the bits of documents [0, documentCount) set. */
export function fillDocuments(bits: Uint32Array, documentCount: number): void {
  const full = documentCount >>> 5
  bits.fill(0xffffffff, 0, full)
  const rest = documentCount & 31
  if (rest) bits[full] = (1 << rest) - 1
  bits.fill(0, full + (rest ? 1 : 0))
}

/** Calls `visit` with every document whose bit is set, ascending. */
export function forEachDocument(
  bits: Uint32Array,
  words: number,
  visit: (document: number) => void,
): void {
  for (let word = 0; word < words; word++) {
    let value = bits[word]!
    while (value !== 0) {
      const lowest = value & -value
      visit((word << 5) + 31 - Math.clz32(lowest))
      value ^= lowest
    }
  }
}

const popcount = (value: number): number => {
  value -= (value >>> 1) & 0x55555555
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333)
  return (Math.imul((value + (value >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

/** Position of `key` in the ascending `keys`, or -1. */
function find(keys: Uint32Array, key: number): number {
  let low = 0
  let high = keys.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (keys[middle]! < key) low = middle + 1
    else high = middle
  }
  return low < keys.length && keys[low] === key ? low : -1
}

// Build scratch, shared by every build (a build runs to completion: nothing interleaves).
/** ASCII bigram (c1 << 7 | c2) → its gram slot in the segment being built, or -1. */
const asciiSlots = new Int32Array(128 * 128).fill(-1)
/** Unigram (code unit) → its gram slot, or -1. */
const unigramSlots = new Int32Array(65536).fill(-1)
/** Other grams: open addressing, key 0 = empty (no gram key is 0). */
let hashKeys = new Uint32Array(1 << 12)
let hashSlots = new Int32Array(1 << 12)
/** Slot → gram key, and slot → its scratch bitmap (slot * words). */
let slotKeys = new Uint32Array(1 << 12)
let slotBits = new Uint32Array(1 << 16)
let used = 0
let words = 0

const hashOf = (key: number, mask: number): number => {
  let hash = Math.imul(key ^ (key >>> 16), 0x45d9f3b)
  hash ^= hash >>> 16
  return hash & mask
}

function growHash(): void {
  const oldKeys = hashKeys
  const oldSlots = hashSlots
  hashKeys = new Uint32Array(oldKeys.length * 2)
  hashSlots = new Int32Array(oldKeys.length * 2)
  const mask = hashKeys.length - 1
  for (let index = 0; index < oldKeys.length; index++) {
    const key = oldKeys[index]!
    if (key === 0) continue
    let slot = hashOf(key, mask)
    while (hashKeys[slot] !== 0) slot = (slot + 1) & mask
    hashKeys[slot] = key
    hashSlots[slot] = oldSlots[index]!
  }
}

function newSlot(key: number): number {
  if (used === slotKeys.length) {
    const grown = new Uint32Array(used * 2)
    grown.set(slotKeys)
    slotKeys = grown
  }
  if ((used + 1) * words > slotBits.length) {
    const grown = new Uint32Array(Math.max(slotBits.length * 2, (used + 1) * words))
    grown.set(slotBits.subarray(0, used * words))
    slotBits = grown
  }
  slotKeys[used] = key
  return used++
}

/** The scratch slot of a non-ASCII bigram, allocated when new. */
function hashedSlot(key: number): number {
  const mask = hashKeys.length - 1
  let index = hashOf(key, mask)
  for (;;) {
    const known = hashKeys[index]!
    if (known === key) return hashSlots[index]!
    if (known === 0) break
    index = (index + 1) & mask
  }
  const slot = newSlot(key)
  hashKeys[index] = key
  hashSlots[index] = slot
  if (used * 2 > hashKeys.length) growHash()
  return slot
}

/** The scratch slot of `key` already seen in this build. */
function slotOf(key: number): number {
  if (key < 65536) return unigramSlots[key]!
  const first = key >>> 16
  const second = key & 0xffff
  if (first < 128 && second < 128) return asciiSlots[(first << 7) | second]!
  const mask = hashKeys.length - 1
  let index = hashOf(key, mask)
  while (hashKeys[index] !== key) index = (index + 1) & mask
  return hashSlots[index]!
}

/**
 * A segment of `documentCount` documents: document d's text is `fields[f][base + d]` for every
 * field f (fields are indexed apart: no gram spans two of them).
 */
export function buildGramSegment(
  documentCount: number,
  fields: ReadonlyArray<readonly string[]>,
  base = 0,
): GramSegment {
  if (documentCount > MAX_SEGMENT_DOCUMENTS)
    throw new RangeError(`a gram segment holds at most ${MAX_SEGMENT_DOCUMENTS} documents`)
  words = Math.max(1, (documentCount + 31) >>> 5)
  used = 0
  try {
    for (let document = 0; document < documentCount; document++) {
      const word = document >>> 5
      const bit = 1 << (document & 31)
      for (const field of fields) {
        const text = field[base + document]!
        const last = text.length - 1
        for (let index = 0; index <= last; index++) {
          const code = text.charCodeAt(index)
          if (code <= SEPARATOR) continue
          // ASCII unigrams are left out: a one-letter query matches most products anyway.
          if (code >= 128) {
            let slot = unigramSlots[code]!
            if (slot < 0) slot = unigramSlots[code] = newSlot(code)
            slotBits[slot * words + word]! |= bit
          }
          if (index === last) break
          const following = text.charCodeAt(index + 1)
          if (following <= SEPARATOR) continue
          let slot: number
          if ((code | following) < 128) {
            const ascii = (code << 7) | following
            slot = asciiSlots[ascii]!
            if (slot < 0) slot = asciiSlots[ascii] = newSlot(code * 65536 + following)
          } else slot = hashedSlot(code * 65536 + following)
          slotBits[slot * words + word]! |= bit
        }
      }
    }
    return freeze(documentCount)
  } finally {
    // Reset the scratch for the next build.
    for (let slot = 0; slot < used; slot++) {
      const key = slotKeys[slot]!
      const first = key >>> 16
      const second = key & 0xffff
      if (key < 65536) unigramSlots[key] = -1
      else if (first < 128 && second < 128) asciiSlots[(first << 7) | second] = -1
    }
    hashKeys.fill(0)
    slotBits.fill(0, 0, used * words)
    used = 0
  }
}

/** The scratch grams into a segment: each its bitmap or its list, whichever is smaller. */
function freeze(documentCount: number): GramSegment {
  const segmentWords = words
  const keys = slotKeys.slice(0, used).sort()
  const counts = new Int32Array(used)
  let denseCount = 0
  let sparseTotal = 0
  for (let slot = 0; slot < used; slot++) {
    let count = 0
    for (let word = slot * words, end = word + words; word < end; word++)
      count += popcount(slotBits[word]!)
    counts[slot] = count
    // A list costs 2 bytes per document, a bitmap 4 per word.
    if (count >= 2 * words) denseCount++
    else sparseTotal += count
  }
  const denseKeys = new Uint32Array(denseCount)
  const denseBits = new Uint32Array(denseCount * words)
  const sparseKeys = new Uint32Array(used - denseCount)
  const sparseEnds = new Uint32Array(used - denseCount)
  const postings = new Uint16Array(sparseTotal)
  let dense = 0
  let sparse = 0
  let position = 0
  for (const key of keys) {
    const slot = slotOf(key)
    const start = slot * words
    if (counts[slot]! >= 2 * words) {
      denseKeys[dense] = key
      denseBits.set(slotBits.subarray(start, start + words), dense++ * words)
      continue
    }
    sparseKeys[sparse] = key
    for (let word = 0; word < words; word++) {
      let value = slotBits[start + word]!
      while (value !== 0) {
        const lowest = value & -value
        postings[position++] = (word << 5) + 31 - Math.clz32(lowest)
        value ^= lowest
      }
    }
    sparseEnds[sparse++] = position
  }

  const scratch = new Uint32Array(segmentWords)
  /** ANDs the documents of gram `key` into `bits`; false when none is left. */
  function and(key: number, bits: Uint32Array): boolean {
    let any = 0
    const at = find(denseKeys, key)
    if (at >= 0) {
      const start = at * segmentWords
      for (let word = 0; word < segmentWords; word++) any |= bits[word]! &= denseBits[start + word]!
      return any !== 0
    }
    const listed = find(sparseKeys, key)
    if (listed < 0) {
      bits.fill(0, 0, segmentWords)
      return false
    }
    scratch.fill(0)
    for (
      let index = listed === 0 ? 0 : sparseEnds[listed - 1]!;
      index < sparseEnds[listed]!;
      index++
    ) {
      const document = postings[index]!
      scratch[document >>> 5]! |= 1 << (document & 31)
    }
    for (let word = 0; word < segmentWords; word++) any |= bits[word]! &= scratch[word]!
    return any !== 0
  }

  return {
    documentCount,
    words: segmentWords,
    restrict(query, bits) {
      if (query.length === 1) {
        const code = query.charCodeAt(0)
        return code < 128 ? true : and(code, bits)
      }
      for (let index = 0; index + 1 < query.length; index++)
        if (!and(query.charCodeAt(index) * 65536 + query.charCodeAt(index + 1), bits)) return false
      return true
    },
  }
}
