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
 *                     count=1}           the next `count` calls of iface answer that errorCode
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
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileAtomic } from '../../node/atomicFile'
import { SIM_OBJECTS, describeObject } from './describe'
import { createSimOperations, SimRefusal, type SimOperations } from './operations'
import { seedSimStore, type SelectOptions } from './seed'
import { QueryError, type SimFilter, type SimOrder, SimStore } from './store'

export const SIM_CREDENTIALS = {
  appId: 'sim-app',
  appSecret: 'sim-secret',
  permanentCode: 'sim-code',
  corpId: 'sim-corp',
  openUserId: 'FSUID_SIM',
} as const

export const SIM_INTERFACES = {
  '/cgi/corpAccessToken/get/V2': 'token',
  '/cgi/crm/v2/data/query': 'data/query',
  '/cgi/crm/v2/data/create': 'data/create',
  '/cgi/crm/v2/data/update': 'data/update',
  '/cgi/crm/v2/data/invalid': 'data/invalid',
  '/cgi/crm/v2/object/describe': 'object/describe',
} as const

export type SimInterface = (typeof SIM_INTERFACES)[keyof typeof SIM_INTERFACES]

export interface SimFault {
  errorCode?: number
  errorMessage?: string
  httpStatus?: number
  /** Drop the connection without an answer. */
  reset?: boolean
  /** Do the call's work first, then answer with the fault (an answer lost after processing). */
  afterProcessing?: boolean
  remaining: number
}

export interface SimSettings {
  latencyMs: number
  latencyByIface: Record<string, number>
  callsPer20s: number
  tokenCallsPerMinute: number
  tokenTtlSeconds: number
  /** The window of `callsPer20s` (20,000 ms; tests shorten it). */
  budgetWindowMs: number
}

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

const ERROR_MESSAGES: Record<number, string> = {
  20016: 'corpAccessToken 已过期或无效 / token expired or invalid',
  30004: '接口调用频率超限 / throttled',
  14001: '请求过于频繁 / too many requests',
  [-1]: '系统繁忙 / system busy',
  50009: '服务超时 / timeout',
  30002: '当日调用配额已用完 / daily quota exhausted',
  30003: '未购买配额包 / no quota pack',
  10013: '参数错误: 分页参数无效 / bad paging parameters',
  10001: '参数错误 / bad parameters',
}

/** State and switches of a running simulator (also reachable over /sim/...). */
export class SimControl {
  readonly settings: SimSettings
  readonly faults = new Map<string, SimFault[]>()
  readonly tokens = new Map<string, number>()
  readonly dropped = new Map<string, Set<string>>()
  readonly windows = new Map<string, number[]>()
  counters = { calls: {} as Record<string, number>, answers: {} as Record<string, Record<string, number>>, tokensIssued: 0, throttled: 0 }
  requests: { iface: string; traceId: string | null; errorCode: number | null; at: number }[] = []

  constructor(
    settings: Partial<SimSettings>,
    readonly clock: () => number,
  ) {
    this.settings = {
      latencyMs: settings.latencyMs ?? 0,
      latencyByIface: settings.latencyByIface ?? {},
      callsPer20s: settings.callsPer20s ?? 100,
      tokenCallsPerMinute: settings.tokenCallsPerMinute ?? 10,
      tokenTtlSeconds: settings.tokenTtlSeconds ?? 7200,
      budgetWindowMs: settings.budgetWindowMs ?? 20_000,
    }
  }

  addFault(iface: string, fault: Omit<SimFault, 'remaining'> & { count?: number }): void {
    const list = this.faults.get(iface) ?? []
    const { count, ...rest } = fault
    list.push({ ...rest, remaining: count ?? 1 })
    this.faults.set(iface, list)
  }

  /** The fault for this call of `iface`, if one is armed (specific interface first, then *). */
  takeFault(iface: string): SimFault | null {
    for (const key of iface === 'token' ? [iface] : [iface, '*']) {
      const list = this.faults.get(key)
      const fault = list?.[0]
      if (!list || !fault) continue
      fault.remaining--
      if (fault.remaining <= 0) list.shift()
      return fault
    }
    return null
  }

