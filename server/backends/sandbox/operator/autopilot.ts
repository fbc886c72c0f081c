/**
 * Demo auto-pilot: on every tick, moves open documents one step along their life cycle, as the
 * manufacturer's staff would: orders under review are approved, confirmed or partially delivered
 * orders ship in full, returns go approved → received → refunded, invoice requests are issued,
 * last month's statement is issued to a dealer that has none, and disputed statements resolved.
 * At most `batch` documents per tick; errors (a dealer acted meanwhile) are skipped. A tick is one
 * durable sandbox operation (one save for the whole batch).
 */
import type { SandboxPortal } from '../portal'

export interface Autopilot {
  readonly enabled: boolean
  readonly intervalMs: number
  start(intervalMs?: number): void
  stop(): void
  /** One step now; answers how many documents moved. */
  tick(): Promise<number>
}

export function createAutopilot(sandbox: SandboxPortal, batch = 20): Autopilot {
  let timer: ReturnType<typeof setInterval> | undefined
  let interval = 5000
  let running: Promise<number> | undefined

  const step = () =>
    sandbox.operate((api) => {
      let moved = 0
      const attempt = (work: () => unknown) => {
        if (moved >= batch) return
        try {
          work()
          moved++
        } catch {
          // the document moved on by other means; try the next one
        }
      }
      for (const order of api.operations.waiting(
        'orders',
        ['under_review', 'confirmed', 'partially_delivered'],
        batch,
      )) {
        attempt(() =>
          order.status === 'under_review'
            ? api.orders.approve(order.id, 'auto-pilot')
            : api.deliveries.ship(order.id, {}),
        )
      }
      for (const record of api.operations.waiting(
        'returns',
        ['under_review', 'approved', 'received'],
        batch,
      )) {
        attempt(() =>
          record.status === 'under_review'
            ? api.returns.approve(record.id, 'auto-pilot')
            : record.status === 'approved'
              ? api.returns.receive(record.id, 'auto-pilot')
              : api.returns.refund(record.id, 'auto-pilot'),
        )
      }
      for (const request of api.operations.waiting('invoice_requests', ['under_review'], batch)) {
        attempt(() => api.invoices.issue(request.id, undefined))
      }
      const lastMonth = api.statements.previousPeriod()
      for (const dealerId of api.dealers.dealerIds()) {
        const periods = api.statements.list(dealerId).items
        if (!periods.some((period) => period.period === lastMonth))
          attempt(() => api.statements.issue(dealerId, lastMonth, 'auto-pilot'))
        for (const period of periods.filter((candidate) => candidate.status === 'disputed'))
          attempt(() =>
            api.statements.resolve(dealerId, period.period, 'auto-pilot', '已核对 / checked'),
          )
      }
      return moved
    })

  function tick(): Promise<number> {
    running ??= step().finally(() => (running = undefined))
    return running
  }

  return {
    get enabled() {
      return timer !== undefined
    },
    get intervalMs() {
      return interval
    },
    start(intervalMs) {
      this.stop()
      interval = intervalMs ?? interval
      timer = setInterval(() => void tick().catch(() => undefined), interval)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = undefined
    },
    tick,
  }
}
