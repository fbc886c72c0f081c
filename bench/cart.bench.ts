/**
 * The cart at 1,000 lines over a 100k-product cache with two price lists (the higher-priority one
 * covering a quarter of the products, with quantity tiers):
 * - cart.reprice1000.ms: `cart.get()` — read the lines, products and sellable items, price every
 *   line (tier, min quantity, pack step), balances, rebate allowance and default allocation;
 *   median of 30 after 3 warm-ups (target < 50).
 * - cart.setQuantity1000.ms: one quantity edit in that cart (snap, write, reprice); median of 30.
 * - cart.setQuantity1000.bridgeBytes: bytes crossing the bridge for one quantity edit (the request
 *   and the answer as JSON, as the IPC / HTTP transport carries them); target < 4096.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Balances, Me, PriceList, PriceListItem, Product } from '../shared/api'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import {
  createFeedRepository,
  createPriceItemRepository,
} from '../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { createCartService } from '../electron/services/cart/cartService'
import { createOutbox } from '../electron/services/outbox/outbox'
import { priceItemFeed, priceListFeed, productFeed } from '../electron/services/sync/feeds'
import { defineSuite, percentile, timeMs } from './harness'

const PRODUCTS = 100_000
const LINES = 1000

function product(index: number): Product {
  return {
    id: `prod-${index}`,
    sku: `SKU-${String(index).padStart(6, '0')}`,
    barcode: String(6_900_000_000_000 + index),
    nameZh: `宏达电钻 ${index % 10}mm 型号${index}`,
    nameEn: `Hongda power drill ${index % 10}mm model ${index}`,
    categoryId: `cat-${index % 40}`,
    categoryNameZh: '电动工具',
    categoryNameEn: 'Power tools',
    unitZh: index % 3 ? '把' : '箱',
    unitEn: index % 3 ? 'piece' : 'carton',
    specZh: '标准',
    specEn: 'standard',
    status: 'onSale',
    imageUrl: null,
    modifiedAt: 1_700_000_000_000 + index,
  }
}

function item(listId: string, index: number, price: number): PriceListItem {
  return {
    id: `${listId}.prod-${index}`,
    priceListId: listId,
    productId: `prod-${index}`,
    price,
    tiers:
      index % 2
        ? [
            { minQuantity: 24, price: Math.round(price * 0.9) },
            { minQuantity: 120, price: Math.round(price * 0.8) },
          ]
        : [],
    minQuantity: index % 3 ? 1 : 12,
    step: index % 3 ? 1 : 12,
    validFrom: null,
    validTo: null,
    modifiedAt: 1_700_000_000_000 + index,
  }
}

const LISTS: PriceList[] = [
  {
    id: 'pl-vip',
    nameZh: '重点客户价',
    nameEn: 'Key account',
    priority: 1,
    active: true,
    validFrom: null,
    validTo: null,
    modifiedAt: 1,
  },
  {
    id: 'pl-std',
    nameZh: '标准价',
    nameEn: 'Standard',
    priority: 2,
    active: true,
    validFrom: null,
    validTo: null,
    modifiedAt: 1,
  },
]

const BALANCES: Balances = {
  asOf: 1,
  deposit: { balance: 900_000_000, available: 900_000_000, locked: 0 },
  rebate: {
    balance: 5_000_000,
    available: 5_000_000,
    locked: 0,
    rule: { minOrderAmount: 100_000, maxAmount: 2_000_000, maxPercent: 5 },
  },
  credit: {
    limit: 100_000_000,
    occupied: 0,
    available: 100_000_000,
    terms: { days: 30, descriptionZh: '月结', descriptionEn: 'Net 30' },
  },
}

const ME: Me = {
  user: { id: 'u1', account: 'bench', displayName: 'Bench', preferredLanguage: 'zh-CN' },
  dealers: [
    {
      id: 'd1',
      code: 'D1',
      nameZh: '经销商',
      nameEn: 'Dealer',
      city: 'Shanghai',
      roles: ['orderer'],
      invoiceProfiles: [],
      addresses: [],
    },
  ],
}

export default defineSuite({
  name: 'cart',
  ids: ['cart.reprice1000.ms', 'cart.setQuantity1000.ms', 'cart.setQuantity1000.bridgeBytes'],
  async run() {
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-cart-'))
    try {
      const db = await openCacheDatabase({
        file: join(folder, 'cache.sqlite'),
        migrations: CACHE_MIGRATIONS,
        persistDelayMs: 3_600_000,
        maxPersistDelayMs: 3_600_000,
      })
      const products = createFeedRepository(db, 'products', productFeed.toColumns)
      const items = createPriceItemRepository(db, priceItemFeed.toColumns as never)
      await createFeedRepository(db, 'price_lists', priceListFeed.toColumns).upsertMany(LISTS)
      for (let start = 0; start < PRODUCTS; start += 1000) {
        const page = Array.from({ length: 1000 }, (_, offset) => start + offset)
        await products.upsertMany(page.map(product))
        await items.upsertMany(
          page.map((index) => item('pl-std', index, 1_000 + ((index * 7919) % 500_000))),
        )
        await items.upsertMany(
          page
            .filter((index) => index % 4 === 0)
            .map((index) => item('pl-vip', index, 900 + ((index * 7919) % 400_000))),
        )
      }
      await db.run('INSERT INTO balances (id, updated_at, record) VALUES (1, 1, ?)', [
        JSON.stringify(BALANCES),
      ])
      const session = {
        state: () => ({
          status: 'signedIn' as const,
          user: null,
          dealers: [],
          dealerId: 'd1',
          server: null,
          connectivity: 'offline' as const,
        }),
        me: () => ME,
        server: () => null,
        client: () => {
          throw new Error('offline')
        },
      }
      const outbox = createOutbox({
        file: join(folder, 'outbox.json'),
        send: async () => ({ ok: true, result: null }),
        autoRetry: false,
      })
      const cart = createCartService({
        database: () => db,
        session,
        outbox,
        sendOutbox: () => undefined,
      })
      const lines = Array.from({ length: LINES }, (_, position) => ({
        productId: `prod-${(position * 97) % PRODUCTS}`,
        quantity: 1 + (position % 150),
      }))
      await cart.add(lines)

      const reprice: number[] = []
      const edits: number[] = []
      for (let round = 0; round < 33; round++) {
        const ms = await timeMs(async () => {
          if ((await cart.get()).lines.length !== LINES) throw new Error('cart lost lines')
        })
        if (round >= 3) reprice.push(ms)
      }
      for (let round = 0; round < 30; round++) {
        edits.push(await timeMs(() => cart.setQuantity(lines[round]!.productId, 200 + round)))
      }
      const request = { productId: lines[40]!.productId, quantity: 333 }
      const answer = await cart.setQuantity(request.productId, request.quantity)
      const bridgeBytes =
        Buffer.byteLength(JSON.stringify(request)) +
        Buffer.byteLength(JSON.stringify({ ok: true, data: answer }))
      const wholeCart = Buffer.byteLength(
        JSON.stringify({ ok: true, data: { cart: await cart.get(), adjusted: [], refused: [] } }),
      )
      console.error(
        `  cart: one quantity edit sends ${bridgeBytes} bytes (the whole cart would be ${wholeCart})`,
      )
      console.error(
        `  cart: reprice p50 ${percentile(reprice, 50).toFixed(1)} ms, p95 ${percentile(reprice, 95).toFixed(1)} ms`,
      )
      await db.close()
      return [
        {
          id: 'cart.reprice1000.ms',
          value: Math.round(percentile(reprice, 50) * 10) / 10,
          unit: 'ms',
          target: 50,
          better: 'lower',
        },
        {
          id: 'cart.setQuantity1000.ms',
          value: Math.round(percentile(edits, 50) * 10) / 10,
          unit: 'ms',
          better: 'lower',
        },
        {
          id: 'cart.setQuantity1000.bridgeBytes',
          value: bridgeBytes,
          unit: 'B',
          target: 4096,
          better: 'lower',
        },
      ]
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  },
})
