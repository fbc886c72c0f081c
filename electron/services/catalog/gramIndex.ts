/**
 * An inverted index of character unigrams and bigrams → the ascending list of documents whose
 * text holds them, built in segments (one per batch of documents, so a catalog grows page by page
 * without rebuilding) over one shared gram dictionary. Text is expected normalised (searchText.ts).
 * A query of one character reads one posting list; a longer query intersects the posting lists of
 * its bigrams, rarest first, which gives the candidates that hold every bigram. The caller verifies
 * candidates of 3+ characters with `includes` (holding all bigrams is necessary, not sufficient).
 *
 * Gram key: a unigram is its UTF-16 code unit (< 65536), a bigram c1 * 65536 + c2 (≥ 65536).
 * Memory per segment: one Int32 per distinct gram per document (about 90 per product) plus two
 * Int32 per distinct gram of the segment. ASCII characters have no unigram list: a one-character
 * ASCII query gets every document.
 */

/** Code units 0 and 1 separate fields of a text: no gram holds them. */
const SEPARATOR = 1

/** Gram key → dense gram id, shared by every segment of one index. */
export interface GramDictionary {
  readonly size: number
  /** The id of `key` (≥ 0), or -1. */
  get(key: number): number
  /** The id of `key`, allocated when new. */
  intern(key: number): number
}

export interface GramSegment {
  readonly documentCount: number
  /**
   * Documents (0-based within the segment) holding every gram of `query` (normalised, non-empty),
   * ascending; null for a single ASCII character (not indexed): every document is a candidate.
   */
  candidates(query: string): Int32Array | null
}

/** True when the candidates of `query` need no `includes` check (1–2 characters). */
export const gramsAreExact = (query: string): boolean =>
  query.length === 2 || (query.length === 1 && query.charCodeAt(0) >= 128)

/**
 * Open addressing over typed arrays (a Map keyed by numbers above 2^30 hashes heap numbers,
 * several times slower at 100k products); unigrams are looked up directly by code unit.
 */
export function createGramDictionary(): GramDictionary {
  let capacity = 1 << 14
  let keys = new Uint32Array(capacity)
  let values = new Int32Array(capacity)
  const unigrams = new Int32Array(65536).fill(-1)
  let size = 0
  const slotOf = (key: number, mask: number, table: Uint32Array) => {
    let hash = Math.imul(key ^ (key >>> 16), 0x45d9f3b)
    hash ^= hash >>> 16
    let slot = hash & mask
    while (table[slot] !== 0 && table[slot] !== key) slot = (slot + 1) & mask
    return slot
  }
  function grow(): void {
    const oldKeys = keys
    const oldValues = values
    capacity *= 2
    keys = new Uint32Array(capacity)
    values = new Int32Array(capacity)
    for (let slot = 0; slot < oldKeys.length; slot++) {
      const key = oldKeys[slot]!
      if (key === 0) continue
      const target = slotOf(key, capacity - 1, keys)
      keys[target] = key
      values[target] = oldValues[slot]!
    }
  }
  return {
    get size() {
      return size
    },
    get(key) {
      if (key < 65536) return unigrams[key]!
      const slot = slotOf(key, capacity - 1, keys)
      return keys[slot] === 0 ? -1 : values[slot]!
    },
    intern(key) {
      if (key < 65536) {
        const known = unigrams[key]!
        if (known >= 0) return known
        unigrams[key] = size
        return size++
      }
      const slot = slotOf(key, capacity - 1, keys)
      if (keys[slot] !== 0) return values[slot]!
      keys[slot] = key
      values[slot] = size++
      if (size * 2 > capacity) grow()
      return size - 1
    },
  }
}

const EMPTY = new Int32Array(0)

