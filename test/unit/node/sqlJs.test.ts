import type { Database, SqlJsStatic } from 'sql.js'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadSqlJs, readStoredJson, sqlJsHeapBytes, withStatement } from '../../../node/sqlJs'

let SQL: SqlJsStatic
const opened: Database[] = []
beforeAll(async () => {
  SQL = await loadSqlJs()
})
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

function database(): Database {
  const db = new SQL.Database()
  opened.push(db)
  db.exec(`CREATE TABLE docs (id TEXT PRIMARY KEY, modified_at INTEGER, json TEXT);
    INSERT INTO docs VALUES
      ('a', 1700000000001, '{"name":"螺丝 M8×30","emoji":"🔩","quote":"\\"q\\""}'),
      ('b', 2, NULL),
      ('c', 3, ''),
      ('d', 4, 42),
      ('e', 5, '[1,2.5,null]');`)
  return db
}

describe('sql.js, with its memory', () => {
  it('is loaded once per thread, and its memory is known', async () => {
    expect(await loadSqlJs()).toBe(SQL)
    expect(sqlJsHeapBytes()).toBeGreaterThan(0)
  })

  it('reads stored JSON as the exact UTF-8 bytes SQLite holds, the other columns as values', () => {
    const db = database()
    const read = readStoredJson(
      SQL,
      db,
      'SELECT id, modified_at, json FROM docs WHERE id > ? ORDER BY id',
      [''],
    )
    expect(read.rows).toEqual([
      ['a', 1700000000001],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ])
    const texts = read.ends.map((end, index) =>
      read.bytes.subarray(index === 0 ? 0 : read.ends[index - 1], end).toString('utf8'),
    )
    // What sql.js reads for each row (NULL is written as JSON null).
    const expected = db
      .exec('SELECT json FROM docs ORDER BY id')[0]!
      .values.map(([json]) => (json === null ? 'null' : String(json)))
    expect(texts).toEqual(expected)
    expect(JSON.parse(texts[0]!)).toEqual({ name: '螺丝 M8×30', emoji: '🔩', quote: '"q"' })
  })

  it('reads many rows (the buffer grows) and binds text, integer, real and null parameters', () => {
    const db = database()
    db.exec('CREATE TABLE big (n INTEGER, json TEXT)')
    const insert = db.prepare('INSERT INTO big VALUES (?, ?)')
    for (let n = 0; n < 3_000; n++)
      insert.run([n, JSON.stringify({ n, text: '价'.repeat(n % 50) })])
    insert.free()
    const read = readStoredJson(
      SQL,
      db,
      'SELECT n, json FROM big WHERE n >= ? AND n < ? + 2.5 * 1000 AND ? IS NULL AND ? = ? ORDER BY n',
      [100, 100, null, 'x', 'x'],
    )
    expect(read.rows).toHaveLength(2_500)
    expect(read.rows.at(-1)).toEqual([2_599])
    const last = read.bytes.subarray(read.ends.at(-2), read.ends.at(-1)).toString('utf8')
    expect(JSON.parse(last)).toEqual({ n: 2_599, text: '价'.repeat(2_599 % 50) })
  })

  it('reports SQLite’s error, and finalizes the statement when the work throws', () => {
    const db = database()
    expect(() => readStoredJson(SQL, db, 'SELECT id FROM nowhere', [])).toThrow(
      /prepare.*no such table: nowhere/,
    )
    expect(() =>
      withStatement(SQL, db, 'SELECT 1', [], () => {
        throw new Error('work failed')
      }),
    ).toThrow('work failed')
    // Every statement was finalized: the database closes cleanly.
    expect(() => db.close()).not.toThrow()
    opened.pop()
  })
})
