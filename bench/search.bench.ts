/**
 * Catalog search at 100k products (bench/catalogCache.ts), over a fixed mix of 200 distinct
 * queries: 40 each of SKU prefixes, Chinese substrings, English words, full pinyin and initials.
 * - search.p50.ms / search.p95.ms: one catalog search as the view asks it (rank every match, exact
 *   total, load the first 50 products with their prices), after one warm-up pass; target p95 < 16.
 * - search.likeScanRatio: time of a plain SQL scan `LIKE '%q%'` over the same six columns in the
 *   same sql.js cache (ids only, LIMIT 50, no total, no ranking: the cheapest LIKE can do) ÷ the
 *   time of our index on the same queries (ids of the first 50, ranked, with total); target > 1.2.
 * - search.indexBuild100k.ms: building the index from the cache (once per cache open / products sync).
 */
import { createCatalogService } from '../electron/services/catalog/catalogService'
import { normalizeSearchText } from '../electron/services/catalog/searchText'
import { benchCatalogCache, ITEMS } from './catalogCache'
import { defineSuite, percentile, timeMs } from './harness'

const COUNT = 100_000
const ENGLISH = ['wrench', 'drill', 'grinder', 'tape', 'level', 'pliers', 'cable', 'switch', 'bulb', 'sealant', 'hex bolt', 'screw', 'dome', 'great wall', 'golden', 'orient', 'power', 'stainless', 'model 12', 'energy']
const PINYIN = ['luosidao', 'banshou', 'dianzuan', 'jiaomoji', 'juanchi', 'shuipingyi', 'laohuqian', 'dianlan', 'kaiguan', 'dengpao', 'mifengjiao', 'luoshuan', 'luoding', 'pengzhang', 'yuandingji', 'hongda', 'jinying', 'huafeng', 'dongfang', 'changcheng']
const INITIALS = ['lsd', 'bs', 'dz', 'jmj', 'jc', 'spy', 'lhq', 'dl', 'kgmb', 'jndp', 'mfj', 'ljls', 'zglg', 'pzls', 'ydj', 'hd', 'jy', 'hf', 'df', 'cc']

export function queryMix(): string[] {
  const queries: string[] = []
  for (let i = 0; i < 40; i++) queries.push(i < 20 ? `SK${String(i * 37).padStart(3, '0')}` : `SK${String(i * 11).padStart(3, '0')}-0${i % 10}`)
  for (let i = 0; i < 40; i++) {
    const [zh] = ITEMS[i % ITEMS.length]!
    queries.push(i < ITEMS.length ? zh.slice(0, 2) : i < 2 * ITEMS.length ? zh.slice(-2) : `型号${i * 7}`)
  }
  for (let i = 0; i < 40; i++) queries.push(i < 20 ? ENGLISH[i]! : `${ENGLISH[i - 20]!} ${['6mm', '8mm', '220v', 'a'][i % 4]}`)
  for (let i = 0; i < 40; i++) queries.push(i < 20 ? PINYIN[i]! : PINYIN[i - 20]!.slice(0, 4 + (i % 3)))
  for (let i = 0; i < 40; i++) queries.push(i < 20 ? INITIALS[i]!.replace(/[^a-z]/g, '') : `${INITIALS[i - 20]!.replace(/[^a-z]/g, '')}${i % 2 ? '' : 'x'}`)
  return queries.map((query, position) => (queries.indexOf(query) === position ? query : `${query}${position}`))
}

export default defineSuite({
  name: 'search',
  ids: ['search.p50.ms', 'search.p95.ms', 'search.likeScanRatio', 'search.indexBuild100k.ms'],
  async run() {
    const { db, dispose } = await benchCatalogCache(COUNT)
    try {
      const catalog = createCatalogService({ database: () => db })
      const build = await timeMs(() => catalog.index())
      const queries = queryMix()
      const index = catalog.index()
      for (const query of queries) catalog.search({ query, offset: 0, limit: 50 })
      const samples: number[] = []
      for (const query of queries) samples.push(await timeMs(() => catalog.search({ query, offset: 0, limit: 50 })))

      // Same queries, index only vs LIKE only (fresh queries each time: reversed order defeats the result cache).
      const like = `SELECT id FROM products WHERE sku LIKE ?1 OR barcode LIKE ?1 OR name_zh LIKE ?1 OR name_en LIKE ?1
        OR pinyin_full LIKE ?1 OR pinyin_initials LIKE ?1 LIMIT 50`
      let likeMs = 0
      let indexMs = 0
      for (const query of [...queries].reverse()) {
        const pattern = `%${normalizeSearchText(query)}%`
        likeMs += await timeMs(() => db.all(like, [pattern]))
        indexMs += await timeMs(() => index.search(`${query} `, {}, 0, 50))
      }
      console.error(
        `  search: index build ${build.toFixed(0)} ms; LIKE scan ${likeMs.toFixed(0)} ms vs index ${indexMs.toFixed(0)} ms over ${queries.length} queries; ` +
          `max ${Math.max(...samples).toFixed(1)} ms`,
      )
      return [
        { id: 'search.p50.ms', value: Math.round(percentile(samples, 50) * 100) / 100, unit: 'ms', better: 'lower' },
        { id: 'search.p95.ms', value: Math.round(percentile(samples, 95) * 100) / 100, unit: 'ms', target: 16, better: 'lower' },
        { id: 'search.likeScanRatio', value: Math.round((likeMs / indexMs) * 10) / 10, unit: '×', target: 1.2, better: 'higher' },
        { id: 'search.indexBuild100k.ms', value: Math.round(build), unit: 'ms', better: 'lower' },
      ]
    } finally {
      await dispose()
    }
  },
})
