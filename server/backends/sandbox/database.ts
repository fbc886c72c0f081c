/**
 * sql.js wrapper: cached prepared statements, transactions, export, and the journal of committed
 * changes (persistence: store.ts).
 * sql.js is synchronous and single-threaded, so a mutation that does not await is atomic with
 * respect to every other request; keep it that way (no await inside `transaction`).
 */
import type { BindParams, Database, SqlJsStatic, SqlValue, Statement } from 'sql.js'
import { loadSqlJs, readStoredJson, type StoredJsonRows } from '../../../node/sqlJs'

export type Row = Record<string, SqlValue>

/** The statements of one committed transaction, in order: what the journal stores. */
export type JournalEntry = [sql: string, params: BindParams][]

export class SandboxDatabase {
  private statements = new Map<string, Statement>()
  private depth = 0
  private journaling = false
  /** Committed transactions not yet taken by the store. */
  private committed: JournalEntry[] = []
  /** Statements of the open transaction. */
  private pending: JournalEntry | null = null
  /** Transactions committed since the database was opened (journaling on). */
  commits = 0

  private constructor(
    private readonly SQL: SqlJsStatic,
    private readonly db: Database,
  ) {}

  static async open(image?: Uint8Array): Promise<SandboxDatabase> {
    const SQL = await loadSqlJs()
    const database = new SandboxDatabase(SQL, new SQL.Database(image))
    database.exec(
      'PRAGMA foreign_keys = OFF; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF',
    )
    return database
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  exec(sql: string): void {
    this.db.exec(sql)
  }

  run(sql: string, params: BindParams = []): void {
    const statement = this.prepare(sql)
    try {
      statement.run(params)
    } finally {
      statement.reset()
    }
    if (!this.journaling) return
    const entry: [string, BindParams] = [sql, params]
    if (this.pending) this.pending.push(entry)
    else this.commit([entry])
  }

  private commit(entry: JournalEntry): void {
    this.committed.push(entry)
    this.commits++
  }

  /**
   * From now on every committed change (each `run`, grouped per transaction) is also kept as a
   * journal entry for the store (store.ts), which appends them to its journal file. Changes must
   * go through `run` (not `exec`) once journaling is on.
   */
  setJournaling(on: boolean): void {
    this.journaling = on
  }

  /** The journal entries committed since the last call. */
  takeJournal(): JournalEntry[] {
    const taken = this.committed
    this.committed = []
    return taken
  }

  /** Re-applies journal entries (recovery), each as one transaction, without journaling them. */
  replay(entries: readonly JournalEntry[]): void {
    const journaling = this.journaling
    this.journaling = false
    try {
      for (const entry of entries)
        this.transaction(() => entry.forEach(([sql, params]) => this.run(sql, params)))
    } finally {
      this.journaling = journaling
    }
  }

  all<T = Row>(sql: string, params: BindParams = []): T[] {
    const statement = this.prepare(sql)
    const rows: T[] = []
    try {
      statement.bind(params)
      while (statement.step()) rows.push(statement.getAsObject() as T)
    } finally {
      statement.reset()
    }
    return rows
  }

  /** Rows as positional arrays: the fast path for feeds. */
  values(sql: string, params: BindParams = []): SqlValue[][] {
    const statement = this.prepare(sql)
    const rows: SqlValue[][] = []
    try {
      statement.bind(params)
      while (statement.step()) rows.push(statement.get())
    } finally {
      statement.reset()
    }
    return rows
  }

  /**
   * Rows of a SELECT whose last column is stored JSON text: the other columns as values, the JSON
   * as its UTF-8 bytes, never decoded (feed pages are sent as bytes: feeds.ts).
   */
  storedJson(sql: string, params: readonly SqlValue[] = []): StoredJsonRows {
    return readStoredJson(this.SQL, this.db, sql, params)
  }

  get<T = Row>(sql: string, params: BindParams = []): T | undefined {
    const statement = this.prepare(sql)
    try {
      statement.bind(params)
      return statement.step() ? (statement.getAsObject() as T) : undefined
    } finally {
      statement.reset()
    }
  }

  /** Runs `work` in a transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work()
    this.db.exec('BEGIN')
    this.depth++
    this.pending = this.journaling ? [] : null
    try {
      const result = work()
      this.db.exec('COMMIT')
      if (this.pending && this.pending.length > 0) this.commit(this.pending)
      return result
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    } finally {
      this.pending = null
      this.depth--
    }
  }

  /** A copy of the database file. sql.js frees prepared statements here; they are re-prepared lazily. */
  export(): Uint8Array {
    this.freeStatements()
    return this.db.export()
  }

  close(): void {
    this.freeStatements()
    this.db.close()
  }

  private freeStatements(): void {
    for (const statement of this.statements.values()) statement.free()
    this.statements.clear()
  }
}
