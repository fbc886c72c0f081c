/**
 * A look inside the search index at 100k products, outside `npm run bench`: the sandbox's own
 * catalog (server/backends/sandbox/seed/catalog.ts, seed 1, with the pinyin a sync stores) is
 * indexed in segments as the cache worker does; prints the build time per pass and the heap the
 * index holds (run with --expose-gc for the heap). For a CPU profile:
 *   node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof-index --import tsx bench/profileIndex.ts
 */
import type * as CatalogIndexModule from '../electron/services/catalog/catalogIndex'
import type { IndexedProduct } from '../electron/services/catalog/catalogIndex'
import { pinyinOf } from '../electron/services/sync/pinyin'
import { createRandom } from '../server/backends/sandbox/prng'
import { seedCatalog } from '../server/backends/sandbox/seed/catalog'
import type { SandboxDatabase } from '../server/backends/sandbox/database'
import { queryMix } from './searchQueries'

// IMPL=<path of another catalogIndex.ts> compares an older copy, back to back.
const { createCatalogIndex } = (await import(
  process.env.IMPL ?? '../electron/services/catalog/catalogIndex'
)) as typeof CatalogIndexModule
const COUNT = Number(process.env.COUNT ?? 100_000)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const products: IndexedProduct[] = []
const capture = {
  run(sql: string, params: unknown[]) {
    if (!sql.includes('INSERT INTO products')) return
    const [id, sku, barcode, nameZh, nameEn, categoryId, , , specZh, specEn, status] =
      params as string[]
    const { full, initials } = pinyinOf(nameZh!)
    products.push({
      id: id!,
      sku: sku!,
      barcode: barcode!,
      nameZh: nameZh!,
      nameEn: nameEn!,
      specZh: specZh!,
      specEn: specEn!,
      pinyinFull: full,
      pinyinInitials: initials,
      categoryId: categoryId!,
      status: status!,
    })
  },
}
seedCatalog(capture as unknown as SandboxDatabase, createRandom(1), COUNT, Date.UTC(2026, 0, 1))
// Strings as sql.js hands them over: fresh flat copies, not slices of the seed's templates.
const fresh = (text: string) => Buffer.from(text, 'utf8').toString('utf8')
const rows = products.map((product) =>
  Object.fromEntries(Object.entries(product).map(([key, value]) => [key, fresh(value)])),
) as unknown as IndexedProduct[]
products.length = 0

const gc = (globalThis as { gc?: () => void }).gc
const heap = () => {
  gc?.()
  gc?.()
  const usage = process.memoryUsage()
  return { used: usage.heapUsed, buffers: usage.arrayBuffers }
}
const mb = (bytes: number) => (bytes / 1048576).toFixed(1)
let keep: unknown
for (let round = 0; round < ROUNDS; round++) {
  keep = null
  const before = heap()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const index = createCatalogIndex()
  for (let start = 0; start < rows.length; start += 1000)
    index.upsert(rows.slice(start, start + 1000))
  const built = performance.now()
  index.search('', {}, 0, 1)
  const ranked = performance.now()
  const { user, system } = process.cpuUsage(cpu)
  keep = index
  const after = heap()
  const times = queryMix().map((query) => {
    const start = performance.now()
    index.search(`${query} `, {}, 0, 50)
    return performance.now() - start
  })
  const searched = times.reduce((sum, ms) => sum + ms, 0)
  const p95 = times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)]!
  console.log(
    `round ${round}: build ${(built - started).toFixed(0)} ms + rank ${(ranked - built).toFixed(0)} ms (cpu ${((user + system) / 1000).toFixed(0)} ms);` +
      ` heap +${mb(after.used - before.used)} MB, arrayBuffers +${mb(after.buffers - before.buffers)} MB;` +
      ` 240 searches ${searched.toFixed(0)} ms (p95 ${p95.toFixed(1)}); size ${index.size}`,
  )
}
void keep
