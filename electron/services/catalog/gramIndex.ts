/**
 * An inverted index of character unigrams and bigrams → the ascending list of documents (dense
 * numbers 0..n-1) whose text holds them. Text is expected normalised (searchText.ts). A query of
 * one character reads one posting list; a longer query intersects the posting lists of its
 * bigrams, rarest first, which gives the candidates that hold every bigram. The caller verifies
 * candidates of 3+ characters with `includes` (holding all bigrams is necessary, not sufficient).
 *
 * Gram key: a unigram is its UTF-16 code unit (< 65536), a bigram c1 * 65536 + c2 (≥ 65536).
 * Memory: one Int32 per distinct gram per document (about 90 per product: ~36 MB at 100k).
 * ASCII characters have no unigram list: a one-character ASCII query gets every document.
 */

/** Code units 0 and 1 separate fields of a text: no gram holds them. */
const SEPARATOR = 1

export interface GramIndex {
  /**
   * Documents holding every gram of `query` (normalised, non-empty), ascending; null for a single
   * ASCII character (not indexed): every document is a candidate.
   */
  candidates(query: string): Int32Array | null
  /** True when the candidates of `query` need no `includes` check (1–2 characters). */
  exactFor(query: string): boolean
}

/**
 * Gram key → dense gram id, open addressing over typed arrays (a Map keyed by numbers above 2^30
 * hashes heap numbers, several times slower at 100k products).
 */
function createGramTable() {
  let capacity = 1 << 14
  let keys = new Uint32Array(capacity)
  let values = new Int32Array(capacity)
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
    /** The id of `key` (≥ 0), or -1. */
    get(key: number): number {
      const slot = slotOf(key, capacity - 1, keys)
      return keys[slot] === 0 ? -1 : values[slot]!
    },
    /** The id of `key` (≥ 0), allocated when new. */
    intern(key: number): number {
      const slot = slotOf(key, capacity - 1, keys)
      if (keys[slot] !== 0) return values[slot]!
      keys[slot] = key
      values[slot] = size++
      if (size * 2 > capacity) grow()
      return size - 1
    },
  }
}

export function buildGramIndex(documentCount: number, textsOf: (document: number) => readonly string[]): GramIndex {
  const gramIds = createGramTable()
  // Unigrams are looked up directly by code unit (half of all lookups), bigrams hashed.
  const unigramIds = new Int32Array(65536).fill(-1)
  let counts = new Int32Array(4096)
  let lastSeen = new Int32Array(4096).fill(-1)
  // Pass 1: each document's distinct gram ids, document after document (forward index).
  let forward = new Int32Array(documentCount * 64 + 1024)
  const documentEnd = new Int32Array(documentCount)
  let size = 0
  for (let document = 0; document < documentCount; document++) {
    for (const text of textsOf(document)) {
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index)
        if (code <= SEPARATOR) continue
        for (let gram = 0; gram < 2; gram++) {
          if (gram === 1 && (index + 1 >= text.length || text.charCodeAt(index + 1) <= SEPARATOR)) break
          let id: number
          if (gram === 0) {
            // ASCII unigrams are left out: a one-letter query matches most products anyway, and
            // they would be a quarter of the postings.
            if (code < 128) continue
            id = unigramIds[code]!
            if (id < 0) id = unigramIds[code] = gramIds.intern(code)
          } else id = gramIds.intern(code * 65536 + text.charCodeAt(index + 1))
          if (id >= counts.length) {
            const grownCounts = new Int32Array(counts.length * 2)
            grownCounts.set(counts)
            counts = grownCounts
            const grownSeen = new Int32Array(lastSeen.length * 2).fill(-1)
            grownSeen.set(lastSeen)
            lastSeen = grownSeen
          }
          if (lastSeen[id] === document) continue
          lastSeen[id] = document
          counts[id]!++
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
  // Pass 2: counting sort into posting lists (documents ascending within each).
  const gramCount = gramIds.size
  const offsets = new Int32Array(gramCount + 1)
  for (let id = 0; id < gramCount; id++) offsets[id + 1] = offsets[id]! + counts[id]!
  const postings = new Int32Array(offsets[gramCount]!)
  const cursor = offsets.slice(0, gramCount)
  let position = 0
  for (let document = 0; document < documentCount; document++) {
    for (const end = documentEnd[document]!; position < end; position++) postings[cursor[forward[position]!]!++] = document
  }

  const EMPTY = new Int32Array(0)
  function posting(key: number): Int32Array {
    const id = key === 0 ? -1 : gramIds.get(key)
    return id < 0 ? EMPTY : postings.subarray(offsets[id], offsets[id + 1])
  }

  function candidates(query: string): Int32Array | null {
    if (query.length === 0) return EMPTY
    if (query.length === 1) return query.charCodeAt(0) < 128 ? null : posting(query.charCodeAt(0))
    const keys = new Set<number>()
    for (let index = 0; index + 1 < query.length; index++) keys.add(query.charCodeAt(index) * 65536 + query.charCodeAt(index + 1))
    const lists = [...keys].map(posting).sort((a, b) => a.length - b.length)
    let result = lists[0] ?? EMPTY
    for (const list of lists.slice(1)) {
      if (result.length === 0) break
      result = intersect(result, list)
    }
    return result
  }

  return { candidates, exactFor: (query) => query.length === 2 || (query.length === 1 && query.charCodeAt(0) >= 128) }
}

/** Sorted-array intersection: galloping binary search when `small` is much shorter than `large`. */
function intersect(small: Int32Array, large: Int32Array): Int32Array {
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
    for (let i = 0; i < small.length && j < large.length; ) {
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
