/**
 * The simulator's state and switches (`SimControl`): settings, armed faults, issued tokens, the
 * per-interface sliding windows, dropped describe fields, counters and the last requests. The
 * control API (controlRoutes.ts) and the tests drive it; server.ts consults it on every call.
 */
import { randomBytes } from 'node:crypto'

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
  /** Only calls on this object (`dataObjectApiName` / describe's `apiName`); any when absent. */
  object?: string
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

export const ERROR_MESSAGES: Record<number, string> = {
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
  counters = {
    calls: {} as Record<string, number>,
    answers: {} as Record<string, Record<string, number>>,
    tokensIssued: 0,
    throttled: 0,
  }
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

  /**
   * The fault for this call of `iface` on `object`, if one is armed (specific interface first,
   * then *; the first armed fault whose object matches).
   */
  takeFault(iface: string, object?: string): SimFault | null {
    for (const key of iface === 'token' ? [iface] : [iface, '*']) {
      const list = this.faults.get(key)
      const index = list?.findIndex((fault) => !fault.object || fault.object === object) ?? -1
      const fault = list?.[index]
      if (!list || !fault) continue
      fault.remaining--
      if (fault.remaining <= 0) list.splice(index, 1)
      return fault
    }
    return null
  }

  /** Sliding-window limit; true when the call may proceed (and is counted). */
  admit(iface: string): boolean {
    const now = this.clock()
    const [limit, window] =
      iface === 'token'
        ? [this.settings.tokenCallsPerMinute, 60_000]
        : [this.settings.callsPer20s, this.settings.budgetWindowMs]
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
