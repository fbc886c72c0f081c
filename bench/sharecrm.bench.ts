/**
 * The ShareCRM gateway against the simulator on loopback (the simulator runs as its own process so
 * that the RSS measured is the gateway's; the gateway database is embedded PostgreSQL in a temporary directory, as deployed):
 * - gateway.mirrorFill100k.calls: query calls of the first fill of 100,000 products, their
 *   price-book rows and everything else, as a ratio to the minimum Σ ceil(rows / 100) per object;
 * - gateway.feed100k.rps: records/s reading the whole product feed (5,000 per page) over HTTP;
 * - gateway.submit.ms: p95 of 40 order submissions through to the simulator (its latency 0);
 * - gateway.rss.mb: resident memory of the gateway process after the fill.
 * The simulator's call budget is raised so the fill is not paced at 80 calls / 20 s (the ratio
 * counts calls, not time; pacing is the client's and is tested there).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildFieldMap } from '../server/backends/sharecrm/fieldMap'
import { startShareCrmGateway } from '../server/gateway/start'
import { defineSuite, percentile, timeMs } from './harness'

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
    const gateway = await startShareCrmGateway(
      {
        database: join(directory, 'gateway-data'),
        host: '127.0.0.1',
        port: 0,
        sharecrm: {
          baseUrl: sim.url,
          appId: 'sim-app',
          appSecret: 'sim-secret',
          permanentCode: 'sim-code',
          openUserId: 'FSUID_SIM',
          pollSeconds: 3600,
          callsPer20s: 100_000,
        },
        mapping: {},
        fieldMap: buildFieldMap(),
      },
      { poll: false, instanceId: 'bench' },
    )
    try {
      await fetch(`${sim.url}/sim/reset-counters`, { method: 'POST' })
      const fillMs = await timeMs(() => gateway.mirror.tick())
      const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
        counters: { calls: Record<string, number> }
      }
      const queries = state.counters.calls['data/query'] ?? 0
      const streams = await gateway.db.query<{ object: string; rows: number }>(
        'SELECT object, rows FROM poller_state',
      )
      const minimum = streams.reduce(
        (sum, stream) => sum + Math.max(1, Math.ceil(Number(stream.rows) / 100)),
        0,
      )
      const rows = streams.reduce((sum, stream) => sum + Number(stream.rows), 0)
      global.gc?.()
      const rssMb = process.memoryUsage().rss / 1024 / 1024
      console.log(
        `  first fill: ${rows} rows, ${queries} query calls (minimum ${minimum}) in ${(fillMs / 1000).toFixed(1)} s`,
      )

      const dealerId = (
        await gateway.db.query<{ id: string }>(
          "SELECT id FROM mirror_records WHERE object = 'AccountObj' ORDER BY id LIMIT 1",
        )
      )[0]!.id
      const address = (
        await gateway.db.query<{ id: string }>(
          "SELECT id FROM mirror_records WHERE object = 'AccountAddrObj' AND dealer_id = $1 LIMIT 1",
          [dealerId],
        )
      )[0]!.id
      await gateway.backend.users.add({
        account: 'bench.user',
        displayName: 'Bench',
        password: 'Bench@2026',
        memberships: [{ dealerId, roles: ['orderer'] }],
      })
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
      await gateway.close()
      sim.stop()
      rmSync(directory, { recursive: true, force: true })
    }
  },
})
