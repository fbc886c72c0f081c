/**
 * Durable persistence of the sandbox database: a snapshot file (the whole sql.js image) plus a
 * journal beside it (`<file>.journal`, one JSON line per committed transaction: its statements and
 * parameters, database.ts). Both are created 0600 (they hold password and token hashes).
 *
 * - `flush()` resolves once every transaction committed before the call is on disk: the pending
 *   entries are appended to the journal and fdatasync'ed. Group commit: flushes within a few
 *   milliseconds share one append, and a flush arriving during an append waits for the next one.
 * - When the journal grows past `snapshotBytes`, and at start and close, a snapshot replaces the
 *   file atomically (node/atomicFile: temporary file, fsync, rename, fsync of the directory) and a
 *   new journal starts. Snapshot and journal carry a generation number (meta `journalGeneration`):
 *   a journal is replayed only onto the snapshot of its generation, so a crash between writing a
 *   snapshot and starting its journal never applies an entry twice.
 * - At start (`recover`), the journal of the snapshot's generation is replayed up to its last
 *   complete line (a torn last line was never acknowledged), then a fresh snapshot is written.
 * A failed write rejects its waiters (their requests answer 5xx); the next flush tries again.
 */
import { open, readFile, type FileHandle } from 'node:fs/promises'
import { removeStaleTemporaryFiles, writeFileAtomic } from '../../../node/atomicFile'
import type { JournalEntry, SandboxDatabase } from './database'

export interface SandboxStore {
  /** Replays the journal left by a previous run onto the database and writes a fresh snapshot. */
  recover(): Promise<void>
  /** Notes that something changed (a lazy flush follows even if nobody waits). */
  changed(): void
  /** Resolves once everything committed so far is durable; immediately when nothing is pending. */
  flush(): Promise<void>
  /** Writes a final snapshot and closes the journal. */
  close(): Promise<void>
  /** Journal appends and snapshots performed so far (benchmarks and tests). */
  readonly stats: { appends: number; snapshots: number }
}

export interface StoreOptions {
  /** undefined: in memory, nothing to save. */
  file?: string
  /** How long a flush waits for companions before appending; default 2 ms. */
  groupWindowMs?: number
  /** Delay of a flush nobody waits for; default 250 ms. */
  lazyMs?: number
  /** Journal size that triggers a snapshot; default 8 MB. */
  snapshotBytes?: number
}

interface Waiter {
  target: number
  resolve(): void
  reject(error: unknown): void
}

const GENERATION_KEY = 'journalGeneration'

export function createSandboxStore(db: SandboxDatabase, options: StoreOptions): SandboxStore {
  const { file } = options
  const journalFile = file && `${file}.journal`
  const groupWindowMs = options.groupWindowMs ?? 2
  const lazyMs = options.lazyMs ?? 250
  const snapshotBytes = options.snapshotBytes ?? 8 * 1024 * 1024
  const stats = { appends: 0, snapshots: 0 }
  let journal: FileHandle | undefined
  let journalBytes = 0
  let saved = 0
  let busy = false
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerDue = Infinity
  let waiters: Waiter[] = []

  const generation = () =>
    Number(
      db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [GENERATION_KEY])?.value ??
        0,
    )

  /** Snapshot of everything committed now, then an empty journal of the next generation. */
  async function snapshot(): Promise<void> {
    if (!file || !journalFile) return
    const next = generation() + 1
    db.setJournaling(false)
    db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [GENERATION_KEY, String(next)],
    )
    db.setJournaling(true)
    db.takeJournal() // all in the image
    const target = db.commits
    const image = db.export()
    await journal?.close()
    journal = undefined
    await writeFileAtomic(file, image)
    const header = `${JSON.stringify({ generation: next })}\n`
    await writeFileAtomic(journalFile, header)
    journal = await open(journalFile, 'a', 0o600)
    journalBytes = header.length
    saved = Math.max(saved, target)
    stats.snapshots++
  }

  async function append(): Promise<void> {
    const entries = db.takeJournal()
    const target = db.commits
    if (entries.length > 0 && journal) {
      const text = entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n'
      await journal.write(text)
      await journal.datasync()
      journalBytes += Buffer.byteLength(text)
      stats.appends++
    }
    saved = Math.max(saved, target)
  }

  function schedule(delayMs: number): void {
    if (!file || busy || closed) return
    const due = Date.now() + delayMs
    if (timer && timerDue <= due) return
    if (timer) clearTimeout(timer)
    timerDue = due
    timer = setTimeout(() => void save(), delayMs)
  }

  async function save(): Promise<void> {
    timer = undefined
    timerDue = Infinity
    if (busy || closed) return
    busy = true
    const target = db.commits
    try {
      if (journalBytes > snapshotBytes) await snapshot()
      else await append()
      settle()
    } catch (error) {
      const failed = waiters.filter((waiter) => waiter.target <= target)
      waiters = waiters.filter((waiter) => waiter.target > target)
      for (const waiter of failed) waiter.reject(error)
    } finally {
      busy = false
      if (waiters.length > 0) schedule(groupWindowMs)
      else if (saved < db.commits) schedule(lazyMs)
    }
  }

  function settle(): void {
    const done = waiters.filter((waiter) => waiter.target <= saved)
    waiters = waiters.filter((waiter) => waiter.target > saved)
    for (const waiter of done) waiter.resolve()
  }

  return {
    async recover() {
      if (!file || !journalFile) return
      await removeStaleTemporaryFiles(file)
      await removeStaleTemporaryFiles(journalFile)
      let text = ''
      try {
        text = await readFile(journalFile, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
      const [header, ...lines] = text.split('\n')
      let headerGeneration: number | undefined
      try {
        headerGeneration = (JSON.parse(header ?? '') as { generation?: number }).generation
      } catch {
        headerGeneration = undefined
      }
      if (headerGeneration !== undefined && headerGeneration === generation()) {
        const entries: JournalEntry[] = []
        for (const line of lines) {
          if (!line) continue
          try {
            entries.push(JSON.parse(line) as JournalEntry)
          } catch {
            break // a torn last line: its flush never completed, nobody was answered
          }
        }
        db.replay(entries)
      }
      db.setJournaling(true)
      await snapshot()
    },
    changed() {
      schedule(lazyMs)
    },
    flush() {
      if (!file || saved >= db.commits) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        waiters.push({ target: db.commits, resolve, reject })
        schedule(groupWindowMs)
      })
    },
    async close() {
      if (timer) clearTimeout(timer)
      timer = undefined
      while (busy) await new Promise((resolve) => setTimeout(resolve, 5))
      closed = true
      if (file) {
        await snapshot()
        settle()
        await journal?.close()
        journal = undefined
      }
    },
    stats,
  }
}