  /** Sliding-window limit; true when the call may proceed (and is counted). */
  admit(iface: string): boolean {
    const now = this.clock()
    const [limit, window] = iface === 'token' ? [this.settings.tokenCallsPerMinute, 60_000] : [this.settings.callsPer20s, this.settings.budgetWindowMs]
    let log = this.windows.get(iface)
    if (!log) this.windows.set(iface, (log = []))
    while (log.length > 0 && (log[0] as number) <= now - window) log.shift()
    if (log.length >= limit) return false
    log.push(now)
    return true
  }

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(16).toString('hex')
    this.tokens.set(token, this.clock() + this.settings.tokenTtlSeconds * 1000)
    this.counters.tokensIssued++
    return { token, expiresIn: this.settings.tokenTtlSeconds }
  }

  tokenValid(token: unknown): boolean {
    const expires = typeof token === 'string' ? this.tokens.get(token) : undefined
    return expires !== undefined && expires > this.clock()
  }

  expireTokens(): void {
    this.tokens.clear()
  }

  record(iface: string, traceId: string | null, errorCode: number | null): void {
    const answers = (this.counters.answers[iface] ??= {})
    const key = errorCode === null ? 'http' : String(errorCode)
    answers[key] = (answers[key] ?? 0) + 1
    this.requests.push({ iface, traceId, errorCode, at: this.clock() })
    if (this.requests.length > 200) this.requests.shift()
  }

  resetCounters(): void {
    this.counters = { calls: {}, answers: {}, tokensIssued: 0, throttled: 0 }
    this.requests = []
  }
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

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
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
    const saved = JSON.parse(await readFile(options.dataFile, 'utf8')) as { store: string; selectOptions: SelectOptions }
    store = SimStore.fromJson(saved.store, clock)
    selectOptions = saved.selectOptions
  } else {
    store = new SimStore(clock)
    if (!options.empty) selectOptions = await seedSimStore(store, { seed: options.seed ?? 1, products: options.products ?? 2000, anchor: options.anchor })
  }
  const ops = createSimOperations(store)
  const control = new SimControl(
    { callsPer20s: options.callsPer20s, tokenCallsPerMinute: options.tokenCallsPerMinute, tokenTtlSeconds: options.tokenTtlSeconds, budgetWindowMs: options.budgetWindowMs, latencyMs: options.latencyMs },
    clock,
  )
  let dirty = false
  let saving: Promise<void> | null = null
  let saveTimer: NodeJS.Timeout | null = null
  const save = async () => {
    if (!options.dataFile) return
    dirty = false
    const text = JSON.stringify({ store: store.toJson(), selectOptions })
    await writeFileAtomic(options.dataFile, new TextEncoder().encode(text))
  }
  const changed = () => {
    if (!options.dataFile) return
    dirty = true
    saveTimer ??= setTimeout(() => {
      saveTimer = null
      saving = save().finally(() => (saving = null))
    }, 500)
  }
  if (options.dataFile && !existsSync(options.dataFile)) await save()

  const log = (line: string) => {
    if (options.log) console.log(line)
  }

  // ------------------------------------------------------------ wire interfaces

  async function wire(iface: SimInterface, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (iface === 'token') {
      if (body.appId !== SIM_CREDENTIALS.appId || body.appSecret !== SIM_CREDENTIALS.appSecret || body.permanentCode !== SIM_CREDENTIALS.permanentCode) {
        return { errorCode: 20001, errorMessage: 'appId / appSecret / permanentCode 错误 / bad credentials' }
      }
      const { token, expiresIn } = control.issueToken()
      return { errorCode: 0, errorMessage: 'OK', corpAccessToken: token, corpId: SIM_CREDENTIALS.corpId, expiresIn }
    }
    if (!control.tokenValid(body.corpAccessToken) || body.corpId !== SIM_CREDENTIALS.corpId) {
      return { errorCode: 20016, errorMessage: ERROR_MESSAGES[20016] }
    }
    if (typeof body.currentOpenUserId !== 'string' || !body.currentOpenUserId) {
      throw new SimRefusal(10001, 'currentOpenUserId 不能为空 / currentOpenUserId is required')
    }
    const data = (body.data ?? {}) as Record<string, unknown>
    switch (iface) {
      case 'data/query':
        return query(data)
      case 'data/create': {
        const objectData = (data.object_data ?? {}) as Record<string, unknown>
        const api = String(objectData.dataObjectApiName ?? '')
        const trigger = (body.triggerApprovalFlow ?? data.triggerApprovalFlow ?? false) === true
        const record = ops.create(api, objectData, (data.details ?? {}) as Record<string, Record<string, unknown>[]>, trigger)
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'data/update': {
        const objectData = (data.object_data ?? {}) as Record<string, unknown>
        const record = ops.update(String(objectData.dataObjectApiName ?? ''), objectData)
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'data/invalid': {
        const record = ops.invalid(String(data.dataObjectApiName ?? ''), String(data.object_data_id ?? ''))
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'object/describe': {
        const api = String(data.apiName ?? '')
        const describe = describeObject(api, selectOptions[api] ?? {}, control.dropped.get(api) ?? new Set())
        if (!describe) throw new SimRefusal(10001, `对象 ${api} 不存在 / unknown object`)
        return { errorCode: 0, errorMessage: 'OK', data: { describe } }
      }
    }
  }

  function query(data: Record<string, unknown>): Record<string, unknown> {
    const api = String(data.dataObjectApiName ?? '')
    if (!SIM_OBJECTS[api] && store.count(api) === 0) throw new SimRefusal(10001, `对象 ${api} 不存在 / unknown object`)
    const info = (data.search_query_info ?? {}) as Record<string, unknown>
    const limit = info.limit === undefined ? 20 : Number(info.limit)
    const offset = info.offset === undefined ? 0 : Number(info.offset)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SimRefusal(10013, `limit 须为 1..100 / limit must be 1..100, got ${String(info.limit)}`)
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000 || offset % limit !== 0) {
      throw new SimRefusal(10013, `offset 须为 limit 的整数倍且不超过 10000 / offset must be a multiple of limit ≤ 10000, got ${String(info.offset)}`)
    }
    const filters = (info.filters ?? []) as SimFilter[]
    const orders = (info.orders ?? []) as SimOrder[]
    if (!Array.isArray(filters) || !Array.isArray(orders)) throw new SimRefusal(10001, 'filters / orders must be arrays')
    let result: ReturnType<SimStore['query']>
    try {
      result = store.query(api, { filters, orders, offset, limit })
    } catch (error) {
      if (error instanceof QueryError) throw new SimRefusal(10001, error.message)
      throw error
    }
    const projection = Array.isArray(info.fieldProjection) && info.fieldProjection.length > 0 ? (info.fieldProjection as string[]) : null
    const dataList = projection
      ? result.rows.map((row) => {
          const picked: Record<string, unknown> = { _id: row._id }
          for (const field of projection) if (field in row) picked[field] = row[field]
          return picked
        })
      : result.rows
    return { errorCode: 0, errorMessage: 'OK', data: { dataList, total: result.total, offset, limit } }
  }

  // ------------------------------------------------------------ control API

  async function controlRoute(method: string, path: string[], url: URL, body: Record<string, unknown>): Promise<unknown> {
    const [section, a, b] = path
    const route = `${method} ${section ?? ''}${a !== undefined ? '/' : ''}${b !== undefined ? '/:ref' : ''}`
    const action = path[path.length - 1]
    if (method === 'GET' && section === 'state') {
      return {
        settings: control.settings,
        counters: control.counters,
        faults: Object.fromEntries(control.faults),
        dropped: Object.fromEntries([...control.dropped].map(([api, fields]) => [api, [...fields]])),
        objects: Object.fromEntries(store.objects().map((api) => [api, store.count(api)])),
        tokens: control.tokens.size,
      }
    }
    if (method === 'GET' && section === 'requests') return control.requests
    if (method === 'POST' && section === 'reset-counters') return void control.resetCounters()
    if (section === 'faults' && method === 'POST') {
      const iface = String(body.iface ?? '')
      if (iface !== '*' && !Object.values(SIM_INTERFACES).includes(iface as SimInterface)) throw new HttpProblem(400, `unknown iface ${iface}`)
      control.addFault(iface, {
        errorCode: body.errorCode === undefined ? undefined : Number(body.errorCode),
        errorMessage: body.errorMessage === undefined ? undefined : String(body.errorMessage),
        httpStatus: body.httpStatus === undefined ? undefined : Number(body.httpStatus),
        reset: body.reset === true,
        afterProcessing: body.afterProcessing === true,
        count: body.count === undefined ? 1 : Number(body.count),
      })
      return Object.fromEntries(control.faults)
    }
    if (section === 'faults' && method === 'DELETE') return void control.faults.clear()
    if (section === 'settings' && method === 'PUT') {
      for (const key of ['latencyMs', 'callsPer20s', 'tokenCallsPerMinute', 'tokenTtlSeconds', 'budgetWindowMs'] as const) {
        if (body[key] !== undefined) {
          const value = Number(body[key])
          if (!Number.isFinite(value) || value < 0) throw new HttpProblem(400, `${key} must be a number ≥ 0`)
          control.settings[key] = value
        }
      }
      if (body.latencyByIface && typeof body.latencyByIface === 'object') Object.assign(control.settings.latencyByIface, body.latencyByIface)
      return control.settings
    }
    if (method === 'POST' && section === 'tokens' && a === 'expire') return void control.expireTokens()
    if (method === 'POST' && section === 'describe' && a === 'drop') {
      const object = String(body.object)
      const set = control.dropped.get(object) ?? new Set()
      set.add(String(body.field))
      control.dropped.set(object, set)
      return { object, dropped: [...set] }
    }
    if (method === 'POST' && section === 'describe' && a === 'restore') return void control.dropped.clear()
    if (section === 'records' && a) {
      if (method === 'GET' && !b) {
        const id = url.searchParams.get('id')
        if (id) {
          const record = store.get(a, id)
          if (!record) throw new HttpProblem(404, `${a} ${id} not found`)
          return record
        }
        return store.all(a)
      }
      if (method === 'POST' && !b) {
        const records = Array.isArray(body.records) ? (body.records as Record<string, unknown>[]) : []
        const ids = records.map((record) => store.put(a, record)._id)
        changed()
        return { ids }
      }
      if (method === 'PATCH' && b) {
        if (!store.get(a, b)) throw new HttpProblem(404, `${a} ${b} not found`)
        const record = store.patch(a, b, body)
        changed()
        return record
      }
      if (method === 'DELETE' && b) {
        if (!store.remove(a, b)) throw new HttpProblem(404, `${a} ${b} not found`)
        changed()
        return { deleted: b }
      }
    }
    if (method === 'POST' && a && b) {
      const text = (key: string) => (body[key] === undefined ? undefined : String(body[key]))
      const amount = () => Number(body.amount)
      const result = (() => {
        switch (`${section}/${b}`) {
          case 'orders/approve':
            return ops.approveOrder(a)
          case 'orders/reject':
            return ops.rejectOrder(a, text('reason'))
          case 'orders/ship':
            return ops.shipOrder(a, {
              lines: Array.isArray(body.lines) ? (body.lines as { lineId: string; quantity: number }[]) : undefined,
              carrier: text('carrier'),
              trackingNumber: text('trackingNumber'),
            })
          case 'returns/approve':
            return ops.approveReturn(a)
          case 'returns/receive':
            return ops.receiveReturn(a)
          case 'returns/refund':
            return ops.refundReturn(a)
          case 'returns/reject':
            return ops.rejectReturn(a, text('reason'))
          case 'invoices/issue':
            return ops.issueInvoice(a, text('invoiceNumber'))
          case 'invoices/reject':
            return ops.rejectInvoice(a, text('reason'))
          case 'accounts/top-up':
            return ops.topUp(a, amount(), text('remark'))
          case 'accounts/rebate-grant':
            return ops.grantRebate(a, amount(), text('remark'))
          default:
            return undefined
        }
      })()
      if (result !== undefined) {
        changed()
        return result
      }
    }
    throw new HttpProblem(404, `no control route ${route} (${action})`)
  }

  // ------------------------------------------------------------ HTTP

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://sim')
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload ?? { ok: true })
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
      response.end(text)
    }
    if (url.pathname.startsWith('/sim/')) {
      try {
        const body = (request.method === 'GET' ? {} : await readBody(request)) as Record<string, unknown>
        const path = url.pathname.slice(5).split('/').filter(Boolean).map(decodeURIComponent)
        send(200, (await controlRoute(request.method ?? 'GET', path, url, body ?? {})) ?? { ok: true })
      } catch (error) {
        if (error instanceof HttpProblem) send(error.status, { error: error.message })
        else if (error instanceof SimRefusal) send(409, { errorCode: error.code, error: error.message })
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
      if (code !== 0) log(`sharecrm-sim ${iface} ${traceId ?? '-'} → ${code} ${String(payload.errorMessage ?? '')}`)
      send(200, { ...payload, traceId })
    }
    let body: Record<string, unknown>
    try {
      body = (await readBody(request)) as Record<string, unknown>
    } catch (error) {
      if (error instanceof SimRefusal) return answer({ errorCode: error.code, errorMessage: error.message })
      throw error
    }
    const latency = control.settings.latencyByIface[iface] ?? control.settings.latencyMs
    if (latency > 0) await sleep(latency)
    if (!control.admit(iface)) {
      control.counters.throttled++
      return answer({ errorCode: 30004, errorMessage: ERROR_MESSAGES[30004] })
    }
    const fault = control.takeFault(iface)
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
      return answer({ errorCode: code, errorMessage: fault.errorMessage ?? ERROR_MESSAGES[code] ?? `forced error ${code}` })
    }
    try {
      answer(await wire(iface, body ?? {}))
    } catch (error) {
      if (error instanceof SimRefusal) answer({ errorCode: error.code, errorMessage: error.message })
      else if (error instanceof Error && error.name === 'DecimalFormatError') answer({ errorCode: 10001, errorMessage: error.message })
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
      if (dirty) await save()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
