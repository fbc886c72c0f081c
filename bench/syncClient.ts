/**
 * Child process of the 100k benchmarks (bench/sync100k.ts): the client side alone, as the
 * Electron main process runs it (bundled by bench/bundle.ts), so its memory and event loop are
 * measured without the sandbox's. Usage (bundled, or through tsx for a look):
 *   tsx bench/syncClient.ts sync <gatewayUrl> <cacheFile>   sign in, sync, search; then the floor
 *   tsx bench/syncClient.ts open <cacheFile>                 open the synced cache, make search ready
 * Prints one JSON line. A 10 ms timer runs throughout: `stallMs` is the longest it fired late,
 * i.e. the longest time the event loop could not answer a bridge call.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { openCacheDatabase, type CacheDatabase } from '../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { createCatalogService } from '../electron/services/catalog/catalogService'
import { createSyncEngine } from '../electron/services/sync/syncEngine'
import {
  createUpstreamClient,
  type TokenSource,
} from '../electron/services/upstream/upstreamClient'
import { API_PREFIX } from '../shared/api'
import { queryMix } from './searchQueries'

const [mode, ...args] = process.argv.slice(2)
const now = () => performance.now()
const gc = () => (globalThis as { gc?: () => void }).gc?.()
const mb = (bytes: number) => bytes / 1024 / 1024

/** The 10 ms probe: longest lateness and the peak resident memory seen at its ticks. */
function startProbe() {
  let last = now()
  let stallMs = 0
  let peakRss = process.memoryUsage().rss
  let ticks = 0
  const timer = setInterval(() => {
    const at = now()
    stallMs = Math.max(stallMs, at - last - 10)
    last = at
    if (++ticks % 10 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss())
  }, 10)
  return {
    stop() {
      clearInterval(timer)
      return { stallMs: Math.max(0, stallMs), peakRssMb: mb(peakRss) }
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** With SYNC_MARKS=1, a phase's monotonic time in µs on stderr (the clock of --cpu-prof). */
const mark = (phase: string) => {
  if (process.env.SYNC_MARKS)
    console.error(JSON.stringify({ mark: phase, us: Number(process.hrtime.bigint() / 1000n) }))
}

async function syncMode(url: string, file: string): Promise<void> {
  // The app keeps the cache open from sign-in on; its sync is timed from the sign-in request.
  const db = await openCacheDatabase({
    file,
    migrations: CACHE_MIGRATIONS,
    onPersistError: (error) => console.error(error),
  })
  const catalog = createCatalogService({ database: () => db })
  // The app opens the cache and builds its index once; the run times a sync of an open cache
  // (the full sync starts from an empty one, so this is instant there).
  catalog.onDataChanged([])
  await catalog.ready()
  const probe = startProbe()
  const started = now()
  const cpuAtStart = process.cpuUsage()
  const threadsAtStart = process.env.SYNC_MARKS ? threadCpu() : {}
  mark('sync')
  let accessToken: string | null = null
  const anonymous = createUpstreamClient({ baseUrl: url })
  const tokens: TokenSource = {
    accessToken: () => accessToken,
    refresh: async () =>
      (accessToken = (
        await anonymous.call('login', { body: { account: 'sh.admin', password: 'Demo@2026' } })
      ).accessToken),
  }
  await tokens.refresh()
  const client = createUpstreamClient({ baseUrl: url, tokens })

  // The catalog's first page, as the view asks it (every 100 ms, the view does once a second),
  // until it is full and every row shows its price (or, prices synced, that it has none).
  let firstRowsMs: number | null = null
  let polling = true
  const poll = (async () => {
    while (polling && firstRowsMs === null) {
      const page = await catalog.search({ query: '', offset: 0, limit: 50 })
      const priced = page.items.every(
        (item) => item.price !== null || page.syncing?.prices === false,
      )
      if (page.items.length === 50 && priced) firstRowsMs = now() - started
      else await sleep(100)
    }
  })()

  const engine = createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles: ['admin'],
    client: () => client,
    onApplied: (feeds) => catalog.onDataChanged(feeds),
  })
  const status = await engine.sync()
  await catalog.ready()
  const ms = now() - started
  // CPU time of every thread of this process during the sync (less noisy than `ms` on a busy
  // machine: an A/B of the client's own work).
  const cpu = process.cpuUsage(cpuAtStart)
  const cpuMs = (cpu.user + cpu.system) / 1000
  if (process.env.SYNC_MARKS)
    console.error(JSON.stringify({ threadCpuMs: threadCpu(threadsAtStart) }))
  mark('synced')
  polling = false
  await poll
  // The image is written (and sql.js's heap given back) right after the run: still probed.
  await engine.persisted()
  mark('persisted')
  const { stallMs, peakRssMb } = probe.stop()
  if (process.env.CACHE_MEMORY_DIAG) await reportMemory(db, 'synced')
  if (status.lastError) throw new Error(`sync failed: ${JSON.stringify(status.lastError)}`)
  const records = status.feeds.reduce((sum, feed) => sum + feed.done, 0)
  const searchable = (
    await catalog.search({ query: '', offset: 0, limit: 1, includeOffSale: true })
  ).total

  // Steady state: synced, index built, 200 searches done, garbage collected (run with --expose-gc)
  // on both threads: the cache worker collects a written image itself, but only a second after
  // the write (cacheWorker.ts collectSoon), which the searches may not outlast.
  for (const query of queryMix()) await catalog.search({ query, offset: 0, limit: 50 })
  gc()
  await db.memory({ gc: true })
  await sleep(500)
  gc()
  const rssMb = mb(process.memoryUsage().rss)
  if (process.env.CACHE_MEMORY_DIAG) await reportMemory(db, 'steady')

  const persists: number[] = []
  for (let round = 0; round < 3; round++) {
    db.markDirty()
    const at = now()
    await db.flush()
    persists.push(now() - at)
  }
  await db.close()
  const fileMb = mb((await stat(file)).size)

  // The floor: the same feed pages from the same gateway, fetched and JSON.parsed, nothing else.
  const floorMs = await floor(url, accessToken!)
  console.log(
    JSON.stringify({
      ms,
      cpuMs,
      records,
      searchable,
      priceItems: status.feeds.find((feed) => feed.feed === 'priceItems')?.done,
      firstRowsMs,
      stallMs,
      peakRssMb,
      rssMb,
      persistMs: persists.sort((a, b) => a - b)[1],
      fileMb,
      floorMs,
    }),
  )
}

/**
 * CPU ms per thread of this process (Linux /proc), by thread id ('main' for the main thread); minus
 * `since` if given. Node names every thread "node": the busiest besides main is the cache worker,
 * the rest are V8's and libuv's helpers.
 */
function threadCpu(since?: Record<string, number>): Record<string, number> {
  const totals: Record<string, number> = {}
  try {
    const tick = 1000 / 100 // USER_HZ
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const name = Number(task) === process.pid ? 'main' : task
      totals[name] = (Number(fields[11]) + Number(fields[12])) * tick
    }
  } catch {
    return {}
  }
  if (since) for (const name of Object.keys(totals)) totals[name]! -= since[name] ?? 0
  return Object.fromEntries(
    Object.entries(totals)
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1]),
  )
}

