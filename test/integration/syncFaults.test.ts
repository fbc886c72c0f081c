import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { createCatalogService } from '../../electron/services/catalog/catalogService'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import type { UpstreamClient } from '../../electron/services/upstream/upstreamClient'
import {
  cacheFingerprint,
  NO_FAULTS,
  operator,
  setFaults,
  shortSleep,
  signedInClient,
  temporaryCache,
} from './helpers'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ products: 300, seed: 7 })
})
afterAll(() => sandbox.close())

/** Syncs until a run finishes without error (a run stops at the first call that exhausts its retries). */
async function syncUntilClean(
  db: CacheDatabase,
  client: UpstreamClient,
  roles: ('admin' | 'orderer' | 'accountant')[],
  full = false,
) {
  const engine = createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles,
    client: () => client,
    pageSize: 50,
  })
  for (let run = 1; run <= 30; run++) {
    const status = await engine.sync({ full: full && run === 1 })
    if (status.lastError === null) return run
  }
  throw new Error('sync did not converge in 30 runs')
}

describe('sync engine against the sandbox', () => {
  it('a full sync under 30% 5xx, resets, truncation and latency converges to exactly the data of a clean sync', async () => {
    const client = await signedInClient(sandbox.url, 'sh.admin')
    const reference = await temporaryCache('reference')
    await syncUntilClean(reference, client, ['admin'])
    const expected = await cacheFingerprint(reference)
    expect(expected.products.count).toBe(300)
    expect(expected.orders.count).toBeGreaterThan(10)
    expect(expected.transactions.count).toBeGreaterThan(10)
    expect(expected.balances.count).toBe(1)

    await setFaults(sandbox, { errorRate: 0.3, resetRate: 0.1, truncateRate: 0.1, latencyMs: 2 })
    try {
      const faulted = await temporaryCache('faulted')
      let retries = 0
      const countRetries = (ms: number) => {
        retries++
        return shortSleep(ms)
      }
      await syncUntilClean(faulted, await signedInClient(sandbox.url, 'sh.admin', countRetries), [
        'admin',
      ])
      // The faults were really met (and retried through), not skipped: yet the data is identical.
      expect(retries).toBeGreaterThan(0)
      expect(await cacheFingerprint(faulted)).toEqual(expected)

      // Upstream changes (a price change, an approval and a shipment, a top-up) arrive by an
      // incremental sync, still under faults, identical to the reference's incremental sync.
      const item = (await reference.get<{
        price_list_id: string
        product_id: string
        price: number
      }>('SELECT price_list_id, product_id, price FROM price_items ORDER BY id LIMIT 1'))!
      await operator(sandbox, 'POST', '/prices', {
        changes: [
          { priceListId: item.price_list_id, productId: item.product_id, price: item.price + 123 },
        ],
      })
      const openOrder = await reference.get<{ number: string }>(
        "SELECT number FROM orders WHERE status = 'under_review' LIMIT 1",
      )
      if (openOrder) {
        await operator(sandbox, 'POST', `/orders/${openOrder.number}/approve`)
        await operator(sandbox, 'POST', `/orders/${openOrder.number}/ship`)
      }
      await operator(sandbox, 'POST', '/dealers/d_sh/top-up', { amount: 50_000 })

      await syncUntilClean(faulted, await signedInClient(sandbox.url, 'sh.admin'), ['admin'])
      await setFaults(sandbox, NO_FAULTS)
      await syncUntilClean(reference, client, ['admin'])
      expect(await cacheFingerprint(faulted)).toEqual(await cacheFingerprint(reference))

      const changed = await faulted.get<{ price: number; previous_price: number }>(
        'SELECT price, previous_price FROM price_items WHERE price_list_id = ? AND product_id = ?',
        [item.price_list_id, item.product_id],
      )
      expect(changed).toEqual({ price: item.price + 123, previous_price: item.price })
    } finally {
      await setFaults(sandbox, NO_FAULTS)
    }
  })

  it('feeds the search index every products page, syncs prices with products, and finishes a sync with nothing new', async () => {
    const db = await temporaryCache('pages')
    const client = await signedInClient(sandbox.url, 'sh.admin')
    const catalog = createCatalogService({ database: () => db })
    catalog.onDataChanged([])
    await catalog.ready()
    const engine = createSyncEngine({
      db,
      dealerId: 'd_sh',
      roles: ['admin'],
      client: () => client,
      pageSize: 50,
      onApplied: (feeds) => catalog.onDataChanged(feeds),
    })
    const first = await engine.sync()
    expect(first.lastError).toBeNull()
    expect(first.feeds.find((feed) => feed.feed === 'products')?.done).toBe(300)
    // Every product of every page is in the search index (the database feeds it, not the engine).
    const everything = { query: '', offset: 0, limit: 1, includeOffSale: true }
    expect((await catalog.search(everything)).total).toBe(300)
    // Empty pages everywhere: one transaction each (the cursor), then done (it used to spin).
    const again = await engine.sync()
    expect(again.lastError).toBeNull()
    expect(again.feeds.every((feed) => feed.finished)).toBe(true)
    expect(again.feeds.find((feed) => feed.feed === 'products')?.done).toBe(0)
    expect((await catalog.search(everything)).total).toBe(300)
  })

  it('skips the feeds the role may not read instead of failing', async () => {
    const db = await temporaryCache('orderer')
    await syncUntilClean(db, await signedInClient(sandbox.url, 'agent.li'), ['orderer'])
    const fingerprint = await cacheFingerprint(db)
    expect(fingerprint.products.count).toBe(300)
    expect(fingerprint.balances.count).toBe(1)
    expect(fingerprint.transactions.count).toBe(0)
    expect(fingerprint.invoice_requests.count).toBe(0)
  })

  it('a record withdrawn upstream disappears from the cache (tombstone)', async () => {
    const client = await signedInClient(sandbox.url, 'sh.admin')
    const db = await temporaryCache('tombstone')
    await syncUntilClean(db, client, ['admin'])
    const item = (await db.get<{ price_list_id: string; product_id: string }>(
      'SELECT price_list_id, product_id FROM price_items ORDER BY id DESC LIMIT 1',
    ))!
    const before = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM price_items'))!.n
    await operator(sandbox, 'POST', '/prices', {
      changes: [{ priceListId: item.price_list_id, productId: item.product_id, withdraw: true }],
    })
    await syncUntilClean(db, client, ['admin'])
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM price_items'))!.n).toBe(
      before - 1,
    )
    expect(
      await db.get('SELECT id FROM price_items WHERE price_list_id = ? AND product_id = ?', [
        item.price_list_id,
        item.product_id,
      ]),
    ).toBeUndefined()
  })

  it('reads price lists winner first, resolves when data is queryable and writes the image right after', async () => {
    const client = await signedInClient(sandbox.url, 'sh.admin')
    const asked: string[] = []
    const recording: UpstreamClient = {
      baseUrl: client.baseUrl,
      call: ((route, options) => {
        if (route === 'priceListItems') asked.push(options?.params?.id ?? '')
        return client.call(route, options)
      }) as UpstreamClient['call'],
    }
    const db = await temporaryCache('order')
    const engine = createSyncEngine({
      db,
      dealerId: 'd_sh',
      roles: ['admin'],
      client: () => recording,
      pageSize: 50,
    })
    const status = await engine.sync()
    expect(status.lastError).toBeNull()
    const lists = (await db.all<{ record: string }>('SELECT record FROM price_lists'))
      .map((row) => JSON.parse(row.record) as { id: string; priority: number })
      .sort((a, b) => a.priority - b.priority)
    expect(lists.length).toBeGreaterThan(1)
    // A first read: list by list, the one that wins a product's price (lowest number) first.
    const firstAsked = [...new Set(asked)]
    expect(firstAsked).toEqual(lists.map((list) => list.id))
    expect(asked.indexOf(lists[1]!.id)).toBeGreaterThan(asked.lastIndexOf(lists[0]!.id))
    // The data is queryable at once; the image follows.
    expect(await db.get('SELECT count(*) AS n FROM products')).toEqual({ n: 300 })
    await engine.persisted()
    expect(db.isDirty()).toBe(false)
    await db.close()
  })
})
