/**
 * The per-interface call budget: at most `callsPer20s` calls of one interface (URL path) in any
 * 20-second window as ShareCRM counts them, so its limit (about 100 per 20 s per interface) never
 * answers 30004.
 *
 * A call occupies its slot from the moment it is allowed to start until 20 s after it *finished*
 * (the release). ShareCRM sees each call arrive between those two moments, so however late a
 * request arrives (slow connect, a loaded machine), no window there holds more than the budget.
 *
 * Public API (stable):
 * - `CallBudget.acquire(path, signal?)` → `release()`: resolves when a call of `path` may start
 *   now and reserves its slot; call `release()` once the call has finished (answered or failed).
 *   A shared implementation (PostgreSQL, several gateway instances) must count the calls of every
 *   instance, e.g. a table of (path, started_at, finished_at) rows read and inserted under
 *   `pg_advisory_xact_lock(hashtext(path))`, counting rows with finished_at null (and started_at
 *   newer than the request timeout, so a crashed instance's rows expire) or finished_at within
 *   the window, and waiting until one leaves it.
 * - `MemoryCallBudget({ callsPer20s, windowMs? = 20_000, now? })`: one process; `used(path)`.
 */

export interface CallBudget {
  acquire(path: string, signal?: AbortSignal): Promise<() => void>
}

export const BUDGET_WINDOW_MS = 20_000

interface Slot {
  /** When the call finished; Infinity while it runs. */
  end: number
}

export class MemoryCallBudget implements CallBudget {
  private readonly slots = new Map<string, Slot[]>()
  private readonly queues = new Map<string, Promise<unknown>>()
  private readonly waiters = new Map<string, (() => void)[]>()
  private readonly limit: number
  private readonly windowMs: number
  private readonly now: () => number

  constructor(options: { callsPer20s: number; windowMs?: number; now?: () => number }) {
    if (!Number.isInteger(options.callsPer20s) || options.callsPer20s < 1) {
      throw new Error(`callsPer20s must be a positive integer, not ${options.callsPer20s}`)
    }
    this.limit = options.callsPer20s
    this.windowMs = options.windowMs ?? BUDGET_WINDOW_MS
    this.now = options.now ?? Date.now
  }

  /** Slots of `path` currently counted (running or finished within the window). */
  used(path: string): number {
    return this.prune(path, this.now()).length
  }

  acquire(path: string, signal?: AbortSignal): Promise<() => void> {
    // One queue per path keeps callers in arrival order.
    const previous = this.queues.get(path) ?? Promise.resolve()
    const mine = previous.then(() => this.take(path, signal))
    this.queues.set(
      path,
      mine.catch(() => undefined),
    )
    return mine
  }

  private prune(path: string, now: number): Slot[] {
    const kept = (this.slots.get(path) ?? []).filter((slot) => slot.end > now - this.windowMs)
    this.slots.set(path, kept)
    return kept
  }

  private async take(path: string, signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted()
      const now = this.now()
      const slots = this.prune(path, now)
      if (slots.length < this.limit) {
        const slot: Slot = { end: Infinity }
        slots.push(slot)
        let released = false
        return () => {
          if (released) return
          released = true
          slot.end = this.now()
          const waiting = this.waiters.get(path) ?? []
          this.waiters.delete(path)
          for (const wake of waiting) wake()
        }
      }
      const earliest = Math.min(...slots.map((slot) => slot.end))
      const wait = Number.isFinite(earliest) ? earliest + this.windowMs - now + 1 : this.windowMs
      // Until the oldest finished slot leaves the window, or a running call finishes.
      await new Promise<void>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
        const onAbort = () => {
          clearTimeout(timer)
          reject(signal?.reason)
        }
        const timer = setTimeout(done, wait)
        signal?.addEventListener('abort', onAbort, { once: true })
        const list = this.waiters.get(path) ?? []
        list.push(done)
        this.waiters.set(path, list)
      })
    }
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms),
    )
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
