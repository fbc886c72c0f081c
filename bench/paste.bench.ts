/**
 * Quick order at 100k products (bench/catalogCache.ts): parse and match 5,000 pasted rows, the
 * way `catalog:matchRows` does (the search index already built in the cache worker, as after the
 * catalog was opened; the whole paste is matched there in one message).
 * Mix: 60 % SKUs (some lower case or full-width), 20 % barcodes, 10 % exact Chinese names,
 * 5 % name fragments (search fallback), 5 % unknown; quantities with thousands separators.
 * - paste.match5000.ms: median of 3 runs; target < 1000.
 * The log line also splits a 1,000-row paste (the UI bench's mix: SKUs, every 5th a barcode,
 * every 10th a name) into the stages main runs: parse, the match in the worker (message round
 * trip), the contract check of the answer and its JSON (the bytes the bridge carries).
 */
import { createCatalogService } from '../electron/services/catalog/catalogService'
import { QuickOrderResult } from '../shared/contract/catalog'
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

/** The UI bench's paste: 1,000 rows of SKUs, barcodes (every 5th) and names (every 10th). */
function uiPastedText(): string {
  const lines = ['商品编码\t数量']
  for (let row = 0; row < 1000; row++) {
    const product = benchProduct(row)
    const reference =
      row % 5 === 1 ? product.barcode : row % 10 === 3 ? product.nameZh : product.sku
    lines.push(`${reference}\t${row % 7 ? 1 + (row % 30) : '1,200'}`)
  }
  return lines.join('\n')
}

/** Median ms of each stage of a 1,000-row paste in main, and the answer's JSON size. */
async function stages(catalog: ReturnType<typeof createCatalogService>): Promise<string> {
  const text = uiPastedText()
  const times: Record<string, number[]> = { parse: [], match: [], check: [], json: [] }
  let bytes = 0
  for (let round = 0; round < 5; round++) {
    let rows: ReturnType<typeof parsePastedOrder> = []
    let answer: unknown
    times.parse!.push(await timeMs(() => (rows = parsePastedOrder(text))))
    times.match!.push(await timeMs(async () => (answer = await catalog.matchQuickOrder(rows))))
    times.check!.push(await timeMs(() => QuickOrderResult.parse(answer)))
    times.json!.push(await timeMs(() => (bytes = JSON.stringify(answer).length)))
  }
  const median = (name: string) => percentile(times[name]!, 50).toFixed(1)
  return (
    `parse ${median('parse')}, worker match ${median('match')}, contract check ` +
    `${median('check')}, JSON ${median('json')} ms (${(bytes / 1024).toFixed(0)} KB)`
  )
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
            for (const row of rows.rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1
          }),
        )
      }
      console.error(
        `  paste: ${runs.map((ms) => ms.toFixed(0)).join('/')} ms; ${JSON.stringify(statuses)}`,
      )
      console.error(`  1,000 rows in main: ${await stages(catalog)}`)
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
