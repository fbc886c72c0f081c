/**
 * Quick order at 100k products (bench/catalogCache.ts): parse and match 5,000 pasted rows, the
 * way `catalog:matchRows` does (the search index already built in the cache worker, as after the
 * catalog was opened; the whole paste is matched there in one message).
 * Mix: 60 % SKUs (some lower case or full-width), 20 % barcodes, 10 % exact Chinese names,
 * 5 % name fragments (search fallback), 5 % unknown; quantities with thousands separators.
 * - paste.match5000.ms: median of 3 runs; target < 1000.
 */
import { createCatalogService } from '../electron/services/catalog/catalogService'
import { parsePastedOrder } from '../shared/domain/quickOrder'
import { benchCatalogCache, benchProduct } from './catalogCache'
import { defineSuite, percentile, timeMs } from './harness'

const COUNT = 100_000
const ROWS = 5_000

function pastedText(): string {
  const lines = ['商品编码\t数量']
  for (let row = 0; row < ROWS; row++) {
    const product = benchProduct((row * 7919) % COUNT)
    const kind = row % 20
    const reference =
      kind < 11
        ? product.sku
        : kind === 11
          ? product.sku
              .toLowerCase()
              .replace(/[A-Z0-9-]/gi, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0))
          : kind < 16
            ? product.barcode
            : kind < 18
              ? product.nameZh
              : kind === 18
                ? `型号${(row * 7919) % COUNT}`
                : `UNKNOWN-${row}`
    lines.push(`${reference}\t${row % 7 === 0 ? '1,200' : String(1 + (row % 30))}`)
  }
  return lines.join('\r\n')
}

export default defineSuite({
  name: 'paste',
  ids: ['paste.match5000.ms'],
  async run() {
    const { db, dispose } = await benchCatalogCache(COUNT)
    try {
      const catalog = createCatalogService({ database: () => db })
      await catalog.ready()
      const text = pastedText()
      const runs: number[] = []
      let statuses: Record<string, number> = {}
      for (let round = 0; round < 3; round++) {
        runs.push(
          await timeMs(async () => {
            const rows = await catalog.matchQuickOrder(parsePastedOrder(text))
            statuses = {}
            for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1
          }),
        )
      }
      console.error(
        `  paste: ${runs.map((ms) => ms.toFixed(0)).join('/')} ms; ${JSON.stringify(statuses)}`,
      )
      return [
        {
          id: 'paste.match5000.ms',
          value: Math.round(percentile(runs, 50)),
          unit: 'ms',
          target: 1000,
          better: 'lower',
        },
      ]
    } finally {
      await dispose()
    }
  },
})
