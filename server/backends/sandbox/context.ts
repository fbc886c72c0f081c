/**
 * What every sandbox area shares: the database, the clock, strictly increasing modification
 * stamps, id and document-number sequences, and a change notification (for persistence).
 */
import { chinaCompactDate, formatDocumentNumber, type DocumentPrefix } from '../../../shared/domain'
import type { SandboxDatabase } from './database'

export interface SandboxContext {
  readonly db: SandboxDatabase
  /** Current time, epoch ms. Replaced while the seed replays history. */
  now(): number
  /**
   * A modification time for the current write: ≥ now() and strictly greater than every stamp
   * handed out before, so a feed cursor (modifiedAt, id) never skips a later change.
   */
  stamp(): number
  /** `ord_000042`: opaque, unique per kind. */
  nextId(kind: string, width?: number): string
  /** `SO20261122-0007`: per prefix and business day (Asia/Shanghai). */
  nextDocumentNumber(prefix: DocumentPrefix): string
  /** Called after every committed mutation. */
  changed(): void
}

export function createContext(
  db: SandboxDatabase,
  clock: () => number,
  onChange: () => void,
): SandboxContext & { setClock(clock: () => number): void } {
  let currentClock = clock
  const readMeta = (key: string): string | undefined =>
    db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value
  const writeMeta = (key: string, value: string) =>
    db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    )
  let lastStamp = Number(readMeta('lastStamp') ?? 0)

  return {
    db,
    now: () => currentClock(),
    setClock(next) {
      currentClock = next
    },
    stamp() {
      lastStamp = Math.max(currentClock(), lastStamp + 1)
      writeMeta('lastStamp', String(lastStamp))
      return lastStamp
    },
    nextId(kind, width = 6) {
      const key = `seq:${kind}`
      const next = Number(readMeta(key) ?? 0) + 1
      writeMeta(key, String(next))
      return `${kind}_${String(next).padStart(width, '0')}`
    },
    nextDocumentNumber(prefix) {
      const at = currentClock()
      const day = chinaCompactDate(at)
      db.run(
        `INSERT INTO document_sequences (prefix, day, seq) VALUES (?, ?, 1)
         ON CONFLICT (prefix, day) DO UPDATE SET seq = seq + 1`,
        [prefix, day],
      )
      const seq =
        db.get<{ seq: number }>('SELECT seq FROM document_sequences WHERE prefix = ? AND day = ?', [
          prefix,
          day,
        ])?.seq ?? 1
      return formatDocumentNumber(prefix, at, seq)
    },
    changed: onChange,
  }
}
