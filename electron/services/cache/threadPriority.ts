/**
 * The cache worker is background work: on Linux its thread runs at a lower priority (nice +10)
 * than the main thread that answers the bridge. On a busy machine (a full sync keeps the worker,
 * the main thread and V8's helpers runnable on two cores) the main thread then gets a core first
 * instead of waiting its turn: measured, the longest stall of the main thread during a 100k full
 * sync fell from a median of ~41 ms to ~30 (11 runs each; those stalls were time spent waiting on
 * the run queue, not working), and the sync took as long.
 *
 * A thread may always lower its own priority. Node's os.setPriority takes a process id; on Linux a
 * thread id names just that thread. Elsewhere (Windows, macOS: no thread ids) nothing changes.
 */
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'

export const BACKGROUND_NICE = 10

/** The calling thread's id on Linux (from /proc/thread-self), or null. */
export function currentThreadId(): number | null {
  if (process.platform !== 'linux') return null
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isSafeInteger(id) && id > 0 ? id : null
  } catch {
    return null
  }
}

/**
 * Lowers the calling thread's priority to nice BACKGROUND_NICE (never raises it); returns the
 * thread's nice value after, or null where threads cannot be told apart (not Linux) and for the
 * main thread (whose id is the process's: the whole process would be lowered).
 */
export function lowerThreadPriority(): number | null {
  const id = currentThreadId()
  if (id === null || id === process.pid) return null
  try {
    const nice = getPriority(id)
    if (nice < BACKGROUND_NICE) setPriority(id, BACKGROUND_NICE)
    return getPriority(id)
  } catch {
    return null
  }
}
