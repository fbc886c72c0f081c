/**
 * Crash safety of the cache file (a power cut must never cost the dealer the cache): a child
 * process persisting the cache is SIGKILLed at random
 * moments, ≥ 50 times; after every kill the file opens cleanly and holds one complete generation,
 * the last one whose flush resolved or the one being written.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openCacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { CRASH_BLOB_ROWS, CRASH_TABLE, crashStateChecksum } from '../../../fixtures/cacheCrashState'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const childScript = fileURLToPath(new URL('../../../fixtures/cachePersistLoop.ts', import.meta.url))
const KILLS = 60

interface Run {
  lines: string[]
  leftoverTemporaryFiles: number
}

/**
 * When to kill the writer: `delayMs` after it reported `after` ('ready', or its `count`-th
 * 'writing', i.e. the start of a flush). Counting flushes, not time, puts kills into the flush
 * window however fast or loaded the machine is.
 */
interface KillAt {
  after: 'ready' | 'writing'
  count: number
  delayMs: number
}

/** Starts the writer, kills it as `at` says, returns what it printed. */
function runAndKill(file: string, at: KillAt): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, file], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let seen = 0
    let buffered = ''
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const complete = buffered.split('\n')
      buffered = complete.pop() ?? ''
      for (const line of complete) {
        lines.push(line)
        if (line.startsWith(`${at.after} `) && ++seen === at.count)
          setTimeout(() => child.kill('SIGKILL'), at.delayMs)
      }
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines)
      else reject(new Error(`writer exited with ${code}: ${stderr}`))
    })
  })
}

function lastGeneration(lines: string[], word: 'ready' | 'writing' | 'persisted'): number {
  const matching = lines.filter((line) => line.startsWith(`${word} `))
  return matching.length ? Number(matching.at(-1)!.split(' ')[1]) : -1
}

describe('cache crash safety', () => {
  it(
    `always reopens a complete state after ${KILLS} kills at random moments`,
    { timeout: 120_000 },
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-crash-'))
      const file = join(folder, 'cache.sqlite')
      const runs: Run[] = []
      let previous = 0
      for (let kill = 0; kill < KILLS; kill++) {
        // Mostly into a flush (the first, second or third; a flush takes tens of ms), some
        // during startup or before the first flush.
        const at: KillAt =
          kill % 5 === 0
            ? { after: 'ready', count: 1, delayMs: Math.random() * 150 }
            : { after: 'writing', count: 1 + (kill % 3), delayMs: Math.random() * 40 }
        const lines = await runAndKill(file, at)
        const leftoverTemporaryFiles = (await readdir(folder)).filter((name) =>
          name.endsWith('.tmp'),
        ).length
        runs.push({ lines, leftoverTemporaryFiles })

        const db = await openCacheDatabase({
          file,
          migrations: CACHE_MIGRATIONS,
          onCorrupt: (corruption) =>
            expect.fail(`kill ${kill}: cache rebuilt (${corruption.reason}: ${corruption.detail})`),
        })
        const generation = Number(
          (await db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'generation'"))
            ?.value ?? 0,
        )
        const persisted = lastGeneration(lines, 'persisted')
        const writing = lastGeneration(lines, 'writing')
        expect(generation, `kill ${kill}`).toBeGreaterThanOrEqual(Math.max(persisted, previous))
        expect(generation, `kill ${kill}`).toBeLessThanOrEqual(Math.max(writing, previous))
        if (generation > 0) {
          const rows = await db.all<{ generation: number }>(
            `SELECT DISTINCT generation FROM ${CRASH_TABLE}`,
          )
          expect(rows, `kill ${kill}: rows of one generation`).toEqual([{ generation }])
          expect((await db.get<{ n: number }>(`SELECT count(*) AS n FROM ${CRASH_TABLE}`))?.n).toBe(
            CRASH_BLOB_ROWS,
          )
          expect(
            (await db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'checksum'"))
              ?.value,
          ).toBe(await crashStateChecksum(db))
        }
        previous = generation
        await db.close()
      }
      const midWrite = runs.filter(
        (run) => lastGeneration(run.lines, 'writing') > lastGeneration(run.lines, 'persisted'),
      ).length
      const tornTemporaryFiles = runs.filter((run) => run.leftoverTemporaryFiles > 0).length
      console.info(
        `cache crash test: ${KILLS} kills, ${midWrite} during a flush, ${tornTemporaryFiles} left a partial temporary file, final generation ${previous}`,
      )
      // The kills must actually exercise the dangerous window, or the test proves nothing.
      expect(midWrite).toBeGreaterThanOrEqual(5)
      expect(previous).toBeGreaterThan(KILLS / 2)
    },
  )
})
