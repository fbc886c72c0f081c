/** Test helpers: a simulator on a loopback port and clients pointed at it. */
import { MemoryCallBudget } from '../../../server/backends/sharecrm/callBudget'
import {
  ShareCrmClient,
  type ShareCrmClientOptions,
  type ShareCrmLogEntry,
} from '../../../server/backends/sharecrm/openApiClient'
import {
  SIM_CREDENTIALS,
  startShareCrmSim,
  type RunningSim,
  type SimOptions,
} from '../../../server/sharecrm-sim/server'

export async function emptySim(options: SimOptions = {}): Promise<RunningSim> {
  return startShareCrmSim({ empty: true, port: 0, ...options })
}

export function clientFor(sim: RunningSim, options: Partial<ShareCrmClientOptions> = {}) {
  const log: ShareCrmLogEntry[] = []
  const client = new ShareCrmClient({
    baseUrl: sim.url,
    appId: SIM_CREDENTIALS.appId,
    appSecret: SIM_CREDENTIALS.appSecret,
    permanentCode: SIM_CREDENTIALS.permanentCode,
    openUserId: SIM_CREDENTIALS.openUserId,
    retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 40 },
    timeoutMs: 10_000,
    logger: { info: (entry) => log.push(entry), warn: (entry) => log.push(entry) },
    ...options,
  })
  return { client, log }
}

export { MemoryCallBudget }

/** `count` products with the given last_modified_time pattern. */
export function products(count: number, time: (index: number) => number, prefix = 'P') {
  return Array.from({ length: count }, (_, index) => ({
    _id: `${prefix}${String(index).padStart(7, '0')}`,
    name: `产品 ${index}`,
    product_code: `SKU-${index}`,
    product_status: index % 3 === 0 ? '2' : '1',
    last_modified_time: time(index),
  }))
}

/** Calls answered with `code` for an interface, as counted by the simulator. */
export function answered(sim: RunningSim, iface: string, code: number): number {
  return sim.control.counters.answers[iface]?.[String(code)] ?? 0
}
