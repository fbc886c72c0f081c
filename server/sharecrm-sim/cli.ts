/**
 * `npm run sharecrm-sim -- [flags]`: starts the ShareCRM simulator (server.ts) and prints
 * `ShareCRM simulator ready: http://127.0.0.1:<port>`. Operate it through its control API
 * (`/sim/...`, listed in server.ts and the README), e.g.
 *   curl -X POST http://127.0.0.1:8790/sim/orders/SO20261201-0001/approve
 */
import { parseArgs } from 'node:util'
import { SIM_INTERFACES, startShareCrmSim } from './server'

const USAGE = `npm run sharecrm-sim -- [--port 8790] [--host 127.0.0.1] [--products 2000] [--seed 1]
    [--data <file> | --memory] [--empty] [--calls-per-20s 100] [--token-calls-per-minute 10]
    [--token-ttl <seconds, 7200>] [--latency <ms>] [--fault <iface>:<errorCode>[:<count>] ...] [--log]
  iface: ${Object.values(SIM_INTERFACES).join(', ')}, or * (every data interface)
  Credentials: appId=sim-app appSecret=sim-secret permanentCode=sim-code (corpId sim-corp)
  Control API: GET /sim/state, POST /sim/faults {iface, errorCode, count}, PUT /sim/settings, ...`

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    products: { type: 'string' },
    seed: { type: 'string' },
    data: { type: 'string' },
    memory: { type: 'boolean' },
    empty: { type: 'boolean' },
    'calls-per-20s': { type: 'string' },
    'token-calls-per-minute': { type: 'string' },
    'token-ttl': { type: 'string' },
    latency: { type: 'string' },
    fault: { type: 'string', multiple: true },
    log: { type: 'boolean' },
    help: { type: 'boolean' },
  },
})

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name} must be a whole number ≥ 0, not ${text}`)
  return value
}

async function main(): Promise<void> {
  if (values.help) return void console.log(USAGE)
  if (values.data && values.memory) throw new Error('--data and --memory exclude each other')
  const sim = await startShareCrmSim({
    port: integer('port', values.port) ?? 8790,
    host: values.host ?? '127.0.0.1',
    products: integer('products', values.products),
    seed: integer('seed', values.seed),
    dataFile: values.memory ? undefined : values.data,
    empty: values.empty,
    callsPer20s: integer('calls-per-20s', values['calls-per-20s']),
    tokenCallsPerMinute: integer('token-calls-per-minute', values['token-calls-per-minute']),
    tokenTtlSeconds: integer('token-ttl', values['token-ttl']),
    latencyMs: integer('latency', values.latency),
    log: values.log,
  })
  for (const spec of values.fault ?? []) {
    const [iface, code, count] = spec.split(':')
    if (!iface || code === undefined || Number.isNaN(Number(code)))
      throw new Error(`--fault ${spec}: expected <iface>:<errorCode>[:<count>]`)
    if (iface !== '*' && !(Object.values(SIM_INTERFACES) as string[]).includes(iface))
      throw new Error(`--fault ${spec}: unknown interface ${iface}`)
    sim.control.addFault(iface, {
      errorCode: Number(code),
      count: count === undefined ? 1 : Number(count),
    })
  }
  console.log(`ShareCRM simulator ready: ${sim.url}`)
  const stop = async () => {
    await sim.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  console.error(USAGE)
  process.exit(1)
})
