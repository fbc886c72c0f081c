/**
 * Catalog search at 100k products (bench/catalogCache.ts), over a fixed mix of 240 distinct
 * queries (bench/searchQueries.ts): 40 each of SKU prefixes, Chinese substrings, English words,
 * full pinyin, initials and barcodes.
 * - search.p50.ms / search.p95.ms: one catalog search as the view asks it (rank every match, exact
 *   total, load the first 50 products with their prices), after one warm-up pass; target p95 < 16.
 * - search.likeScanRatio: time of a plain SQL scan `LIKE '%q%'` over the same six columns in the
 *   same sql.js cache (ids only, LIMIT 50, no total, no ranking: the cheapest LIKE can do) ÷ the
 *   time of our index on the same queries (ids of the first 50, ranked, with total); target > 1.2.
 * - search.indexBuild100k.ms: building the index in the cache worker, in slices (once per cache
 *   open), until a search can be answered.
 * The ratio times the index itself, so it uses a copy built here (the app's lives in the worker).
 */
import { buildCatalogIndex } from '../electron/services/catalog/catalogIndex'
import { createCatalogService } from '../electron/services/catalog/catalogService'
import { searchTokens } from '../electron/services/catalog/searchText'
import { benchCatalogCache } from './catalogCache'
import { defineSuite, percentile, timeMs } from './harness'
import { queryMix } from './searchQueries'

const COUNT = 100_000
export default defineSuite({
  name: 'search',
  ids: ['search.p50.ms', 'search.p95.ms', 'search.likeScanRatio', 'search.indexBuild100k.ms'],
  async run() {
    const { db, dispose } = await benchCatalogCache(COUNT)
    try {
      const catalog = createCatalogService({ database: () => db })
      const build = await timeMs(() => catalog.ready())
      const queries = queryMix()
      const index = await buildCatalogIndex(db)
      for (const query of queries) await catalog.search({ query, offset: 0, limit: 50 })
      const samples: number[] = []
      for (const query of queries)
        samples.push(await timeMs(() => catalog.search({ query, offset: 0, limit: 50 })))

      // Same queries, index only vs LIKE only (fresh queries each time: reversed order defeats the result cache).
      // Tokens in any order, each anywhere: one LIKE per token over the same fields.
      const likeFor = (tokens: number) =>
        `SELECT id FROM products WHERE ${Array.from(
          { length: tokens },
          (
            _,
            token,
          ) => `(sku LIKE ?${token + 1} OR barcode LIKE ?${token + 1} OR name_zh LIKE ?${token + 1}
          OR name_en LIKE ?${token + 1} OR pinyin_full LIKE ?${token + 1} OR pinyin_initials LIKE ?${token + 1})`,
        ).join(' AND ')} LIMIT 50`
      let likeMs = 0
      let indexMs = 0
      for (const query of [...queries].reverse()) {
        const tokens = searchTokens(query)
        likeMs += await timeMs(() =>
          db.all(
            likeFor(tokens.length),
            tokens.map((token) => `%${token}%`),
          ),
        )
        indexMs += await timeMs(() => index.search(`${query} `, {}, 0, 50))
      }
      console.error(
        `  search: index build ${build.toFixed(0)} ms; LIKE scan ${likeMs.toFixed(0)} ms vs index ${indexMs.toFixed(0)} ms over ${queries.length} queries; ` +
          `max ${Math.max(...samples).toFixed(1)} ms`,
      )
      return [
        {
          id: 'search.p50.ms',
          value: Math.round(percentile(samples, 50) * 100) / 100,
          unit: 'ms',
          better: 'lower',
        },
        {
          id: 'search.p95.ms',
          value: Math.round(percentile(samples, 95) * 100) / 100,
          unit: 'ms',
          target: 16,
          better: 'lower',
        },
        {
          id: 'search.likeScanRatio',
          value: Math.round((likeMs / indexMs) * 10) / 10,
          unit: '×',
          target: 1.2,
          better: 'higher',
        },
        { id: 'search.indexBuild100k.ms', value: Math.round(build), unit: 'ms', better: 'lower' },
      ]
    } finally {
      await dispose()
    }
  },
})
