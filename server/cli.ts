/**
 * `npm run sandbox -- [flags]` starts the sandbox gateway; `npm run sandbox -- <command> ...`
 * drives a running one through its operator routes. `npm run sandbox -- help` lists both.
 * Amounts on the command line are in yuan (e.g. 5000 or 1,234.50); the API speaks fen. The
 * operator token is generated at each start and printed, unless `--operator-token` is given (only
 * the app's embedded demo sandbox has a fixed one).
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { parseYuanToFen } from '../shared/domain'
import { defaultSandboxFile } from './paths'
import { startSandbox } from './sandbox'

const USAGE = `Start:   npm run sandbox -- [--port 8787] [--host 127.0.0.1] [--data <file> | --memory] [--products 2000]
                [--seed 1] [--reset] [--operator-token <token>: default a new random one, printed] [--autopilot <ms>] [--log]
                [--latency <ms>] [--error-rate <0..1>] [--reset-rate <0..1>] [--truncate-rate <0..1>] [--rate-limit <req/s>]
Operate: npm run sandbox -- <command> [args] [--url http://127.0.0.1:8787] [--operator-token <token> | env SANDBOX_OPERATOR_TOKEN]
  list [status]                      recent orders, returns, invoice requests
  state                              checksum, seed, faults, auto-pilot
  approve <SO…> | reject <SO…> <reason>
  ship <SO…> [--line <orderLineId>=<qty> ...] [--carrier <name>] [--tracking <no>]
  return-approve|return-receive|return-refund <RT…> | return-reject <RT…> <reason>
  invoice-issue <IV…> [--invoice-number <no>] | invoice-reject <IV…> <reason>
  top-up|grant-rebate|settle-credit|credit-limit <dealerId> <yuan>
  issue-statement <dealerId> <YYYY-MM> | resolve-dispute <dealerId> <YYYY-MM> <note>
  statements <dealerId>              the dealer's statement periods and their state
  price <priceListId> <productId> <yuan> | withdraw <priceListId> <productId> | reprice <priceListId> <percent> [--count n]
  faults [--latency ..] [--error-rate ..] [--reset-rate ..] [--truncate-rate ..] [--rate-limit ..]
  autopilot on [ms] | off | tick`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    data: { type: 'string' },
    memory: { type: 'boolean' },
    products: { type: 'string' },
    seed: { type: 'string' },
    reset: { type: 'boolean' },
    'operator-token': { type: 'string' },
    autopilot: { type: 'string' },
    log: { type: 'boolean' },
    latency: { type: 'string' },
    'error-rate': { type: 'string' },
    'reset-rate': { type: 'string' },
    'truncate-rate': { type: 'string' },
    'rate-limit': { type: 'string' },
    url: { type: 'string' },
    line: { type: 'string', multiple: true },
    carrier: { type: 'string' },
    tracking: { type: 'string' },
    'invoice-number': { type: 'string' },
    count: { type: 'string' },
    help: { type: 'boolean' },
  },
})

const number = (text: string | undefined) => (text === undefined ? undefined : Number(text))
const faultFlags = () =>
  Object.fromEntries(
    Object.entries({
      latencyMs: number(values.latency),
      errorRate: number(values['error-rate']),
      resetRate: number(values['reset-rate']),
      truncateRate: number(values['truncate-rate']),
      rateLimitPerSecond: number(values['rate-limit']),
    }).filter(([, value]) => value !== undefined),
  )

function fen(yuan: string | undefined): number {
  const parsed = parseYuanToFen(yuan ?? '')
  if (!parsed.ok) throw new Error(`not an amount in yuan: ${yuan}`)
  return parsed.value
}

function operatorToken(): string {
  const token = values['operator-token'] ?? process.env.SANDBOX_OPERATOR_TOKEN
  if (!token)
    throw new Error(
      'the operator token printed by the sandbox at start is needed: --operator-token <token> or SANDBOX_OPERATOR_TOKEN',
    )
  return token
}

async function operate(command: string, args: string[]): Promise<void> {
  const base = values.url ?? `http://127.0.0.1:${values.port ?? 8787}`
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/sandbox${path}`, {
      method,
      headers: {
        'x-operator-token': operatorToken(),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await response.text()
    console.log(
      response.ok ? JSON.stringify(JSON.parse(text), null, 2) : `${response.status} ${text}`,
    )
    if (!response.ok) process.exitCode = 1
  }
  const [first, second, third] = args
  const reason = args.slice(1).join(' ') || 'operator'
  const commands: Record<string, () => Promise<void>> = {
    list: () => call('GET', `/documents${first ? `?status=${encodeURIComponent(first)}` : ''}`),
    state: () => call('GET', '/state'),
    approve: () => call('POST', `/orders/${first}/approve`, {}),
    reject: () => call('POST', `/orders/${first}/reject`, { reason }),
    ship: () =>
      call('POST', `/orders/${first}/ship`, {
        ...(values.line
          ? {
              lines: values.line.map((entry) => ({
                orderLineId: entry.split('=')[0],
                quantity: Number(entry.split('=')[1]),
              })),
            }
          : {}),
        ...(values.carrier ? { carrier: values.carrier } : {}),
        ...(values.tracking ? { trackingNumber: values.tracking } : {}),
      }),
    'return-approve': () => call('POST', `/returns/${first}/approve`, {}),
    'return-receive': () => call('POST', `/returns/${first}/receive`, {}),
    'return-refund': () => call('POST', `/returns/${first}/refund`, {}),
    'return-reject': () => call('POST', `/returns/${first}/reject`, { reason }),
    'invoice-issue': () =>
      call(
        'POST',
        `/invoice-requests/${first}/issue`,
        values['invoice-number'] ? { invoiceNumber: values['invoice-number'] } : {},
      ),
    'invoice-reject': () => call('POST', `/invoice-requests/${first}/reject`, { reason }),
    'top-up': () => call('POST', `/dealers/${first}/top-up`, { amount: fen(second) }),
    'grant-rebate': () => call('POST', `/dealers/${first}/rebate-grant`, { amount: fen(second) }),
    'settle-credit': () =>
      call('POST', `/dealers/${first}/credit-settlement`, { amount: fen(second) }),
    'credit-limit': () => call('POST', `/dealers/${first}/credit-limit`, { limit: fen(second) }),
    'issue-statement': () =>
      call('POST', `/dealers/${first}/statement-periods/${second}/issue`, {}),
    'resolve-dispute': () =>
      call('POST', `/dealers/${first}/statement-periods/${second}/resolve`, {
        resolution: args.slice(2).join(' '),
      }),
    statements: () => call('GET', `/dealers/${first}/statement-periods`),
    price: () =>
      call('POST', '/prices', {
        changes: [{ priceListId: first, productId: second, price: fen(third) }],
      }),
    withdraw: () =>
      call('POST', '/prices', {
        changes: [{ priceListId: first, productId: second, withdraw: true }],
      }),
    reprice: () =>
      call('POST', '/prices', {
        priceListId: first,
        percent: Number(second),
        ...(values.count ? { count: Number(values.count) } : {}),
      }),
    faults: () => call('PUT', '/faults', faultFlags()),
    autopilot: () =>
      first === 'tick'
        ? call('POST', '/autopilot/tick')
        : call('PUT', '/autopilot', {
            enabled: first === 'on',
            ...(second ? { intervalMs: Number(second) } : {}),
          }),
  }
  const run = commands[command]
  if (!run) throw new Error(`unknown command "${command}"\n\n${USAGE}`)
  await run()
}

async function serve(): Promise<void> {
  const dataFile = values.memory ? undefined : (values.data ?? defaultSandboxFile())
  // No default secret outside the app's embedded demo: a fresh token per start unless one is given.
  const operatorToken = values['operator-token'] ?? randomBytes(24).toString('base64url')
  const sandbox = await startSandbox({
    host: values.host ?? '127.0.0.1',
    port: number(values.port) ?? 8787,
    dataFile,
    products: number(values.products) ?? 2000,
    seed: number(values.seed) ?? 1,
    reset: values.reset ?? false,
    operatorToken,
    faults: faultFlags(),
    autopilot: values.autopilot ? { intervalMs: Number(values.autopilot) } : false,
    logger: values.log ?? false,
  })
  console.log(`Sandbox ready: ${sandbox.url}`)
  console.log(`  data: ${dataFile ?? '(in memory)'}  operator token: ${sandbox.operatorToken}`)
  console.log(
    '  This is the SANDBOX: demo dealers, demo accounts (password Demo@2026) and demo data, for',
  )
  console.log(
    '  development and tests only. Operator commands: --operator-token <token> or SANDBOX_OPERATOR_TOKEN.',
  )
  const stop = async () => {
    await sandbox.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

const [command, ...rest] = positionals
try {
  if (values.help || command === 'help') console.log(USAGE)
  else if (command) await operate(command, rest)
  else await serve()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
