/**
 * One run of the 100k scenario shared by the sync and cache suites (memoised, so `npm run bench`
 * does it once): a sandbox with 100,000 products in this process, and the client in child
 * processes (bench/syncClient.ts, bundled as the Electron main process ships: bench/bundle.ts):
 * 1. sign in and sync dealer d_sh into a fresh cache file (full sync), with the 10 ms stall probe,
 *    the catalog's first priced page, memory, the persist time and the floor (same pages fetched
 *    and JSON.parsed only); FULL_RUNS times (BENCH_SYNC_RUNS, default 3), each in a fresh process
 *    into a fresh file, reported as the median of each figure (these 2-core VMs swing: one run's
 *    sync took anywhere from 3.6 to 5.8 s for the same work), with every run's figure beside it;
 * 2. the operator reprices 1,000 items; a second child syncs incrementally;
 * 3. three fresh processes each open the synced file and make search ready (cold open, stall).
 * The cache measured is the one a real sync writes.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { startSandbox } from '../server/sandbox'
import { bundledSyncClient } from './bundle'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))

export interface SyncReport {
  ms: number
  /** CPU time of the client process (all its threads) during the sync. */
  cpuMs: number
  records: number
  searchable: number
  priceItems: number
  firstRowsMs: number | null
  stallMs: number
  peakRssMb: number
  rssMb: number
  persistMs: number
  fileMb: number
  floorMs: number
}

export interface OpenReport {
  openMs: number
  readyMs: number
  stallMs: number
  total: number
}

export interface Scenario100k {
  /** Every full run, in order (the suites report each figure's median, bench/harness medianOf). */
  fulls: SyncReport[]
  incremental: SyncReport
  opens: OpenReport[]
}

async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', await bundledSyncClient(), ...args],
    {
      cwd: root,
      maxBuffer: 4 * 1024 * 1024,
    },
  )
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T
}

let scenario: Promise<Scenario100k> | undefined

const FULL_RUNS = Math.max(1, Number(process.env.BENCH_SYNC_RUNS) || 3)

export function scenario100k(): Promise<Scenario100k> {
  scenario ??= (async () => {
    const sandbox = await startSandbox({ products: 100_000, seed: 1 })
    const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-sync-'))
    try {
      let file = ''
      const fulls: SyncReport[] = []
      for (let round = 1; round <= FULL_RUNS; round++) {
        if (file) await rm(file, { force: true })
        file = join(directory, `cache-${round}.sqlite`)
        // The gateway runs in this process: its CPU while the child syncs and reads the floor.
        const gatewayCpu = process.cpuUsage()
        const run = await child<SyncReport>(['sync', sandbox.url, file])
        const { user, system } = process.cpuUsage(gatewayCpu)
        console.error(
          `  full ${round}/${FULL_RUNS}: ${run.records} records (${run.priceItems} price items, ${run.searchable} searchable) in ${run.ms.toFixed(0)} ms (client CPU ${run.cpuMs.toFixed(0)} ms, ` +
            `gateway CPU ${((user + system) / 1000).toFixed(0)} ms with the floor's pages) ` +
            `(floor ${run.floorMs.toFixed(0)} ms), first priced rows ${run.firstRowsMs?.toFixed(0)} ms, stall ${run.stallMs.toFixed(0)} ms, ` +
            `file ${run.fileMb.toFixed(1)} MB, persist ${run.persistMs.toFixed(0)} ms, rss ${run.rssMb.toFixed(0)} / peak ${run.peakRssMb.toFixed(0)} MB`,
        )
        fulls.push(run)
      }
      const lists = sandbox.engine.db.all<{ id: string }>(
        "SELECT id FROM price_lists WHERE id IN (SELECT price_list_id FROM price_list_assignments WHERE dealer_id = 'd_sh') ORDER BY id LIMIT 1",
      )
      const priceListId = lists[0]?.id
      if (!priceListId) throw new Error('no price list for d_sh')
      const response = await fetch(`${sandbox.url}/sandbox/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-operator-token': sandbox.operatorToken },
        body: JSON.stringify({ priceListId, percent: 3, count: 1000 }),
      })
      if (!response.ok) throw new Error(`reprice: ${response.status} ${await response.text()}`)
      const incremental = await child<SyncReport>(['sync', sandbox.url, file])
      console.error(
        `  incremental: ${incremental.records} records in ${incremental.ms.toFixed(0)} ms, stall ${incremental.stallMs.toFixed(0)} ms`,
      )
      const opens: OpenReport[] = []
      for (let round = 0; round < 3; round++) opens.push(await child<OpenReport>(['open', file]))
      console.error(
        `  opens (fresh processes): ${opens.map((open) => `${open.openMs.toFixed(0)} ms, ready ${open.readyMs.toFixed(0)} ms, stall ${open.stallMs.toFixed(0)} ms`).join('; ')}`,
      )
      return { fulls, incremental, opens }
    } finally {
      await sandbox.close()
      await rm(directory, { recursive: true, force: true })
    }
  })()
  return scenario
}
