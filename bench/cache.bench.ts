/**
 * The local cache at 100k: 100,000 products and 100,000 price items with realistic record JSON
 * (bilingual names, pinyin, specs). Measures
 * - cache.coldOpen100k.ms: read the file, open it in sql.js (quick_check, schema check) and answer a
 *   first indexed query (SKU prefix); median of 5. sql.js itself is already loaded (once per process,
 *   at startup).
 * - cache.persist100k.ms: export the image and replace the file atomically (fsync); median of 3.
 * - cache.file100k.mb: the file size.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pinyin } from 'pinyin-pro'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import { createFeedRepository, createPriceItemRepository } from '../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { loadSqlJs } from '../electron/services/cache/sqlJs'
import { defineSuite, percentile, timeMs } from './harness'

const COUNT = 100_000

const BRANDS = [['宏达', 'Hongda'], ['金鹰', 'Golden Eagle'], ['华丰', 'Huafeng'], ['东方', 'Orient'], ['长城', 'Great Wall']] as const
const ITEMS = [
  ['不锈钢螺丝刀', 'stainless screwdriver'], ['活动扳手', 'adjustable wrench'], ['电钻', 'power drill'],
  ['角磨机', 'angle grinder'], ['卷尺', 'tape measure'], ['水平仪', 'spirit level'], ['老虎钳', 'combination pliers'],
  ['电缆', 'power cable'], ['开关面板', 'switch panel'], ['节能灯泡', 'energy-saving bulb'], ['密封胶', 'sealant'],
] as const
const SPECS = ['6mm', '8mm', '10mm', '12寸', '5米', '220V', '1.5平方', 'A级', '加厚', '套装']

function pinyinOf(text: string): { full: string; initials: string } {
  return {
    full: pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase(),
    initials: pinyin(text, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('').toLowerCase(),
  }
}

function product(index: number) {
  const [brandZh, brandEn] = BRANDS[index % BRANDS.length]!
  const [itemZh, itemEn] = ITEMS[Math.floor(index / BRANDS.length) % ITEMS.length]!
  const spec = SPECS[index % SPECS.length]!
  const nameZh = `${brandZh}${itemZh} ${spec} 型号${index}`
  return {
    id: `prod-${String(index).padStart(6, '0')}`,
    sku: `SKU-${String(index).padStart(6, '0')}`,
    barcode: String(6_900_000_000_000 + index),
    name: { zh: nameZh, en: `${brandEn} ${itemEn} ${spec} model ${index}` },
    pinyin: pinyinOf(nameZh),
    categoryId: `cat-${index % 40}`,
    unit: { zh: index % 3 ? '把' : '箱', en: index % 3 ? 'piece' : 'carton' },
    step: index % 3 ? 1 : 12,
    minimumQuantity: index % 3 ? 1 : 12,
    lifeStatus: 'normal',
    specification: `${spec}，${itemZh}，适用于五金店与建材市场`,
    modifiedAt: 1_700_000_000_000 + index * 1000,
  }
}

function priceItem(index: number) {
  return {
    id: `pbp-${String(index).padStart(6, '0')}`,
    priceListId: `pl-${index % 4}`,
    productId: `prod-${String(index).padStart(6, '0')}`,
    price: 1_000 + ((index * 7919) % 500_000), // fen
    discount: 100,
    currency: 'CNY',
    lifeStatus: 'normal',
    modifiedAt: 1_700_000_000_000 + index * 1000,
  }
}

const median = (samples: number[]) => percentile(samples, 50)

export default defineSuite({
  name: 'cache',
  ids: ['cache.coldOpen100k.ms', 'cache.persist100k.ms', 'cache.file100k.mb'],
  async run() {
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-cache-'))
    const file = join(folder, 'cache.sqlite')
    const wasmLoad = await timeMs(() => loadSqlJs())
    try {
      const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS, persistDelayMs: 3_600_000 })
      const products = createFeedRepository(db, 'products', (record: ReturnType<typeof product>) => ({
        id: record.id,
        sku: record.sku,
        barcode: record.barcode,
        name_zh: record.name.zh,
        name_en: record.name.en,
        pinyin_full: record.pinyin.full,
        pinyin_initials: record.pinyin.initials,
        category_id: record.categoryId,
        status: record.lifeStatus,
        modified_at: record.modifiedAt,
      }))
      const prices = createPriceItemRepository(db, (record: ReturnType<typeof priceItem>) => ({
        id: record.id,
        price_list_id: record.priceListId,
        product_id: record.productId,
        price: record.price,
        modified_at: record.modifiedAt,
      }))
      const build = await timeMs(() => {
        for (let start = 0; start < COUNT; start += 1000) {
          const page = Array.from({ length: 1000 }, (_, offset) => start + offset)
          products.upsertMany(page.map(product))
          prices.upsertMany(page.map(priceItem))
        }
      })

      const persists: number[] = []
      for (let round = 0; round < 3; round++) {
        db.markDirty()
        persists.push(await timeMs(() => db.flush()))
      }
      await db.close()
      const bytes = (await stat(file)).size

      const opens: number[] = []
      for (let round = 0; round < 5; round++) {
        const started = performance.now()
        const reopened = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
        const hits = reopened.all('SELECT id, name_zh FROM products WHERE sku LIKE ? ORDER BY sku LIMIT 20', ['SKU-0421%'])
        opens.push(performance.now() - started)
        if (hits.length !== 20) throw new Error(`expected 20 hits, got ${hits.length}`)
        await reopened.close()
      }
      console.error(
        `  cache: wasm load ${wasmLoad.toFixed(0)} ms (once per process), build 2×100k ${build.toFixed(0)} ms, ` +
          `opens ${opens.map((ms) => ms.toFixed(0)).join('/')} ms, persists ${persists.map((ms) => ms.toFixed(0)).join('/')} ms`,
      )
      return [
        { id: 'cache.coldOpen100k.ms', value: Math.round(median(opens)), unit: 'ms', target: 300, better: 'lower' },
        { id: 'cache.persist100k.ms', value: Math.round(median(persists)), unit: 'ms', better: 'lower' },
        { id: 'cache.file100k.mb', value: Math.round((bytes / 1024 / 1024) * 10) / 10, unit: 'MB', better: 'lower' },
      ]
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  },
})
