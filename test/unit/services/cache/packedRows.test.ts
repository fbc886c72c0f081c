import type { Database, SqlJsStatic, SqlValue } from 'sql.js'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  isPackedRows,
  PACKED_INT,
  PACKED_NULL,
  PACKED_REAL,
  packedBuffers,
  packRows,
} from '../../../../electron/services/cache/packedRows'
import {
  loadSqlJs,
  openMemoryDatabase,
  runPackedRows,
} from '../../../../electron/services/cache/sqlJs'

let SQL: SqlJsStatic
const opened: Database[] = []
beforeAll(async () => {
  SQL = await loadSqlJs()
})
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function table(): Database {
  const db = openMemoryDatabase(SQL)
  opened.push(db)
  db.exec(
    `CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT COLLATE NOCASE, n INTEGER, x REAL, flag INTEGER, record TEXT, stamp INTEGER)`,
  )
  return db
}

const INSERT = 'INSERT INTO t (id, name, n, x, flag, record) VALUES (?, ?, ?, ?, ?, ?)'
const ROWS =
  'SELECT id, name, typeof(name) AS nt, n, typeof(n) AS tn, x, typeof(x) AS tx, flag, record FROM t ORDER BY id'

/** What sql.js's own binding stores for the same rows (one run per row). */
function boundBySqlJs(rows: unknown[][]): unknown[] {
  const db = table()
  for (const row of rows)
    db.run(
      INSERT,
      row.map((value) =>
        value === undefined || (typeof value === 'number' && !Number.isFinite(value))
          ? null
          : typeof value === 'boolean'
            ? Number(value)
            : value !== null && typeof value === 'object'
              ? JSON.stringify(value)
              : value,
      ) as SqlValue[],
    )
  return db.exec(ROWS)[0]!.values
}

describe('packed rows', () => {
  const rows: unknown[][] = [
    ['a', '螺丝 M8×30 "圆头"\n', 1, 1.5, true, { unitZh: '个', tiers: [{ minQuantity: 10 }] }],
    ['b', '', -2_147_483_648, 0, false, null],
    ['c', 'emoji 🔩 and U+FFFD \ufffd', 1_700_000_000_000, -0.25, undefined, []],
    ['d', null, Number.NaN, Number.POSITIVE_INFINITY, 0, 'plain text'],
    ['e', 'x'.repeat(100_000), 2 ** 31, 1e300, 1, { nested: { deep: ['🔩', null, 1.5] } }],
  ]

  it('stores the same values, of the same SQLite types, as sql.js binding them one by one', () => {
    const db = table()
    const changed = runPackedRows(SQL, db, INSERT, packRows(rows, 6))
    expect(changed).toBe(rows.length)
    expect(db.exec(ROWS)[0]!.values).toEqual(boundBySqlJs(rows))
    const [first, , third] = db.exec(ROWS)[0]!.values
    expect(first).toEqual([
      'a',
      '螺丝 M8×30 "圆头"\n',
      'text',
      1,
      'integer',
      1.5,
      'real',
      1,
      '{"unitZh":"个","tiers":[{"minQuantity":10}]}',
    ])
    // A lone surrogate is stored as U+FFFD, as TextEncoder writes it (sql.js writes invalid bytes).
    runPackedRows(SQL, db, INSERT, packRows([['f', 'lone \ud800', 0, 0, 0, null]], 6))
    expect(db.exec("SELECT name FROM t WHERE id = 'f'")[0]!.values).toEqual([['lone \ufffd']])
    // A timestamp beyond 32 bits goes as REAL and is stored as INTEGER by the column's affinity.
    expect(third?.slice(3, 5)).toEqual([1_700_000_000_000, 'integer'])
  })

  it('packs cells by kind: text as UTF-8 bytes with their offset, numbers in place', () => {
    const packed = packRows([['é🔩', 7, 0.5, null]], 4)
    expect(Array.from(packed.sizes)).toEqual([6, PACKED_INT, PACKED_REAL, PACKED_NULL])
    expect(Array.from(packed.values)).toEqual([0, 7, 0.5, 0])
    expect(new TextDecoder().decode(packed.bytes)).toBe('é🔩')
    expect(isPackedRows(packed)).toBe(true)
    expect(isPackedRows({ ...packed, count: 2 })).toBe(false)
    expect(packedBuffers(packed)).toHaveLength(3)
    expect(() => packRows([['a', 'b']], 3)).toThrow(RangeError)
  })

  it('binds the trailing values after each row’s, and counts the rows an upsert changed', () => {
    const db = table()
    const upsert =
      'INSERT INTO t (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n, stamp = ?, name = ?'
    expect(runPackedRows(SQL, db, upsert, packRows([['a', 1]], 2), [5, 'first'])).toBe(1)
    const many = Array.from({ length: 2_000 }, (_, index) => [`k${index}`, index])
    expect(runPackedRows(SQL, db, upsert, packRows([['a', 2], ...many], 2), [9, '第二'])).toBe(
      2_001,
    )
    expect(db.exec("SELECT n, stamp, name FROM t WHERE id = 'a'")[0]!.values).toEqual([
      [2, 9, '第二'],
    ])
    expect(db.exec('SELECT count(*), sum(n) FROM t')[0]!.values).toEqual([[2_001, 2 + 1_999_000]])
  })

  it('throws SQLite’s message at the first row it cannot store, leaving the rows before it', () => {
    const db = table()
    db.exec('CREATE TABLE strict_t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)')
    const packed = packRows(
      [
        ['a', 1],
        ['b', null],
        ['c', 3],
      ],
      2,
    )
    expect(() =>
      runPackedRows(SQL, db, 'INSERT INTO strict_t (id, n) VALUES (?, ?)', packed),
    ).toThrow(/row 1.*NOT NULL constraint failed: strict_t\.n/)
    expect(db.exec('SELECT id FROM strict_t')[0]!.values).toEqual([['a']])
    // The statement was finalized: the database closes cleanly and takes more work.
    expect(
      runPackedRows(SQL, db, 'INSERT INTO strict_t (id, n) VALUES (?, ?)', packRows([['z', 0]], 2)),
    ).toBe(1)
  })

  it('refuses SQL that does not prepare, with SQLite’s message', () => {
    const db = table()
    expect(() =>
      runPackedRows(SQL, db, 'INSERT INTO nowhere VALUES (?)', packRows([[1]], 1)),
    ).toThrow(/prepare.*no such table: nowhere/)
  })
})
