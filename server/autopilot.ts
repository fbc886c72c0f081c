/**
 * Demo auto-pilot: on every tick, moves open documents one step along their life cycle, as the
 * manufacturer's staff would: orders under review are approved, confirmed or partially delivered
 * orders ship in full, returns go approved → received → refunded, invoice requests are issued.
 * At most `batch` documents per tick; errors (a dealer acted meanwhile) are skipped.
 */
import type { SandboxBackend } from './backends/sandbox/index'

export interface Autopilot {
  readonly enabled: boolean
  readonly intervalMs: number
  start(intervalMs?: number): void
  stop(): void
  /** One step now; answers how many documents moved. */
  tick(): number
}

export function createAutopilot(backend: SandboxBackend, batch = 20): Autopilot {
  let timer: ReturnType<typeof setInterval> | undefined
  let interval = 5000
  const { db } = backend

  function open(table: string, statuses: string[]): { id: string; status: string }[] {
    return db.all<{ id: string; status: string }>(
      `SELECT id, status FROM ${table} WHERE status IN (SELECT value FROM json_each(?)) ORDER BY created_at, id LIMIT ?`,
      [JSON.stringify(statuses), batch],
    )
  }

  function tick(): number {
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
    for (const order of open('orders', ['under_review', 'confirmed', 'partially_delivered'])) {
      attempt(() => (order.status === 'under_review' ? backend.orders.approve(order.id, 'auto-pilot') : backend.deliveries.ship(order.id, {})))
    }
    for (const record of open('returns', ['under_review', 'approved', 'received'])) {
      attempt(() =>
        record.status === 'under_review'
          ? backend.returns.approve(record.id, 'auto-pilot')
          : record.status === 'approved'
            ? backend.returns.receive(record.id, 'auto-pilot')
            : backend.returns.refund(record.id, 'auto-pilot'),
      )
    }
    for (const request of open('invoice_requests', ['under_review'])) attempt(() => backend.invoices.issue(request.id, undefined))
    return moved
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
      timer = setInterval(tick, interval)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = undefined
    },
    tick,
  }
}
