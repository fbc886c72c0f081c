/**
 * The ShareCRM simulator: the OpenAPI v2 wire format of ../shared/design/sharecrm.md over the
 * sandbox's demo data, on a plain node:http server, with the limits and switches the gateway's
 * tests need. Run it with `npm run sharecrm-sim` (cli.ts) or in-process:
 *
 *   const sim = await startShareCrmSim({ port: 0, products: 200, seed: 1 })
 *   sim.url; sim.store (SimStore); sim.ops (operations.ts); sim.control (SimControl); sim.close()
 *
 * Options (SimOptions): host (127.0.0.1), port (0 = free), products (2000), seed (1), anchor
 * (history end, default this hour), empty (no demo data), store (a prepared SimStore), dataFile
 * (JSON, loaded when it exists, written on changes and on close), callsPer20s (100 per interface),
 * tokenCallsPerMinute (10), tokenTtlSeconds (7200), budgetWindowMs (20,000), latencyMs (0),
 * clock, log.
 *
 * Wire: POST /cgi/corpAccessToken/get/V2 (appId=sim-app, appSecret=sim-secret,
 * permanentCode=sim-code → corpAccessToken, corpId=sim-corp, expiresIn), /cgi/crm/v2/data/query,
 * data/create, data/update, data/invalid, object/describe. Answers are HTTP 200 JSON with
 * `errorCode` (0 = ok), `errorMessage`, `traceId` (the `thirdTraceId` query parameter).
 * Limits: per interface at most `callsPer20s` calls in any 20 s (else 30004, not counted); token
 * endpoint `tokenCallsPerMinute` per 60 s (else 30004); unknown/expired token 20016; limit 1..100
 * and offset a multiple of limit ≤ 10,000 (else 10013); bad parameters / refusals 10001.
 *
 * Control API (JSON; no auth, loopback only). `iface` is one of token, data/query, data/create,
 * data/update, data/invalid, object/describe, or * (every data interface):
 *   GET  /sim/state                      counters, settings, faults, object counts
 *   GET  /sim/requests                   the last 200 calls [{iface, traceId, errorCode, at}]
 *   POST /sim/reset-counters
 *   POST /sim/faults {iface, errorCode?, errorMessage?, httpStatus?, reset?, afterProcessing?,
 *                     object?, count=1}  the next `count` calls of iface (on that object, when
 *                                        given) answer that errorCode
 *                                        (or HTTP status, or a dropped connection); with
 *                                        afterProcessing the call's work is done first (the
 *                                        answer is lost after a create: for idempotency tests)
 *   DELETE /sim/faults                   clears them
 *   PUT  /sim/settings {latencyMs?, latencyByIface?, callsPer20s?, tokenCallsPerMinute?,
 *                       tokenTtlSeconds?, budgetWindowMs?}
 *   POST /sim/tokens/expire              every issued token answers 20016 from now on
 *   POST /sim/describe/drop {object, field} · POST /sim/describe/restore
 *   GET  /sim/records/:object[?id=…]     records of an object (or one)
 *   POST /sim/records/:object {records: [...]}   upsert raw records (fills _id / times)
 *   PATCH /sim/records/:object/:id {…fields}     change fields as a CRM user (bumps the time)
 *   DELETE /sim/records/:object/:id      hard delete (no tombstone: the reconcile pass finds it)
 *   POST /sim/orders/:ref/approve | /reject {reason?} | /ship {lines?: [{lineId, quantity}],
 *        carrier?, trackingNumber?}       (:ref = _id or name)
 *   POST /sim/returns/:ref/approve | /receive | /refund | /reject {reason?}
 *   POST /sim/invoices/:ref/issue {invoiceNumber?} | /reject {reason?}
 *   POST /sim/accounts/:dealerId/top-up {amount} | /rebate-grant {amount}   (amount in fen)
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileAtomic } from '../../node/atomicFile'
import { ERROR_MESSAGES, SIM_INTERFACES, SimControl } from './control'
import { HttpProblem, createControlRoutes } from './controlRoutes'
import { createSimOperations, SimRefusal, type SimOperations } from './operations'
import type { SelectOptions } from './seed'
import { seededSimStore } from './seedCache'
import { SimStore } from './store'
import { createWire } from './wire'

export {
  SIM_CREDENTIALS,
  SIM_INTERFACES,
  SimControl,
  type SimFault,
  type SimInterface,
  type SimSettings,
} from './control'

export interface SimOptions {
  host?: string
  port?: number
  products?: number
  seed?: number
  anchor?: number
  empty?: boolean
  store?: SimStore
  dataFile?: string
  callsPer20s?: number
  tokenCallsPerMinute?: number
  tokenTtlSeconds?: number
  budgetWindowMs?: number
  latencyMs?: number
  clock?: () => number
  log?: boolean
}

export interface RunningSim {
  url: string
  port: number
  store: SimStore
  ops: SimOperations
  control: SimControl
  /** Writes the data file now (no-op in memory). */
  save(): Promise<void>
  close(): Promise<void>
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > 20_000_000) throw new HttpProblem(413, 'body too large')
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (!text) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new SimRefusal(10001, '请求体不是合法 JSON / body is not JSON')
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startShareCrmSim(options: SimOptions = {}): Promise<RunningSim> {
  const clock = options.clock ?? Date.now
  let store: SimStore
  let selectOptions: SelectOptions = {}
  if (options.store) {
    store = options.store
  } else if (options.dataFile && existsSync(options.dataFile)) {
    const saved = JSON.parse(await readFile(options.dataFile, 'utf8')) as {
      store: object
      selectOptions: SelectOptions
    }
    store = SimStore.fromJson(saved.store, clock)
    selectOptions = saved.selectOptions
  } else if (options.empty) {
    store = new SimStore(clock)
  } else {
    const seeded = await seededSimStore(
      { seed: options.seed ?? 1, products: options.products ?? 2000, anchor: options.anchor },
      clock,
    )
    store = seeded.store
    selectOptions = seeded.selectOptions
  }
  const ops = createSimOperations(store)
  const control = new SimControl(
    {
      callsPer20s: options.callsPer20s,
      tokenCallsPerMinute: options.tokenCallsPerMinute,
      tokenTtlSeconds: options.tokenTtlSeconds,
      budgetWindowMs: options.budgetWindowMs,
      latencyMs: options.latencyMs,
    },
    clock,
  )
  let saving: Promise<void> | null = null
  let saveTimer: NodeJS.Timeout | null = null
  const save = async () => {
    if (!options.dataFile) return
    const text = `{"selectOptions":${JSON.stringify(selectOptions)},"store":${store.toJson()}}`
    await writeFileAtomic(options.dataFile, new TextEncoder().encode(text))
  }
  const changed = () => {
    if (!options.dataFile) return
    saveTimer ??= setTimeout(() => {
      saveTimer = null
      saving = save().finally(() => (saving = null))
    }, 500)
  }
  if (options.dataFile && !existsSync(options.dataFile)) await save()

  const log = (line: string) => {
    if (options.log) console.log(line)
  }

  const wire = createWire({ store, ops, control, selectOptions, changed })
  const controlRoute = createControlRoutes({ store, ops, control, changed })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sim')
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload ?? { ok: true })
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      response.end(text)
    }
    if (url.pathname.startsWith('/sim/')) {
      try {
        const body = (request.method === 'GET' ? {} : await readBody(request)) as Record<
          string,
          unknown
        >
        const path = url.pathname.slice(5).split('/').filter(Boolean).map(decodeURIComponent)
        send(
          200,
          (await controlRoute(request.method ?? 'GET', path, url, body ?? {})) ?? { ok: true },
        )
      } catch (error) {
        if (error instanceof HttpProblem) send(error.status, { error: error.message })
        else if (error instanceof SimRefusal)
          send(409, { errorCode: error.code, error: error.message })
        else send(500, { error: (error as Error).message })
      }
      return
    }
    const iface = SIM_INTERFACES[url.pathname as keyof typeof SIM_INTERFACES]
    if (!iface || request.method !== 'POST') {
      send(404, { errorCode: 404, errorMessage: `no interface ${request.method} ${url.pathname}` })
      return
    }
    const traceId = url.searchParams.get('thirdTraceId')
    control.counters.calls[iface] = (control.counters.calls[iface] ?? 0) + 1
    const answer = (payload: Record<string, unknown>) => {
      const code = Number(payload.errorCode ?? 0)
      control.record(iface, traceId, code)
      if (code !== 0)
        log(
          `sharecrm-sim ${iface} ${traceId ?? '-'} → ${code} ${String(payload.errorMessage ?? '')}`,
        )
      send(200, { ...payload, traceId })
    }
    let body: Record<string, unknown>
    try {
      body = (await readBody(request)) as Record<string, unknown>
    } catch (error) {
      if (error instanceof SimRefusal)
        return answer({ errorCode: error.code, errorMessage: error.message })
      throw error
    }
    const latency = control.settings.latencyByIface[iface] ?? control.settings.latencyMs
    if (latency > 0) await sleep(latency)
    if (!control.admit(iface)) {
      control.counters.throttled++
      return answer({ errorCode: 30004, errorMessage: ERROR_MESSAGES[30004] })
    }
    const data = (body?.data ?? {}) as {
      dataObjectApiName?: unknown
      apiName?: unknown
      object_data?: { dataObjectApiName?: unknown }
    }
    const object = data.dataObjectApiName ?? data.apiName ?? data.object_data?.dataObjectApiName
    const fault = control.takeFault(iface, typeof object === 'string' ? object : undefined)
    if (fault?.afterProcessing) {
      try {
        await wire(iface, body ?? {})
      } catch {
        // the answer is lost either way
      }
    }
    if (fault) {
      if (fault.reset) {
        control.record(iface, traceId, null)
        request.socket.destroy()
        return
      }
      if (fault.httpStatus) {
        control.record(iface, traceId, null)
        send(fault.httpStatus, { message: `HTTP ${fault.httpStatus}` })
        return
      }
      const code = fault.errorCode ?? -1
      return answer({
        errorCode: code,
        errorMessage: fault.errorMessage ?? ERROR_MESSAGES[code] ?? `forced error ${code}`,
      })
    }
    try {
      answer(await wire(iface, body ?? {}))
    } catch (error) {
      if (error instanceof SimRefusal)
        answer({ errorCode: error.code, errorMessage: error.message })
      else if (error instanceof Error && error.name === 'DecimalFormatError')
        answer({ errorCode: 10001, errorMessage: error.message })
      else {
        console.error('sharecrm-sim', error)
        answer({ errorCode: -1, errorMessage: `internal: ${(error as Error).message}` })
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' })
        response.end(JSON.stringify({ error: (error as Error).message }))
      }
    })
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host ?? '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    ops,
    control,
    save,
    async close() {
      if (saveTimer) clearTimeout(saveTimer)
      saveTimer = null
      await saving
      await save() // also what tests and operations changed in-process
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
