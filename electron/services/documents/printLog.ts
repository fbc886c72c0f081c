/**
 * The cache's print log (local only): one row per saved or printed document, so a reprint can be
 * told apart. record = JSON { purpose, language, checksum } where checksum is the SHA-256 of the
 * data printed (the cached record or the statement), so "what was printed" can be compared later.
 */
import { createHash } from 'node:crypto'
import type {
  DocumentKind,
  DocumentLanguage,
  PrintHistoryEntry,
} from '../../../shared/contract/documents'
import type { CacheDatabase } from '../cache/cacheDatabase'

export interface PrintLogEntry {
  kind: DocumentKind
  id: string
  purpose: 'save' | 'print'
  language: DocumentLanguage
  checksum: string
  printedAt: number
  copies?: number
}

export function dataChecksum(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex')
}

export async function recordPrint(db: CacheDatabase, entry: PrintLogEntry): Promise<void> {
  await db.run(
    'INSERT INTO print_log (document_type, document_id, printed_at, copies, record) VALUES (?, ?, ?, ?, ?)',
    [
      entry.kind,
      entry.id,
      entry.printedAt,
      entry.copies ?? 1,
      JSON.stringify({
        purpose: entry.purpose,
        language: entry.language,
        checksum: entry.checksum,
      }),
    ],
  )
}

/** Times the document was saved or printed. */
export async function printCount(
  db: CacheDatabase,
  kind: DocumentKind,
  id: string,
): Promise<number> {
  return (
    (
      await db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM print_log WHERE document_type = ? AND document_id = ?',
        [kind, id],
      )
    )?.n ?? 0
  )
}

/** Newest first. Rows whose record is unreadable count as prints in Chinese. */
export async function printHistory(
  db: CacheDatabase,
  kind: DocumentKind,
  id: string,
): Promise<PrintHistoryEntry[]> {
  const rows = await db.all<{ printed_at: number; record: string | null }>(
    'SELECT printed_at, record FROM print_log WHERE document_type = ? AND document_id = ? ORDER BY printed_at DESC, id DESC',
    [kind, id],
  )
  return rows.map((row) => {
    let record: { purpose?: unknown; language?: unknown } = {}
    try {
      record = JSON.parse(row.record ?? '{}') as typeof record
    } catch {
      // keep the defaults
    }
    return {
      printedAt: row.printed_at,
      purpose: record.purpose === 'save' ? 'save' : 'print',
      language:
        record.language === 'en-US' || record.language === 'bilingual' ? record.language : 'zh-CN',
    }
  })
}
