/**
 * The simulator's control API under /sim/... (listed in server.ts): state, faults, settings,
 * token expiry, describe drops, raw records (upsert, patch, hard delete) and the operator actions.
 * Answers the result as JSON; `HttpProblem` (status + message) for bad requests.
 */
import { type SimControl, SIM_INTERFACES, type SimInterface } from './control'
import type { SimOperations } from './operations'
import type { SimStore } from './store'

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export interface ControlContext {
  store: SimStore
  ops: SimOperations
  control: SimControl
  changed(): void
}

export function createControlRoutes({ store, ops, control, changed }: ControlContext) {
  async function controlRoute(
    method: string,
    path: string[],
    url: URL,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    const [section, a, b] = path
    const route = `${method} ${section ?? ''}${a !== undefined ? '/' : ''}${b !== undefined ? '/:ref' : ''}`
    const action = path[path.length - 1]
    if (method === 'GET' && section === 'state') {
      return {
        settings: control.settings,
        counters: control.counters,
        faults: Object.fromEntries(control.faults),
        dropped: Object.fromEntries(
          [...control.dropped].map(([api, fields]) => [api, [...fields]]),
        ),
        objects: Object.fromEntries(store.objects().map((api) => [api, store.count(api)])),
        tokens: control.tokens.size,
      }
    }
    if (method === 'GET' && section === 'requests') return control.requests
    if (method === 'POST' && section === 'reset-counters') return void control.resetCounters()
    if (section === 'faults' && method === 'POST') {
      const iface = String(body.iface ?? '')
      if (iface !== '*' && !Object.values(SIM_INTERFACES).includes(iface as SimInterface))
        throw new HttpProblem(400, `unknown iface ${iface}`)
      control.addFault(iface, {
        errorCode: body.errorCode === undefined ? undefined : Number(body.errorCode),
        errorMessage: body.errorMessage === undefined ? undefined : String(body.errorMessage),
        httpStatus: body.httpStatus === undefined ? undefined : Number(body.httpStatus),
        reset: body.reset === true,
        afterProcessing: body.afterProcessing === true,
        ...(body.object === undefined ? {} : { object: String(body.object) }),
        count: body.count === undefined ? 1 : Number(body.count),
      })
      return Object.fromEntries(control.faults)
    }
    if (section === 'faults' && method === 'DELETE') return void control.faults.clear()
    if (section === 'settings' && method === 'PUT') {
      for (const key of [
        'latencyMs',
        'callsPer20s',
        'tokenCallsPerMinute',
        'tokenTtlSeconds',
        'budgetWindowMs',
      ] as const) {
        if (body[key] !== undefined) {
          const value = Number(body[key])
          if (!Number.isFinite(value) || value < 0)
            throw new HttpProblem(400, `${key} must be a number ≥ 0`)
          control.settings[key] = value
        }
      }
      if (body.latencyByIface && typeof body.latencyByIface === 'object')
        Object.assign(control.settings.latencyByIface, body.latencyByIface)
      return control.settings
    }
    if (method === 'POST' && section === 'tokens' && a === 'expire')
      return void control.expireTokens()
    if (method === 'POST' && section === 'describe' && a === 'drop') {
      const object = String(body.object)
      const set = control.dropped.get(object) ?? new Set()
      set.add(String(body.field))
      control.dropped.set(object, set)
      return { object, dropped: [...set] }
    }
    if (method === 'POST' && section === 'describe' && a === 'restore')
      return void control.dropped.clear()
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
        const records = Array.isArray(body.records)
          ? (body.records as Record<string, unknown>[])
          : []
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
              lines: Array.isArray(body.lines)
                ? (body.lines as { lineId: string; quantity: number }[])
                : undefined,
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
  return controlRoute
}
