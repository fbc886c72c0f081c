/**
 * Child process of bench/sync.bench.ts: the client side alone (as the Electron main process would
 * run it), so its memory is measured without the sandbox's. Usage:
 *   tsx bench/syncClient.ts <gatewayUrl> <cacheFile>
 * Prints one JSON line: { ms, records, rssMb (steady), peakRssMb, persistMs, fileMb }.
 */
import { stat } from 'node:fs/promises'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { loadSqlJs } from '../electron/services/cache/sqlJs'
import { createSyncEngine } from '../electron/services/sync/syncEngine'
import { createUpstreamClient, type TokenSource } from '../electron/services/upstream/upstreamClient'

const [url, file] = process.argv.slice(2)
if (!url || !file) throw new Error('usage: syncClient <url> <cacheFile>')

await loadSqlJs()
let accessToken: string | null = null
const anonymous = createUpstreamClient({ baseUrl: url })
const tokens: TokenSource = {
  accessToken: () => accessToken,
  refresh: async () => (accessToken = (await anonymous.call('login', { body: { account: 'sh.admin', password: 'Demo@2026' } })).accessToken),
}
await tokens.refresh()
const client = createUpstreamClient({ baseUrl: url, tokens })

// The app keeps the cache open; the sync is timed from an open cache to its data durably on disk.
const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS, persistDelayMs: 60_000, maxPersistDelayMs: 600_000 })
const started = process.hrtime.bigint()
const engine = createSyncEngine({ db, dealerId: 'd_sh', roles: ['admin'], client: () => client, pageSize: 5000 })
const status = await engine.sync()
const ms = Number(process.hrtime.bigint() - started) / 1e6
if (status.lastError) throw new Error(`sync failed: ${JSON.stringify(status.lastError)}`)
const records = status.feeds.reduce((sum, feed) => sum + feed.done, 0)
const peakRssMb = process.memoryUsage().rss / 1024 / 1024
// Steady state: the cache open and synced, the sync's garbage collected (run with --expose-gc).
;(globalThis as { gc?: () => void }).gc?.()
await new Promise((resolve) => setTimeout(resolve, 500))
const rssMb = process.memoryUsage().rss / 1024 / 1024
const persistStart = process.hrtime.bigint()
await db.close()
const persistMs = Number(process.hrtime.bigint() - persistStart) / 1e6
const fileMb = (await stat(file)).size / 1024 / 1024
console.log(JSON.stringify({ ms, records, rssMb, peakRssMb, persistMs, fileMb, priceItems: status.feeds.find((feed) => feed.feed === 'priceItems')?.done }))
