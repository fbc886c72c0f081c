import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCacheDatabase } from '../../../../electron/services/cache/cacheDatabase'
import { cacheWorkerCounts } from '../../../../electron/services/cache/cacheRpc'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { loadSqlJs, openMemoryDatabase } from '../../../../electron/services/cache/sqlJs'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const cacheFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'dealerdesk-cache-memory-')), 'cache.sqlite')

describe('sql.js database in SQLite memory', () => {
  it('lives in :memory:, rolls back, exports an image and opens it again', async () => {
    const SQL = await loadSqlJs()
    const db = openMemoryDatabase(SQL)
    // The main database has no file: its pages are in SQLite's memory, not in a MEMFS file.
    expect(db.exec('PRAGMA database_list')[0]?.values[0]).toEqual([0, 'main', ''])
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); BEGIN')
    db.run('INSERT INTO t (name) VALUES (?)', ['kept'])
    db.exec('COMMIT; BEGIN')
    db.run('INSERT INTO t (name) VALUES (?)', ['rolled back'])
    db.exec('ROLLBACK')
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)')
    insert.run(['before export'])
    const image = db.export()
    // Exporting (the backup API) leaves prepared statements usable.
    insert.run(['after export'])
    insert.free()
    expect(db.exec('SELECT name FROM t ORDER BY id')[0]?.values.flat()).toEqual([
      'kept',
      'before export',
      'after export',
    ])
    db.close()

    const again = openMemoryDatabase(SQL, image)
    expect(again.exec('SELECT name FROM t ORDER BY id')[0]?.values.flat()).toEqual([
      'kept',
      'before export',
    ])
    expect(again.exec('PRAGMA database_list')[0]?.values[0]).toEqual([0, 'main', ''])
    // Extension functions are registered on the swapped handle as on sql.js's own.
    expect(again.exec("SELECT upper('x'), sqrt(16.0)")[0]?.values[0]).toEqual(['X', 4])
    again.close()
  })

  it('keeps the page size of the image it opens', async () => {
    const SQL = await loadSqlJs()
    const source = new SQL.Database()
    source.exec('PRAGMA page_size = 16384; VACUUM; CREATE TABLE t (x); INSERT INTO t VALUES (1)')
    const db = openMemoryDatabase(SQL, source.export())
    source.close()
    expect(db.exec('PRAGMA page_size')[0]?.values[0]).toEqual([16384])
    expect(db.exec('SELECT x FROM t')[0]?.values).toEqual([[1]])
    expect(db.export().length).toBe(2 * 16384)
    db.close()
  })

  it('refuses an image SQLite cannot read', async () => {
    const SQL = await loadSqlJs()
    const source = new SQL.Database()
    source.exec('CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000))')
    const image = source.export()
    source.close()
    image.fill(0x5a, 100, image.length) // every page after the header is garbage
    expect(() => {
      const db = openMemoryDatabase(SQL, image)
      try {
        db.exec('SELECT count(*) FROM t')
      } finally {
        db.close()
      }
    }).toThrow()
  })
})

// Every open starts a worker thread (and, under test, its TypeScript loader): generous timeouts.
describe('cache database workers', { timeout: 60_000 }, () => {
  it("reuses the worker's prepared statements after a persist", async () => {
    const file = await cacheFile()
    const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
    try {
      const insert = 'INSERT INTO meta (key, value) VALUES (?, ?)'
      const read = 'SELECT value FROM meta WHERE key = ?'
      await db.run(insert, ['a', '1'])
      expect(await db.get(read, ['a'])).toEqual({ value: '1' })
      await db.flush()
      await db.run(insert, ['b', '2'])
      expect(await db.get(read, ['b'])).toEqual({ value: '2' })
      await db.batch([{ sql: insert, params: ['c', '3'] }])
      await db.flush()
      expect(await db.all('SELECT key FROM meta ORDER BY key')).toEqual([
        { key: 'a' },
        { key: 'b' },
        { key: 'c' },
      ])
      const reopened = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
      expect(await reopened.get(read, ['c'])).toEqual({ value: '3' })
      await reopened.close()
    } finally {
      await db.close()
    }
  })

  it('lets the exported image go once it is written', async () => {
    const file = await cacheFile()
    const db = await openCacheDatabase({ file, migrations: CACHE_MIGRATIONS })
    try {
      await db.exec(`CREATE TABLE big (body BLOB);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
        INSERT INTO big SELECT randomblob(1000000) FROM n`)
      await db.flush()
      const mb = (bytes: number) => bytes / 1024 / 1024
      expect(mb((await db.memory()).databaseBytes)).toBeGreaterThan(23)
      // No collection asked for: the 24 MB image is let go within ~1 s of its write.
      let held = mb((await db.memory()).usage.arrayBuffers)
      for (let waited = 0; held >= 12 && waited < 5000; waited += 100) {
        await sleep(100)
        held = mb((await db.memory()).usage.arrayBuffers)
      }
      expect(held).toBeLessThan(12)
    } finally {
      await db.close()
    }
  })

  it('reads rows with their current column names after a schema change', async () => {
    const db = await openCacheDatabase({ file: await cacheFile(), migrations: CACHE_MIGRATIONS })
    try {
      await db.exec('CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 2)')
      const select = 'SELECT * FROM t'
      expect(await db.all(select)).toEqual([{ a: 1, b: '2' }])
      expect(await db.get(select)).toEqual({ a: 1, b: '2' })
      await db.exec('ALTER TABLE t RENAME COLUMN a TO c')
      expect(await db.all(select)).toEqual([{ c: 1, b: '2' }])
      await db.run('ALTER TABLE t RENAME COLUMN b TO d')
      expect(await db.get(select)).toEqual({ c: 1, d: '2' })
      await db.run('ALTER TABLE t ADD COLUMN e INTEGER DEFAULT 5')
      expect(await db.all(select)).toEqual([{ c: 1, d: '2', e: 5 }])
    } finally {
      await db.close()
    }
  })

  it('keeps no spare worker while a cache is open, and warms one once it closes', async () => {
    const first = await openCacheDatabase({ file: await cacheFile(), migrations: CACHE_MIGRATIONS })
    await sleep(300)
    expect(cacheWorkerCounts()).toEqual({ inUse: 1, spare: 0 })
    await first.close()
    expect(cacheWorkerCounts().inUse).toBe(0)
    for (let waited = 0; cacheWorkerCounts().spare === 0 && waited < 5000; waited += 50)
      await sleep(50)
    expect(cacheWorkerCounts()).toEqual({ inUse: 0, spare: 1 })
    // The next open takes the spare and no other is started while it is open.
    const second = await openCacheDatabase({
      file: await cacheFile(),
      migrations: CACHE_MIGRATIONS,
    })
    await sleep(300)
    expect(cacheWorkerCounts()).toEqual({ inUse: 1, spare: 0 })
    await second.close()
  })
})
