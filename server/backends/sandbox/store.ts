/**
 * Durable persistence of the sandbox database: the whole sql.js image replaced atomically
 * (node/atomicFile: temporary file, fsync, rename, fsync of the directory, mode 0600).
 *
 * Group commit: `flush()` resolves once every change made before the call is on disk. Callers
 * within a few milliseconds of each other share one save; a caller arriving while a save runs
 * waits for the next one (its change may not be in the running one). Changes nobody waits for
 * (`changed()` alone) are saved lazily. A failed save rejects its waiters (their request answers
 * 5xx) and the next flush tries again with the then current image.
 */
import { writeFileAtomic } from '../../../node/atomicFile'
import type { SandboxDatabase } from './database'

export interface SandboxStore {
  /** Counts a change to the database (wired to the context's change notification). */
  changed(): void
  /** Resolves once everything changed so far is durable; immediately when nothing is pending. */
  flush(): Promise<void>
  /** Saves what is pending and stops the timers. */
  close(): Promise<void>
  /** Saves performed so far (benchmarks and tests). */
  readonly saves: number
}

export interface StoreOptions {
  /** undefined: in memory, nothing to save. */
  file?: string
  /** How long a flush waits for companions before saving; default 2 ms. */
  groupWindowMs?: number
  /** Delay of a save nobody waits for; default 250 ms. */
  lazyMs?: number
}

interface Waiter {
  target: number
  resolve(): void
  reject(error: unknown): void
}

export function createSandboxStore(db: SandboxDatabase, options: StoreOptions): SandboxStore {
  const { file } = options
  const groupWindowMs = options.groupWindowMs ?? 2
  const lazyMs = options.lazyMs ?? 250
  let changes = 0
  let saved = 0
  let saves = 0
  let writing = false
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerDue = Infinity
  let waiters: Waiter[] = []

  function schedule(delayMs: number): void {
    if (!file || writing || closed) return
    const due = Date.now() + delayMs
    if (timer && timerDue <= due) return
    if (timer) clearTimeout(timer)
    timerDue = due
    timer = setTimeout(() => void save(), delayMs)
  }

  async function save(): Promise<void> {
    timer = undefined
    timerDue = Infinity
    if (!file || writing) return
    const target = changes
    if (saved >= target) return settle()
    writing = true
    try {
      const image = db.export()
      await writeFileAtomic(file, image)
      saved = Math.max(saved, target)
      saves++
      settle()
    } catch (error) {
      const failed = waiters.filter((waiter) => waiter.target <= target)
      waiters = waiters.filter((waiter) => waiter.target > target)
      for (const waiter of failed) waiter.reject(error)
    } finally {
      writing = false
      if (waiters.length > 0) schedule(groupWindowMs)
      else if (saved < changes) schedule(lazyMs)
    }
  }

  function settle(): void {
    const done = waiters.filter((waiter) => waiter.target <= saved)
    waiters = waiters.filter((waiter) => waiter.target > saved)
    for (const waiter of done) waiter.resolve()
  }

  return {
    changed() {
      changes++
      schedule(lazyMs)
    },
    flush() {
      if (!file || saved >= changes) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        waiters.push({ target: changes, resolve, reject })
        schedule(groupWindowMs)
      })
    },
    async close() {
      if (timer) clearTimeout(timer)
      timer = undefined
      while (writing) await new Promise((resolve) => setTimeout(resolve, 5))
      if (file && saved < changes) {
        await writeFileAtomic(file, db.export())
        saved = changes
        saves++
      }
      settle()
      closed = true
    },
    get saves() {
      return saves
    },
  }
}
