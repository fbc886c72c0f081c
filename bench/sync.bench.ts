/**
 * The sync engine at 100k: a sandbox with 100,000 products (in memory, this process) and the client
 * in a child process (bench/syncClient.ts) syncing dealer d_sh into a fresh cache file.
 * - sync.full100k.ms: full sync (products, price lists and their ~100k items, balances, flow,
 *   documents) until the cache is durably written; target < 10000.
 * - sync.incremental1k.ms: after the operator reprices 1,000 items, the incremental sync; target < 1000.
 * - rss.main100k.mb: resident memory of the client process holding the synced 100k cache, after
 *   the sync's garbage is collected; target < 400. rss.main100k.peak.mb: right after the sync.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startSandbox } from '../server/sandbox'
import { defineSuite } from './harness'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))

interface ChildReport {
  ms: number
  records: number
  rssMb: number
  peakRssMb: number
  persistMs: number
  fileMb: number
  priceItems: number
}

async function syncInChild(url: string, file: string): Promise<ChildReport> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/syncClient.ts', url, file], {
    cwd: root,
    maxBuffer: 1024 * 1024,
  })
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport
}

export default defineSuite({
  name: 'sync',
  ids: ['sync.full100k.ms', 'sync.incremental1k.ms', 'rss.main100k.mb', 'rss.main100k.peak.mb'],
  async run() {
    const sandbox = await startSandbox({ products: 100_000, seed: 1 })
    const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-sync-'))
    try {
      const file = join(directory, 'cache.sqlite')
      const full = await syncInChild(sandbox.url, file)
      console.error(`  full: ${full.records} records (${full.priceItems} price items) in ${full.ms.toFixed(0)} ms, file ${full.fileMb.toFixed(1)} MB`)

      const lists = sandbox.engine.db.all<{ id: string }>("SELECT id FROM price_lists WHERE id IN (SELECT price_list_id FROM price_list_assignments WHERE dealer_id = 'd_sh') ORDER BY id LIMIT 1")
      const priceListId = lists[0]?.id
      if (!priceListId) throw new Error('no price list for d_sh')
      const response = await fetch(`${sandbox.url}/sandbox/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-operator-token': sandbox.operatorToken },
        body: JSON.stringify({ priceListId, percent: 3, count: 1000 }),
      })
      if (!response.ok) throw new Error(`reprice: ${response.status} ${await response.text()}`)
      const incremental = await syncInChild(sandbox.url, file)
      console.error(`  incremental: ${incremental.records} records in ${incremental.ms.toFixed(0)} ms`)

      return [
        { id: 'sync.full100k.ms', value: Math.round(full.ms), unit: 'ms', target: 10_000, better: 'lower' },
        { id: 'sync.incremental1k.ms', value: Math.round(incremental.ms), unit: 'ms', target: 1_000, better: 'lower' },
        { id: 'rss.main100k.mb', value: Math.round(full.rssMb), unit: 'MB', target: 400, better: 'lower' },
        { id: 'rss.main100k.peak.mb', value: Math.round(full.peakRssMb), unit: 'MB', better: 'lower' },
      ]
    } finally {
      await sandbox.close()
      await rm(directory, { recursive: true, force: true })
    }
  },
})
