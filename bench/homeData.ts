/**
 * A dealer cache for the home bench: 100,000 products and price items (catalogCache.ts) plus three
 * years of history up to `now` written with the sync feed definitions: ~15 orders a day with 1–10
 * lines over those products (older orders received, the last weeks in every earlier state, 2 %
 * cancelled), a delivery for each shipped order, and the transaction flow they cause (monthly
 * top-ups and rebate grants, deposit and rebate deductions, credit occupation) with running
 * balance-after. Deterministic.
 */
import type { Delivery, Order } from '../shared/api'
import type { CacheDatabase } from '../electron/services/cache/cacheDatabase'
import {
  balancesRecord,
  deliveryRecord,
  flowBuilder,
  orderRecord,
  writeHomeRecords,
} from '../test/fixtures/homeRecords'
import { benchCatalogCache, benchProduct } from './catalogCache'

const DAY = 86_400_000

export interface HomeBenchCache {
  db: CacheDatabase
  counts: { products: number; orders: number; deliveries: number; transactions: number }
  dispose(): Promise<void>
}

function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 2 ** 32
  }
}

export async function homeBenchCache(options: {
  products: number
  days: number
  ordersPerDay: number
  now: number
}): Promise<HomeBenchCache> {
  const { db, dispose } = await benchCatalogCache(options.products)
  const next = random(42)
  const flow = flowBuilder()
  const start = options.now - options.days * DAY
  let orders: Order[] = []
  let deliveries: Delivery[] = []
  let transactions = 0
  const counts = { products: options.products, orders: 0, deliveries: 0, transactions: 0 }
  const flush = async () => {
    await writeHomeRecords(db, { orders, deliveries, transactions: flow.items.slice(transactions) })
    counts.orders += orders.length
    counts.deliveries += deliveries.length
    transactions = flow.items.length
    orders = []
    deliveries = []
  }
  for (let day = 0; day < options.days; day++) {
    const dayStart = start + day * DAY
    if (day % 30 === 0) {
      flow.add(dayStart + 3_600_000, 'deposit', 'topUp', 50_000_000)
      flow.add(
        dayStart + 3_700_000,
        'rebate',
        'rebateGrant',
        1_000_000 + Math.floor(next() * 500_000),
      )
    }
    const age = options.days - day
    for (let index = 0; index < options.ordersPerDay; index++) {
      const createdAt = dayStart + Math.floor(((index + next()) / options.ordersPerDay) * DAY)
      const lines = Array.from({ length: 1 + Math.floor(next() * 10) }, () => {
        const product = benchProduct(Math.floor(next() ** 3 * options.products))
        return {
          productId: product.id,
          sku: product.sku,
          nameZh: product.nameZh,
          nameEn: product.nameEn,
          quantity: 1 + Math.floor(next() * 20),
          unitPrice: 1_000 + Math.floor(next() * 50_000),
        }
      })
      const roll = next()
      const status: Order['status'] =
        roll < 0.02
          ? 'cancelled'
          : age > 30
            ? 'received'
            : roll < 0.3
              ? 'under_review'
              : roll < 0.5
                ? 'confirmed'
                : roll < 0.8
                  ? 'delivered'
                  : 'received'
      const order = orderRecord({
        id: `o${String(counts.orders + orders.length).padStart(7, '0')}`,
        createdAt,
        lines,
        status,
      })
      orders.push(order)
      if (status === 'delivered' || status === 'received') {
        const shippedAt = createdAt + 2 * DAY
        deliveries.push(
          deliveryRecord({
            id: `dv${order.id}`,
            order,
            shippedAt,
            status: status === 'received' ? 'received' : 'has_delivered',
          }),
        )
        const rebate = Math.floor(order.total * 0.05)
        flow.add(createdAt + 60_000, 'credit', 'creditOccupation', Math.floor(order.total * 0.1))
        flow.add(shippedAt, 'deposit', 'orderDeduction', -(order.total - rebate))
        flow.add(shippedAt + 1, 'rebate', 'rebateUse', -rebate)
        flow.add(shippedAt + 2, 'credit', 'creditRelease', -Math.floor(order.total * 0.1))
      }
    }
    if (orders.length >= 2000) await flush()
  }
  await flush()
  await writeHomeRecords(db, { balances: balancesRecord() })
  counts.transactions = flow.items.length
  return { db, counts, dispose }
}
