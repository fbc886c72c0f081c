/**
 * Pinyin for product names, computed once at sync time so search can match `yuandingji` and the
 * initials `ydj` for 圆顶机. Non-Chinese runs (SKU-like "M8×30") are kept as lower-case letters
 * and digits in both forms so a mixed query still matches. Tones and spaces are dropped.
 * One pinyin-pro call per run of Chinese characters (it segments words, so polyphones read right);
 * the initials are the first letters of those syllables.
 */
import { pinyin } from 'pinyin-pro'

const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g
const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '')

export function pinyinOf(name: string): { full: string; initials: string } {
  let full = ''
  let initials = ''
  let last = 0
  for (const match of name.matchAll(HAN_RUN)) {
    const other = plain(name.slice(last, match.index))
    const syllables = pinyin(match[0], { type: 'array', toneType: 'none', v: true })
    full += other + syllables.join('')
    initials += other + syllables.map((syllable) => syllable.charAt(0)).join('')
    last = match.index + match[0].length
  }
  const tail = plain(name.slice(last))
  return { full: full + tail, initials: initials + tail }
}
