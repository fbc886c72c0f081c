/**
 * The cache worker's thread runs at a lower priority than the main thread (Linux; see
 * electron/services/cache/threadPriority.ts).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { getPriority } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import {
  BACKGROUND_NICE,
  currentThreadId,
  lowerThreadPriority,
} from '../../../../electron/services/cache/threadPriority'

const linux = process.platform === 'linux'

/** Nice value of every thread of this process, by thread id (/proc/self/task/<id>/stat, field 19). */
async function threadNice(): Promise<Map<number, number>> {
  const nice = new Map<number, number>()
  for (const task of await readdir('/proc/self/task')) {
    try {
      const stat = await readFile(`/proc/self/task/${task}/stat`, 'utf8')
      nice.set(Number(task), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]))
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nice
}

describe.skipIf(!linux)('cache worker thread priority (Linux)', () => {
  it('runs the cache worker below the main thread, and leaves the main thread as it was', async () => {
    const mainNice = getPriority(process.pid)
    // On the main thread it does nothing: the main thread's id is the process's.
    expect(currentThreadId()).toBe(process.pid)
    expect(lowerThreadPriority()).toBeNull()
    const before = await threadNice()
    const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-priority-')), 'cache.sqlite')
    const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
    try {
      await db.get('SELECT 1')
      const after = await threadNice()
      expect(after.get(process.pid)).toBe(mainNice)
      expect(getPriority(process.pid)).toBe(mainNice)
      const lowered = [...after].filter(
        ([id, nice]) => !before.has(id) && nice === Math.max(mainNice, BACKGROUND_NICE),
      )
      expect(lowered.length).toBeGreaterThanOrEqual(1)
    } finally {
      await db.close()
    }
  })
})

describe.skipIf(linux)('cache worker thread priority (not Linux)', () => {
  it('is left alone where threads cannot be told apart', () => {
    expect(currentThreadId()).toBeNull()
    expect(lowerThreadPriority()).toBeNull()
  })
})