/** Where the memory is (CACHE_MEMORY_DIAG=1): main's and the cache worker's, on stderr. */
async function reportMemory(db: CacheDatabase, when: string): Promise<void> {
  const round = (usage: object) =>
    Object.fromEntries(Object.entries(usage).map(([key, value]) => [key, +mb(value).toFixed(1)]))
  const worker = await db.memory()
  const collected = await db.memory({ gc: true })
  console.error(
    JSON.stringify({
      when,
      main: round(process.memoryUsage()),
      worker: round(worker.usage),
      workerAfterGc: round(collected.usage),
      databaseMb: +mb(worker.databaseBytes).toFixed(1),
      wasmMb: +mb(worker.wasmBytes).toFixed(1),
      freeMb: +mb(worker.freeBytes).toFixed(1),
      ...(await processMaps()),
    }),
  )
}

/** Linux: resident anonymous and file memory, and the largest resident mappings (MB). */
async function processMaps(): Promise<object> {
  try {
    const status = await readFile('/proc/self/status', 'utf8')
    const field = (name: string) =>
      +(Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1]) / 1024).toFixed(1)
    const smaps = await readFile('/proc/self/smaps', 'utf8')
    const mappings: Array<{ name: string; sizeMb: number; rssMb: number }> = []
    let current: { name: string; sizeMb: number; rssMb: number } | null = null
    for (const line of smaps.split('\n')) {
      const header = line.match(/^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/)
      if (header) {
        current = {
          name: header[3] || '[anon]',
          sizeMb: +((parseInt(header[2]!, 16) - parseInt(header[1]!, 16)) / 1048576).toFixed(1),
          rssMb: 0,
        }
        mappings.push(current)
      } else if (current && line.startsWith('Rss:'))
        current.rssMb = +(Number(line.split(/\s+/)[1]) / 1024).toFixed(1)
    }
    const anon = mappings.filter((m) => m.name === '[anon]' || m.name === '[heap]')
    const small = anon.filter((m) => m.rssMb < 1).reduce((sum, m) => sum + m.rssMb, 0)
    return {
      rssAnonMb: field('RssAnon'),
      rssFileMb: field('RssFile'),
      anonMappings: anon.length,
      anonUnder1MbRss: +small.toFixed(1),
      largest: mappings
        .sort((a, b) => b.rssMb - a.rssMb)
        .slice(0, 14)
        .map((m) => `${m.name.slice(-20)} ${m.rssMb}/${m.sizeMb}`),
    }
  } catch {
    return {}
  }
}

