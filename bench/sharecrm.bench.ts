/**
 * The ShareCRM gateway against the simulator on loopback. The simulator and the gateway each run
 * as their own process (the gateway: bench/sharecrmGatewayProcess.ts, forked with IPC), so the
 * RSS measured is the gateway's alone; its database is embedded PostgreSQL in a temporary
 * directory, as deployed:
 * - gateway.mirrorFill100k.calls: query calls of the first fill of 100,000 products, their
 *   price-book rows and everything else, as a ratio to the minimum Σ ceil(rows / 100) per object;
 * - gateway.feed100k.rps: records/s reading the whole product feed (5,000 per page) over HTTP;
 * - gateway.submit.ms: p95 of 40 order submissions through to the simulator (its latency 0);
 * - gateway.rss.mb: resident memory of the gateway process right after the fill (no forced GC;
 *   its peak during the fill is printed too).
 * The simulator's call budget is raised so the fill is not paced at 80 calls / 20 s (the ratio
 * counts calls, not time; pacing is the client's and is tested there).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineSuite, percentile, timeMs } from './harness'
import type { GatewayMemory } from './sharecrmGatewayProcess'

const root = fileURLToPath(new URL('../', import.meta.url))

async function startSimProcess(products: number): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/sharecrm-sim/cli.ts',
      '--port',
      '0',
      '--memory',
      '--products',
      String(products),
      '--calls-per-20s',
      '1000000',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ShareCRM simulator ready: (\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}: ${output}`)))
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

interface GatewayProcess {
  url: string
  call<T = Record<string, unknown>>(cmd: string): Promise<T>
  stop(): Promise<void>
}

/** The gateway in its own process (see sharecrmGatewayProcess.ts). */
async function startGatewayProcess(baseUrl: string, database: string): Promise<GatewayProcess> {
  const child: ChildProcess = fork(
    join(root, 'bench/sharecrmGatewayProcess.ts'),
    ['--base-url', baseUrl, '--database', database],
    { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const waiting = new Map<number, (message: Record<string, unknown>) => void>()
  let nextId = 1
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`gateway exited with ${code}`))
      for (const answer of waiting.values()) answer({ ok: false, error: `exited with ${code}` })
    })
    child.on('message', (message: Record<string, unknown>) => {
      if (message.ready) resolve(String(message.url))
      else waiting.get(Number(message.id))?.(message)
    })
  })
  const call = <T>(cmd: string) => {
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, (message) => {
        waiting.delete(id)
        if (message.ok) resolve(message as T)
        else reject(new Error(`gateway ${cmd}: ${String(message.error)}`))
      })
      child.send({ id, cmd })
    })
  }
  return {
    url,
    call,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      if (child.exitCode === null) {
        await call('close').catch(() => child.kill('SIGTERM'))
        await exited
      }
    },
  }
}

export default defineSuite({
  name: 'sharecrm',
  ids: [
    'gateway.mirrorFill100k.calls',
    'gateway.feed100k.rps',
    'gateway.submit.ms',
    'gateway.rss.mb',
  ],
  async run() {
    const sim = await startSimProcess(100_000)
    const directory = mkdtempSync(join(tmpdir(), 'dd-bench-gateway-'))
    const gateway = await startGatewayProcess(sim.url, join(directory, 'gateway-data'))
    try {
      await fetch(`${sim.url}/sim/reset-counters`, { method: 'POST' })
      const fill = await gateway.call<{
        fillMs: number
        rows: number
        minimum: number
        memory: GatewayMemory
      }>('fill')
      const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
        counters: { calls: Record<string, number> }
      }
      const queries = state.counters.calls['data/query'] ?? 0
      const { minimum } = fill
      const rssMb = fill.memory.rssMb
      console.log(
        `  first fill: ${fill.rows} rows, ${queries} query calls (minimum ${minimum}) in ${(fill.fillMs / 1000).toFixed(1)} s`,
      )
      console.log(
        `  gateway process after the fill: rss ${rssMb} MB (peak ${fill.memory.peakRssMb} MB), V8 heap ${fill.memory.heapUsedMb} MB, external ${fill.memory.externalMb} MB`,
      )
      const { dealerId, addressId: address } = await gateway.call<{
        dealerId: string
        addressId: string
      }>('setup')
      const api = `${gateway.url}/api/v1`
      const { accessToken } = (await (
        await fetch(`${api}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account: 'bench.user', password: 'Bench@2026' }),
        })
      ).json()) as { accessToken: string }
      const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }

      const readFeed = async () => {
        let records = 0
        let query = 'since=0&limit=5000'
        for (;;) {
          const page = (await (
            await fetch(`${api}/dealers/${dealerId}/products?${query}`, { headers })
          ).json()) as {
            items: unknown[]
            nextCursor: { since: number; after: string } | null
          }
          records += page.items.length
          if (!page.nextCursor) return records
          query = `since=${page.nextCursor.since}&after=${encodeURIComponent(page.nextCursor.after)}&limit=5000`
        }
      }
      await readFeed()
      let records = 0
      const feedMs = await timeMs(async () => {
        records = await readFeed()
      })

      const lists = (await (
        await fetch(`${api}/dealers/${dealerId}/price-lists?since=0`, { headers })
      ).json()) as { items: { id: string }[] }
      const items = (await (
        await fetch(
          `${api}/dealers/${dealerId}/price-lists/${lists.items[0]!.id}/items?since=0&limit=200`,
          { headers },
        )
      ).json()) as {
        items: { record: { productId: string; minQuantity: number } }[]
      }
      const samples: number[] = []
      for (let index = 0; index < 42; index++) {
        const item = items.items[index % items.items.length]!.record
        const lines = [{ productId: item.productId, quantity: item.minQuantity }]
        const quote = (await (
          await fetch(`${api}/dealers/${dealerId}/orders/quote`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ lines }),
          })
        ).json()) as {
          suggestedPayment: unknown
        }
        const body = JSON.stringify({ lines, addressId: address, payment: quote.suggestedPayment })
        const ms = await timeMs(async () => {
          const response = await fetch(`${api}/dealers/${dealerId}/orders`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': `bench-${Date.now()}-${index}` },
            body,
          })
          await response.text()
        })
        if (index >= 2) samples.push(ms)
      }
      return [
        {
          id: 'gateway.mirrorFill100k.calls',
          value: queries / minimum,
          unit: 'ratio',
          target: 1.1,
          better: 'lower' as const,
        },
        {
          id: 'gateway.feed100k.rps',
          value: Math.round(records / (feedMs / 1000)),
          unit: 'records/s',
          target: 20_000,
          better: 'higher' as const,
        },
        {
          id: 'gateway.submit.ms',
          value: percentile(samples, 95),
          unit: 'ms',
          target: 100,
          better: 'lower' as const,
        },
        {
          id: 'gateway.rss.mb',
          value: Math.round(rssMb),
          unit: 'MB',
          target: 400,
          better: 'lower' as const,
        },
      ]
    } finally {
      await gateway.stop()
      sim.stop()
      rmSync(directory, { recursive: true, force: true })
    }
  },
})