export function buildGramSegment(
  dictionary: GramDictionary,
  documentCount: number,
  textsOf: (document: number) => readonly string[],
): GramSegment {
  // Pass 1: each document's distinct gram ids, document after document (forward index).
  let lastSeen = new Int32Array(Math.max(4096, dictionary.size * 2)).fill(-1)
  let forward = new Int32Array(documentCount * 96 + 1024)
  const documentEnd = new Int32Array(documentCount)
  let size = 0
  for (let document = 0; document < documentCount; document++) {
    for (const text of textsOf(document)) {
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index)
        if (code <= SEPARATOR) continue
        for (let gram = 0; gram < 2; gram++) {
          let id: number
          if (gram === 0) {
            // ASCII unigrams are left out: a one-letter query matches most products anyway, and
            // they would be a quarter of the postings.
            if (code < 128) continue
            id = dictionary.intern(code)
          } else {
            if (index + 1 >= text.length) break
            const following = text.charCodeAt(index + 1)
            if (following <= SEPARATOR) break
            id = dictionary.intern(code * 65536 + following)
          }
          if (id >= lastSeen.length) {
            const grown = new Int32Array(Math.max(id + 1, lastSeen.length * 2)).fill(-1)
            grown.set(lastSeen)
            lastSeen = grown
          }
          if (lastSeen[id] === document) continue
          lastSeen[id] = document
          if (size === forward.length) {
            const grown = new Int32Array(forward.length * 2)
            grown.set(forward)
            forward = grown
          }
          forward[size++] = id
        }
      }
    }
    documentEnd[document] = size
  }
  // Pass 2: the segment's grams (ascending global ids) and a counting sort into posting lists.
  const local = new Int32Array(dictionary.size).fill(-1)
  const counts: number[] = []
  const used: number[] = []
  for (let position = 0; position < size; position++) {
    const id = forward[position]!
    let slot = local[id]!
    if (slot < 0) {
      slot = local[id] = used.length
      used.push(id)
      counts.push(0)
    }
    counts[slot]!++
  }
  const order = Int32Array.from(used.keys()).sort((a, b) => used[a]! - used[b]!)
  const grams = new Int32Array(used.length)
  const offsets = new Int32Array(used.length + 1)
  const slotOfSorted = new Int32Array(used.length)
  order.forEach((slot, sorted) => {
    grams[sorted] = used[slot]!
    slotOfSorted[slot] = sorted
    offsets[sorted + 1] = offsets[sorted]! + counts[slot]!
  })
  const postings = new Int32Array(size)
  const cursor = offsets.slice(0, used.length)
  let position = 0
  for (let document = 0; document < documentCount; document++) {
    for (const end = documentEnd[document]!; position < end; position++) {
      postings[cursor[slotOfSorted[local[forward[position]!]!]!]!++] = document
    }
  }

  function posting(key: number): Int32Array {
    const id = dictionary.get(key)
    if (id < 0) return EMPTY
    let low = 0
    let high = grams.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if (grams[middle]! < id) low = middle + 1
      else high = middle
    }
    return low < grams.length && grams[low] === id
      ? postings.subarray(offsets[low], offsets[low + 1])
      : EMPTY
  }

  function candidates(query: string): Int32Array | null {
    if (query.length === 0) return EMPTY
    if (query.length === 1) return query.charCodeAt(0) < 128 ? null : posting(query.charCodeAt(0))
    const keys = new Set<number>()
    for (let index = 0; index + 1 < query.length; index++)
      keys.add(query.charCodeAt(index) * 65536 + query.charCodeAt(index + 1))
    const lists = [...keys].map(posting).sort((a, b) => a.length - b.length)
    let result = lists[0] ?? EMPTY
    for (const list of lists.slice(1)) {
      if (result.length === 0) break
      result = intersect(result, list)
    }
    return result
  }

  return { documentCount, candidates }
}

/** Sorted-array intersection: galloping binary search when `small` is much shorter than `large`. */
export function intersect(small: Int32Array, large: Int32Array): Int32Array {
  if (small.length > large.length) [small, large] = [large, small]
  const out = new Int32Array(small.length)
  let size = 0
  if (small.length * 16 < large.length) {
    let low = 0
    for (const value of small) {
      let high = large.length
      while (low < high) {
        const middle = (low + high) >>> 1
        if (large[middle]! < value) low = middle + 1
        else high = middle
      }
      if (low < large.length && large[low] === value) out[size++] = value
    }
  } else {
    let j = 0
    for (let i = 0; i < small.length && j < large.length;) {
      const a = small[i]!
      const b = large[j]!
      if (a === b) {
        out[size++] = a
        i++
        j++
      } else if (a < b) i++
      else j++
    }
  }
  return out.subarray(0, size)
}
