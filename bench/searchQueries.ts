/**
 * The fixed mix of 240 distinct catalog queries of the search benchmarks (over bench/catalogCache.ts
 * products): 40 each of SKU prefixes, Chinese substrings, English words, full pinyin, pinyin
 * initials and barcodes (20 whole, 20 prefixes), some of them two tokens.
 */
import { ITEMS } from './catalogCache'

const ENGLISH = [
  'wrench',
  'drill',
  'grinder',
  'tape',
  'level',
  'pliers',
  'cable',
  'switch',
  'bulb',
  'sealant',
  'hex bolt',
  'screw',
  'dome',
  'great wall',
  'golden',
  'orient',
  'power',
  'stainless',
  'model 12',
  'energy',
]
const PINYIN = [
  'luosidao',
  'banshou',
  'dianzuan',
  'jiaomoji',
  'juanchi',
  'shuipingyi',
  'laohuqian',
  'dianlan',
  'kaiguan',
  'dengpao',
  'mifengjiao',
  'luoshuan',
  'luoding',
  'pengzhang',
  'yuandingji',
  'hongda',
  'jinying',
  'huafeng',
  'dongfang',
  'changcheng',
]
const INITIALS = [
  'lsd',
  'bs',
  'dz',
  'jmj',
  'jc',
  'spy',
  'lhq',
  'dl',
  'kgmb',
  'jndp',
  'mfj',
  'ljls',
  'zglg',
  'pzls',
  'ydj',
  'hd',
  'jy',
  'hf',
  'df',
  'cc',
]

export function queryMix(): string[] {
  const queries: string[] = []
  for (let i = 0; i < 40; i++)
    queries.push(
      i < 20
        ? `SK${String(i * 37).padStart(3, '0')}`
        : `SK${String(i * 11).padStart(3, '0')}-0${i % 10}`,
    )
  for (let i = 0; i < 40; i++) {
    const [zh] = ITEMS[i % ITEMS.length]!
    queries.push(
      i < ITEMS.length ? zh.slice(0, 2) : i < 2 * ITEMS.length ? zh.slice(-2) : `型号${i * 7}`,
    )
  }
  for (let i = 0; i < 40; i++)
    queries.push(i < 20 ? ENGLISH[i]! : `${ENGLISH[i - 20]!} ${['6mm', '8mm', '220v', 'a'][i % 4]}`)
  for (let i = 0; i < 40; i++)
    queries.push(i < 20 ? PINYIN[i]! : PINYIN[i - 20]!.slice(0, 4 + (i % 3)))
  for (let i = 0; i < 40; i++)
    queries.push(
      i < 20
        ? INITIALS[i]!.replace(/[^a-z]/g, '')
        : `${INITIALS[i - 20]!.replace(/[^a-z]/g, '')}${i % 2 ? '' : 'x'}`,
    )
  // Barcodes as scanned (13 digits) and as typed (the first 9–11 digits).
  for (let i = 0; i < 40; i++) {
    const barcode = String(6_900_000_000_000 + ((i * 7919) % 100_000))
    queries.push(i < 20 ? barcode : barcode.slice(0, 9 + (i % 3)))
  }
  return queries.map((query, position) =>
    queries.indexOf(query) === position ? query : `${query}${position}`,
  )
}
