/**
 * Pinyin for product names, computed once at sync time so search can match `yuandingji` and the
 * initials `ydj` for 圆顶机. Non-Chinese runs (SKU-like "M8×30") are kept as lower-case letters
 * and digits so a mixed query still matches. Tones and spaces are dropped.
 */
import { pinyin } from 'pinyin-pro'

function normalize(parts: string[]): string {
  return parts
    .map((part) => part.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join('')
}

export function pinyinOf(name: string): { full: string; initials: string } {
  if (!name) return { full: '', initials: '' }
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
  const initials = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
  return { full: normalize(full), initials: normalize(initials) }
}
