/**
 * A real cache for cart tests: products, one or two price lists with items, balances with a rebate
 * rule, and a signed-in session stub for dealer d1 with two addresses.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Balances, Me, PriceList, PriceListItem, Product } from '../../../../shared/api'
import type { SessionState } from '../../../../shared/contract'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import {
  createFeedRepository,
  createPriceItemRepository,
} from '../../../../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import type { CartDependencies } from '../../../../electron/services/cart/cartService'
import { priceItemFeed, priceListFeed, productFeed } from '../../../../electron/services/sync/feeds'

export const NOW = Date.UTC(2026, 10, 23, 4, 0, 0)

export function product(index: number, overrides: Partial<Product> = {}): Product {
  return {
    id: `p${index}`,
    sku: `SKU-${String(index).padStart(5, '0')}`,
    barcode: String(6_900_000_000_000 + index),
    nameZh: `圆顶机${index}`,
    nameEn: `Dome machine ${index}`,
    categoryId: 'c1',
    categoryNameZh: '机器',
    categoryNameEn: 'Machines',
    unitZh: '台',
    unitEn: 'unit',
    specZh: '标准',
    specEn: 'standard',
    status: 'onSale',
    imageUrl: null,
    modifiedAt: 1,
    ...overrides,
  }
}

export function item(productId: string, overrides: Partial<PriceListItem> = {}): PriceListItem {
  return {
    id: `pl1.${productId}`,
    priceListId: 'pl1',
    productId,
    price: 1000,
    tiers: [],
    minQuantity: 1,
    step: 1,
    validFrom: null,
    validTo: null,
    modifiedAt: 1,
    ...overrides,
  }
}

const LIST: PriceList = {
  id: 'pl1',
  nameZh: '标准价',
  nameEn: 'Standard',
  priority: 1,
  active: true,
  validFrom: null,
  validTo: null,
  modifiedAt: 1,
}

export function balances(
  overrides: {
    deposit?: number
    rebate?: number
    credit?: number
    rule?: Balances['rebate']['rule']
  } = {},
): Balances {
  const deposit = overrides.deposit ?? 1_000_000
  const rebate = overrides.rebate ?? 50_000
  const credit = overrides.credit ?? 200_000
  return {
    asOf: 1,
    deposit: { balance: deposit, available: deposit, locked: 0 },
    rebate: {
      balance: rebate,
      available: rebate,
      locked: 0,
      rule:
        overrides.rule === undefined
          ? { minOrderAmount: 10_000, maxAmount: 30_000, maxPercent: 10 }
          : overrides.rule,
    },
    credit: {
      limit: credit,
      occupied: 0,
      available: credit,
      terms: { days: 30, descriptionZh: '月结30天', descriptionEn: 'Net 30' },
    },
  }
}

export async function cacheFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'dealerdesk-cart-')), 'cache.sqlite')
}

export async function openCache(file: string): Promise<CacheDatabase> {
  return openCacheDatabase({
    file,
    migrations: CACHE_MIGRATIONS,
    persistDelayMs: 5,
    maxPersistDelayMs: 20,
  })
}

/** Writes products and items as a sync would (price changes tracked). */
export async function seed(
  db: CacheDatabase,
  products: Product[],
  items: PriceListItem[],
  account: Balances | null = balances(),
): Promise<void> {
  await createFeedRepository(db, 'products', productFeed.toColumns).upsertMany(products)
  await createFeedRepository(db, 'price_lists', priceListFeed.toColumns).upsertMany([LIST])
  await createPriceItemRepository(db, priceItemFeed.toColumns as never, () => NOW).upsertMany(items)
  if (account)
    await db.run('INSERT OR REPLACE INTO balances (id, updated_at, record) VALUES (1, ?, ?)', [
      NOW,
      JSON.stringify(account),
    ])
}

export const ME: Me = {
  user: { id: 'u1', account: 'agent.li', displayName: 'Li', preferredLanguage: 'zh-CN' },
  dealers: [
    {
      id: 'd1',
      code: 'D1',
      nameZh: '上海经销商',
      nameEn: 'Shanghai dealer',
      city: 'Shanghai',
      roles: ['orderer'],
      invoiceProfiles: [],
      addresses: [
        {
          id: 'a1',
          contact: '王',
          phone: '1',
          province: '上海',
          city: '上海',
          district: '浦东',
          line: '1号',
          isDefault: false,
        },
        {
          id: 'a2',
          contact: '李',
          phone: '2',
          province: '上海',
          city: '上海',
          district: '徐汇',
          line: '2号',
          isDefault: true,
        },
      ],
    },
  ],
}

export function signedIn(connectivity: 'online' | 'offline' = 'offline'): SessionState {
  return {
    status: 'signedIn',
    user: { account: 'agent.li', displayName: 'Li', preferredLanguage: 'zh-CN' },
    dealers: [
      {
        id: 'd1',
        code: 'D1',
        nameZh: '上海经销商',
        nameEn: 'Shanghai dealer',
        city: 'Shanghai',
        roles: ['orderer'],
      },
    ],
    dealerId: 'd1',
    server: { kind: 'sandbox', url: null },
    connectivity,
  }
}

export function sessionStub(
  state: SessionState = signedIn(),
  client: unknown = {},
): CartDependencies['session'] {
  return {
    state: () => state,
    me: () => ME,
    server: () => ({ key: 'sandbox', url: 'http://127.0.0.1:1' }),
    client: () => client as ReturnType<CartDependencies['session']['client']>,
  }
}
