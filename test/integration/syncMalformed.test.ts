/**
 * A malformed record inside a feed page, through the real upstream client (its fast path for the
 * big feeds, then zod) and the sync engine's sliced encoding: the run fails with
 * upstream.invalidResponse and nothing of that page is applied; the pages before it stay, and the
 * next run resumes from them. A proxy in front of the sandbox rewrites one response.
 */
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { createCursorStore } from '../../electron/services/cache/cacheRepositories'
import { signedInClient, temporaryCache } from './helpers'

type Body = { items: Array<{ id: string; record?: Record<string, unknown> }>; nextCursor: unknown }
/** Rewrites the JSON body of the n-th request (1-based) whose path ends with `suffix`. */
let rewrite: {
  suffix: string
  nth: number
  change: (body: Body) => void
  seen?: number
} | null = null
let sandbox: RunningSandbox
let proxy: Server
let proxyUrl: string

beforeAll(async () => {
  sandbox = await startSandbox({ products: 300, seed: 11 })
  const target = new URL(sandbox.url)
  proxy = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '').split('?')[0]!
    const forwarded = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          let body = Buffer.concat(chunks)
          const active = rewrite
          if (active && path.endsWith(active.suffix) && answer.statusCode === 200) {
            active.seen = (active.seen ?? 0) + 1
            if (active.seen === active.nth) {
              const parsed = JSON.parse(body.toString('utf8')) as Body
              active.change(parsed)
              body = Buffer.from(JSON.stringify(parsed))
            }
          }
          const headers = { ...answer.headers, 'content-length': String(body.length) }
          delete headers['transfer-encoding']
          outgoing.writeHead(answer.statusCode ?? 502, headers).end(body)
        })
      },
    )
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  rewrite = null
})
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()))
  await sandbox.close()
})

const count = async (db: Awaited<ReturnType<typeof temporaryCache>>, table: string) =>
  Number((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n)

/** A fresh cache synced by sh.admin through the rewriting proxy, in pages of 50. */
async function syncThroughProxy(cacheName: string) {
  const client = await signedInClient(proxyUrl, 'sh.admin')
  const db = await temporaryCache(cacheName)
  const engine = createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles: ['admin'],
    client: () => client,
    pageSize: 50,
  })
  return { db, engine }
}

describe('a malformed record in a feed page', () => {
  it('fails the run with upstream.invalidResponse, applies nothing of its page, and the next run resumes', async () => {
    const { db, engine } = await syncThroughProxy('malformed-product')
    let thirdPage: string[] = []
    rewrite = {
      suffix: '/products',
      nth: 3,
      change: (body) => {
        thirdPage = body.items.map((entry) => entry.id)
        // One product of the fifty with a price-like number where a string belongs.
        body.items[37]!.record!.nameZh = 42
      },
    }
    const failed = await engine.sync()
    rewrite = null
    expect(failed.lastError).toEqual({
      code: 'upstream.invalidResponse',
      params: { path: '/dealers/:dealerId/products' },
    })
    expect(thirdPage).toHaveLength(50)
    // The two pages before it are applied, nothing of the third.
    expect(await count(db, 'products')).toBe(100)
    const placeholders = thirdPage.map(() => '?').join(', ')
    expect(
      await db.all(`SELECT id FROM products WHERE id IN (${placeholders})`, thirdPage),
    ).toEqual([])
    const cursor = await createCursorStore(db).get('products')
    expect(cursor?.fullSyncDone).toBe(false)

    const resumed = await engine.sync()
    expect(resumed.lastError).toBeNull()
    expect(await count(db, 'products')).toBe(300)
    expect(await db.get('SELECT name_zh FROM products WHERE id = ?', [thirdPage[37]!])).toEqual({
      name_zh: expect.any(String),
    })
    await db.close()
  })

  it('fails on a broken price tier the same way', async () => {
    const { db, engine } = await syncThroughProxy('malformed-price')
    rewrite = {
      suffix: '/items',
      nth: 1,
      change: (body) => {
        body.items[0]!.record!.tiers = [{ minQuantity: 0, price: 100 }]
      },
    }
    const failed = await engine.sync()
    rewrite = null
    expect(failed.lastError?.code).toBe('upstream.invalidResponse')
    expect(failed.lastError?.params).toEqual({ path: '/dealers/:dealerId/price-lists/:id/items' })
    expect(await count(db, 'price_items')).toBe(0)
    expect((await engine.sync()).lastError).toBeNull()
    expect(await count(db, 'price_items')).toBeGreaterThan(0)
    await db.close()
  })

  it('accepts a page zod accepts though the fast path declines it (unknown keys are not stored)', async () => {
    const { db, engine } = await syncThroughProxy('extra-keys')
    let changed = ''
    rewrite = {
      suffix: '/products',
      nth: 2,
      change: (body) => {
        const entry = body.items[5]!
        changed = entry.id
        entry.record = { vendorNote: 'x', ...Object.fromEntries(Object.entries(entry.record!)) }
      },
    }
    const status = await engine.sync()
    rewrite = null
    expect(status.lastError).toBeNull()
    expect(await count(db, 'products')).toBe(300)
    const row = await db.get<{ record: string }>('SELECT record FROM products WHERE id = ?', [
      changed,
    ])
    expect(row!.record).not.toContain('vendorNote')
    await db.close()
  })
})