async function floor(url: string, token: string): Promise<number> {
  const base = `${url.replace(/\/+$/, '')}${API_PREFIX}/dealers/d_sh`
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    return JSON.parse(await response.text()) as {
      items: Array<{ record?: { id: string } }>
      nextCursor?: { since: number; after: string } | null
      nextAfter?: string | null
    }
  }
  const feed = async (path: string) => {
    const items: unknown[] = []
    for (let query = `?since=0&limit=5000`; ;) {
      const page = await get(`${path}${query}`)
      items.push(...page.items)
      if (!page.nextCursor) return items
      query = `?since=${page.nextCursor.since}&after=${encodeURIComponent(page.nextCursor.after)}&limit=5000`
    }
  }
  const started = now()
  await feed('/products')
  const lists = (await feed('/price-lists')) as Array<{ id: string }>
  for (const list of lists) await feed(`/price-lists/${encodeURIComponent(list.id)}/items`)
  await get('/balances')
  for (let after: string | null = ''; after !== null;) {
    const page = await get(
      `/transactions?limit=5000${after ? `&after=${encodeURIComponent(after)}` : ''}`,
    )
    after = page.nextAfter ?? null
  }
  for (const path of ['/orders', '/deliveries', '/returns', '/invoice-requests']) await feed(path)
  return now() - started
}

async function openMode(file: string): Promise<void> {
  gc()
  const probe = startProbe()
  await sleep(30)
  const started = now()
  let db: CacheDatabase | null = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
  // A first indexed query (products of a category; the app reads no product by SKU in SQL).
  const hits = await db.all(
    'SELECT id, name_zh FROM products WHERE category_id = ? ORDER BY rowid LIMIT 20',
    ['cat_bolts'],
  )
  const openMs = now() - started
  if (hits.length === 0) throw new Error('expected products in category cat_bolts')
  const catalog = createCatalogService({ database: () => db })
  await catalog.ready()
  const readyMs = now() - started
  const total = (await catalog.search({ query: 'luosi', offset: 0, limit: 50 })).total
  await sleep(30)
  const { stallMs } = probe.stop()
  await db.close()
  db = null
  console.log(JSON.stringify({ openMs, readyMs, stallMs, total }))
}

// No top-level await: the bench runs this file bundled to CommonJS (bench/bundle.ts).
async function main(): Promise<void> {
  if (mode === 'sync' && args[0] && args[1]) await syncMode(args[0], args[1])
  else if (mode === 'open' && args[0]) await openMode(args[0])
  else throw new Error('usage: syncClient sync <url> <cacheFile> | open <cacheFile>')
}
main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
