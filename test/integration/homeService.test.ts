import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery, Order } from '../../shared/api'
import { HomeOverview } from '../../shared/contract/home'
import { chinaPeriod } from '../../shared/domain/chinaTime'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import { translatorFor } from '../../electron/main/messages'
import { createHomeService, type HomeService } from '../../electron/services/home/homeService'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { signedInClient, temporaryCache } from './helpers'

let sandbox: RunningSandbox
const caches: Record<string, CacheDatabase> = {}
const services: Record<string, HomeService> = {}

async function synced(
  account: string,
  dealerId: string,
  roles: ('accountant' | 'orderer' | 'admin')[],
): Promise<void> {
  const client = await signedInClient(sandbox.url, account)
  const db = await temporaryCache(`home-${account}`)
  const engine = createSyncEngine({ db, dealerId, roles, client: () => client })
  expect((await engine.sync()).lastError).toBeNull()
  caches[account] = db
  services[account] = createHomeService({
    database: () => db,
    dealer: () => ({ dealerId }),
    outbox: { list: async () => [] },
    translator: translatorFor,
  })
}

beforeAll(async () => {
  sandbox = await startSandbox({ products: 200, seed: 7 })
  await synced('cd.accountant', 'd_cd', ['accountant'])
  await synced('agent.li', 'd_sh', ['orderer'])
}, 120_000)
afterAll(async () => {
  await sandbox.close()
})

const records = async <T>(db: CacheDatabase, table: string) =>
  (await db.all<{ record: string }>(`SELECT record FROM ${table}`)).map(
    (row) => JSON.parse(row.record) as T,
  )

describe('home over a cache filled by the real sync', () => {
  it('accountant: purchases per Beijing month, balances at now equal to the cached balances', async () => {
    const overview = (await services['cd.accountant']!.overview())!
    expect(() => HomeOverview.parse(overview)).not.toThrow()
    const db = caches['cd.accountant']!
    const expected = new Map<string, number>()
    for (const order of await records<Order>(db, 'orders')) {
      if (order.status === 'cancelled' || order.status === 'rejected') continue
      expected.set(
        chinaPeriod(order.createdAt),
        (expected.get(chinaPeriod(order.createdAt)) ?? 0) + order.total,
      )
    }
    const months = overview.charts.purchasesByMonth
    expect(months).toHaveLength(12)
    expect(months.some((month) => month.amount > 0)).toBe(true)
    for (const month of months) expect(month.amount).toBe(expected.get(month.period) ?? 0)

    expect(overview.hasFlow).toBe(true)
    const now = overview.charts.balanceByMonth.at(-1)!
    expect(now).toMatchObject({
      deposit: overview.balances!.deposit.balance,
      rebate: overview.balances!.rebate.balance,
      creditUsed: overview.balances!.credit.occupied,
    })
    expect(overview.charts.rebateByMonth.some((month) => month.earned > 0)).toBe(true)
  })

  it('orderer: no flow cached, deliveries to confirm and orders under review listed with their records', async () => {
    const overview = (await services['agent.li']!.overview())!
    const db = caches['agent.li']!
    expect(overview.hasFlow).toBe(false)
    const toConfirm = (await records<Delivery>(db, 'deliveries')).filter(
      (delivery) => delivery.status === 'has_delivered',
    )
    const underReview = (await records<Order>(db, 'orders')).filter(
      (order) => order.status === 'under_review',
    )
    expect(overview.todoCounts['delivery.toConfirm'] ?? 0).toBe(toConfirm.length)
    expect(overview.todoCounts['order.underReview'] ?? 0).toBe(underReview.length)
    expect(toConfirm.length + underReview.length).toBeGreaterThan(0)
    for (const item of overview.todo) {
      if (item.kind === 'delivery.toConfirm') expect(item.path).toBe(`/deliveries/${item.id}`)
      if (item.kind === 'order.underReview') expect(item.path).toBe(`/orders/${item.id}`)
    }
    const top = overview.charts.topProducts
    for (let index = 1; index < top.length; index++)
      expect(top[index - 1]!.amount).toBeGreaterThanOrEqual(top[index]!.amount)
  })
})
