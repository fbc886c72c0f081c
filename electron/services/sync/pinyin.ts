/**
 * Pinyin for product names, computed once at sync time so search can match `yuandingji` and the
 * initials `ydj` for 圆顶机. Non-Chinese runs (SKU-like "M8×30") are kept as lower-case letters
 * and digits in both forms so a mixed query still matches. Tones and spaces are dropped.
 * One pinyin-pro call per run of Chinese characters (it segments words, so polyphones read right);
 * the initials are the first letters of those syllables. Runs repeat across a catalog (规格 variants
 * of one 六角螺栓…), so their syllables are remembered, up to a bound.
 */
import { pinyin } from 'pinyin-pro'

const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g
const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '')
const MEMO_LIMIT = 20_000
const memo = new Map<string, string[]>()
const OPTIONS = { type: 'array', toneType: 'none', v: true } as const

// pinyin-pro builds its word automaton on its first call (~40 ms, ~100 under load; in a browser it
// does so when idle): here, when the main process loads, not in the middle of a sync's first page.
pinyin('银行', OPTIONS)

function syllablesOf(run: string): string[] {
  let syllables = memo.get(run)
  if (!syllables) {
    syllables = pinyin(run, OPTIONS)
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(run, syllables)
  }
  return syllables
}

/** Whole names repeat too (the same product name in several sizes): their result, bounded. */
const NAME_LIMIT = 20_000
const names = new Map<string, { full: string; initials: string }>()

export function pinyinOf(name: string): { full: string; initials: string } {
  let known = names.get(name)
  if (!known) {
    known = computePinyin(name)
    if (names.size >= NAME_LIMIT) names.clear()
    names.set(name, known)
  }
  return known
}

function computePinyin(name: string): { full: string; initials: string } {
  let full = ''
  let initials = ''
  let last = 0
  for (const match of name.matchAll(HAN_RUN)) {
    const other = plain(name.slice(last, match.index))
    const syllables = syllablesOf(match[0])
    full += other + syllables.join('')
    initials += other + syllables.map((syllable) => syllable.charAt(0)).join('')
    last = match.index + match[0].length
  }
  const tail = plain(name.slice(last))
  return { full: full + tail, initials: initials + tail }
}
