/**
 * The gateway of bench/sharecrm.bench.ts as its own process (forked with IPC), so that the RSS
 * measured is the gateway's alone (Node, Fastify, the OpenAPI client, the mirror and embedded
 * PostgreSQL), not the bench runner's or the simulator's. Started with `--base-url <simulator>`
 * and `--database <directory>`; polling is off, the parent asks for the first fill.
 *
 * Messages (parent → child, each answered once with the same `id`):
 *   {id, cmd: 'fill'}   runs the first fill (mirror.tick); answers fillMs, rows, minimum (Σ
 *                       ceil(rows/100) per stream) and memory right after it
 *   {id, cmd: 'setup'}  a dealer, one of its addresses and a user `bench.user` of that dealer
 *   {id, cmd: 'memory'} memory now
 *   {id, cmd: 'close'}  closes the gateway and exits
 * `DD_BENCH_MEMLOG=<ms>` logs memory every <ms> to stderr during the fill (investigations).
 */
import { readFileSync } from 'node:fs'
import { buildFieldMap } from '../server/backends/sharecrm/fieldMap'
import { startShareCrmGateway } from '../server/gateway/start'

export interface GatewayMemory {
  rssMb: number
  /** Peak RSS of the process so far (VmHWM). */
  peakRssMb: number
  heapUsedMb: number
  externalMb: number
}

function argument(name: string): string {
  const index = process.argv.indexOf(name)
  const value = index >= 0 ? process.argv[index + 1] : undefined
  if (!value) throw new Error(`${name} is required`)
  return value
}

function memory(): GatewayMemory {
  const usage = process.memoryUsage()
  const status = readFileSync('/proc/self/status', 'utf8')
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)
  return {
    rssMb: mb(usage.rss),
    peakRssMb: Math.round(peakKb / 1024),
    heapUsedMb: mb(usage.heapUsed),
    externalMb: mb(usage.external),
  }
}

const gateway = await startShareCrmGateway(
  {
    database: argument('--database'),
    host: '127.0.0.1',
    port: 0,
    sharecrm: {
      baseUrl: argument('--base-url'),
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

async function handle(cmd: string): Promise<Record<string, unknown>> {
  if (cmd === 'fill') {
    const every = Number(process.env.DD_BENCH_MEMLOG ?? 0)
    const timer =
      every > 0
        ? setInterval(() => process.stderr.write(`memory ${JSON.stringify(memory())}\n`), every)
        : null
    const start = process.hrtime.bigint()
    try {
      await gateway.mirror.tick()
    } finally {
      if (timer) clearInterval(timer)
    }
    const fillMs = Number(process.hrtime.bigint() - start) / 1e6
    const after = memory()
    const streams = await gateway.db.query<{ rows: number }>('SELECT rows FROM poller_state')
    return {
      fillMs,
      memory: after,
      rows: streams.reduce((sum, stream) => sum + Number(stream.rows), 0),
      minimum: streams.reduce(
        (sum, stream) => sum + Math.max(1, Math.ceil(Number(stream.rows) / 100)),
        0,
      ),
    }
  }
  if (cmd === 'setup') {
    const dealerId = (
      await gateway.db.query<{ id: string }>(
        "SELECT id FROM mirror_records WHERE object = 'AccountObj' ORDER BY id LIMIT 1",
      )
    )[0]!.id
    const addressId = (
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
    return { dealerId, addressId }
  }
  if (cmd === 'memory') return { memory: memory() }
  if (cmd === 'close') {
    await gateway.close()
    setImmediate(() => process.exit(0))
    return {}
  }
  throw new Error(`unknown command ${cmd}`)
}

process.on('message', (message: { id: number; cmd: string }) => {
  handle(message.cmd).then(
    (result) => process.send?.({ id: message.id, ok: true, ...result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: String(error) }),
  )
})
process.send?.({ ready: true, url: gateway.url })
