import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  cacheFileName,
  cacheFilePath,
  openCacheDatabase,
  type CacheCorruption,
  type CacheDatabaseOptions,
} from '../../../../electron/services/cache/cacheDatabase'
import {
  CACHE_MIGRATIONS,
  type CacheMigration,
} from '../../../../electron/services/cache/cacheSchema'
import { checksumFile, imageChecksum } from '../../../../electron/services/cache/cacheFiles'
import { resolveSqlJsWasm } from '../../../../electron/services/cache/sqlJs'

const directory = () => mkdtemp(join(tmpdir(), 'dealerdesk-cache-'))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function cacheFile(): Promise<string> {
  return join(await directory(), 'cache', 'cache-test.sqlite')
}

function open(file: string, extra: Partial<CacheDatabaseOptions> = {}) {
  return openCacheDatabase({ file, migrations: CACHE_MIGRATIONS, ...extra })
}

describe('cache file names', () => {
  it('are stable per (server, dealer), filesystem-safe and distinct', () => {
    const name = cacheFileName('https://portal.example.com/api/', 'D-001')
    expect(name).toMatch(/^cache-[0-9a-f]{12}-D-001\.sqlite$/)
    expect(cacheFileName('https://PORTAL.example.com/api', 'D-001')).toBe(name)
    expect(cacheFileName('https://other.example.com/api', 'D-001')).not.toBe(name)
    const odd = cacheFileName('https://portal.example.com/api', '../経销商 1')
    expect(odd).toMatch(/^cache-[0-9a-f]{12}-[A-Za-z0-9_~-]+\.sqlite$/)
    expect(cacheFileName('https://portal.example.com/api', 'a/b')).not.toBe(
      cacheFileName('https://portal.example.com/api', 'a_b'),
    )
    expect(cacheFilePath('/data', 'sandbox', 'D1')).toBe(
      join('/data', 'cache', cacheFileName('sandbox', 'D1')),
    )
  })

  it('finds the sql.js wasm next to the package', async () => {
    expect((await stat(resolveSqlJsWasm())).size).toBeGreaterThan(100_000)
  })
})

// Every open starts a worker thread (and, under test, its TypeScript loader): generous timeouts.
describe('cache database', { timeout: 30_000 }, () => {
  it('creates the schema on first open, persists it, and reports a schema change', async () => {
    const file = await cacheFile()
    const db = await open(file)
    expect(db.schemaVersion).toBe(CACHE_MIGRATIONS.length)
    expect(db.schemaChanged).toBe(true)
    expect(db.isDirty()).toBe(false)
    expect((await stat(file)).size).toBeGreaterThan(0)
    const tables = (
      await db.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      )
    ).map((row) => row.name)
    expect(tables).toEqual(
      expect.arrayContaining([
        'products',
        'price_items',
        'orders',
        'sync_cursors',
        'meta',
        'cart_lines',
        'print_log',
      ]),
    )
    await db.close()
  })

  it('runs migrations once and keeps data across reopening', async () => {
    const file = await cacheFile()
    let runs = 0
    const migrations: CacheMigration[] = [
      ...CACHE_MIGRATIONS,
      {
        version: CACHE_MIGRATIONS.length + 1,
        description: 'counted',
        up: async (sql) => {
          runs++
          await sql.exec('CREATE TABLE extra (x)')
        },
      },
    ]
    const first = await open(file, { migrations })
    await first.run("INSERT INTO meta (key, value) VALUES ('dealer', '华东经销商')")
    await first.close()
    const second = await open(file, { migrations })
    expect(runs).toBe(1)
    expect(second.schemaChanged).toBe(false)
    expect(await second.get("SELECT value FROM meta WHERE key = 'dealer'")).toEqual({
      value: '华东经销商',
    })
    await second.close()
  })

  it('migrates an older file, and asks for a resync only when a migration requires it', async () => {
    const file = await cacheFile()
    await (await open(file)).close()
    const plain: CacheMigration = {
      version: CACHE_MIGRATIONS.length + 1,
      description: 'index',
      up: (sql) => sql.exec('CREATE INDEX meta_value ON meta (value)'),
    }
    const upgraded = await open(file, { migrations: [...CACHE_MIGRATIONS, plain] })
    expect([upgraded.schemaVersion, upgraded.schemaChanged]).toEqual([
      CACHE_MIGRATIONS.length + 1,
      false,
    ])
    await upgraded.close()
    const resync: CacheMigration = {
      version: CACHE_MIGRATIONS.length + 2,
      description: 'new column',
      requiresResync: true,
      up: (sql) => sql.exec('ALTER TABLE products ADD COLUMN unit TEXT'),
    }
    const again = await open(file, { migrations: [...CACHE_MIGRATIONS, plain, resync] })
    expect([again.schemaVersion, again.schemaChanged]).toEqual([CACHE_MIGRATIONS.length + 2, true])
    await again.close()
    const reopened = await open(file, { migrations: [...CACHE_MIGRATIONS, plain, resync] })
    expect(reopened.schemaChanged).toBe(false)
    await reopened.close()
  })

  it('coalesces a burst of changes into one debounced write', async () => {
    const file = await cacheFile()
    let writes = 0
    const db = await open(file, { persistDelayMs: 50, onPersisted: () => writes++ })
    writes = 0
    const inode = (await stat(file)).ino
    const changes: Promise<number>[] = []
    for (let index = 0; index < 200; index++) {
      changes.push(
        db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [`k${index}`, String(index)]),
      )
      if (index % 50 === 0) await sleep(5)
    }
    await Promise.all(changes)
    expect(db.isDirty()).toBe(true)
    await sleep(250)
    expect(writes).toBe(1)
    expect(db.isDirty()).toBe(false)
    expect((await stat(file)).ino).not.toBe(inode) // replaced by rename, not rewritten in place
    const reopened = await open(file)
    expect(await reopened.get('SELECT count(*) AS n FROM meta')).toEqual({ n: 200 })
    await Promise.all([db.close(), reopened.close()])
  })

  it('writes at least every maxPersistDelayMs while changes keep coming', async () => {
    const file = await cacheFile()
    let writes = 0
    const db = await open(file, {
      persistDelayMs: 40,
      maxPersistDelayMs: 100,
      onPersisted: () => writes++,
    })
    writes = 0
    for (let index = 0; index < 30; index++) {
      await db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [`k${index}`, 'v'])
      await sleep(15)
    }
    await sleep(120)
    expect(writes).toBeGreaterThanOrEqual(3)
    expect(writes).toBeLessThan(15)
    await db.close()
  })

  it('flush puts the current state on disk before it resolves', async () => {
    const file = await cacheFile()
    const db = await open(file, { persistDelayMs: 60_000 })
    await db.transaction(async () => {
      for (let index = 0; index < 100; index++)
        await db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [`k${index}`, 'v'])
    })
    await db.flush()
    const copy = await open(file)
    expect(await copy.get('SELECT count(*) AS n FROM meta')).toEqual({ n: 100 })
    await Promise.all([db.close(), copy.close()])
  })

  it('a flush when idle exports after the ops sent behind it, and reads that keep coming do not hold it back for good', async () => {
    const file = await cacheFile()
    const db = await open(file, { persistDelayMs: 60_000 })
    const keys = async (...wanted: string[]) => {
      const copy = await open(file)
      const rows = await copy.all<{ key: string }>(
        `SELECT key FROM meta WHERE key IN (${wanted.map(() => '?').join(', ')}) ORDER BY key`,
        wanted,
      )
      await copy.close()
      return rows.map((row) => row.key)
    }
    // The worker is busy with a slow read while the persist and then an insert are sent.
    const slowRead = () =>
      db.get(
        'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) AS n FROM c',
      )
    const sendInsert = async (key: string) => {
      // The persist message is posted by now.
      await new Promise((resolve) => setImmediate(resolve))
      return db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [key, 'v'])
    }
    await db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['before', 'v'])
    let read = slowRead()
    let flushed = db.flush({ whenIdle: true })
    await Promise.all([read, flushed, sendInsert('after')])
    // Sent after the flush: in its image because the export waited for it.
    expect(await keys('after', 'before')).toEqual(['after', 'before'])

    // A plain flush exports in turn: what is sent behind it is not in its image.
    read = slowRead()
    flushed = db.flush()
    await Promise.all([read, flushed, sendInsert('later')])
    expect(await keys('after', 'later')).toEqual(['after'])

    // Reads that never stop do not hold the write back for good.
    let reading = true
    let reads = 0
    const readLoop = (async () => {
      while (reading) {
        await Promise.all([db.get('SELECT 1 AS one'), db.get('SELECT 2 AS two')])
        reads++
      }
    })()
    await db.run('INSERT INTO meta (key, value) VALUES (?, ?)', ['busy', 'v'])
    const started = Date.now()
    await db.flush({ whenIdle: true })
    const waited = Date.now() - started
    reading = false
    await readLoop
    expect(reads).toBeGreaterThan(10)
    expect(waited).toBeLessThan(10_000)
    const third = await open(file)
    expect(await third.get('SELECT value FROM meta WHERE key = ?', ['busy'])).toEqual({
      value: 'v',
    })
    await Promise.all([db.close(), third.close()])
  })

  it('rolls a failed transaction back', async () => {
    const db = await open(await cacheFile())
    await expect(
      db.transaction(async () => {
        await db.run("INSERT INTO meta (key, value) VALUES ('a', '1')")
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.get("SELECT * FROM meta WHERE key = 'a'")).toBeUndefined()
    await db.close()
  })

  it('reports a failed write, keeps the changes and writes them on the next attempt', async () => {
    const root = await directory()
    const file = join(root, 'cache', 'c.sqlite')
    const errors: unknown[] = []
    const db = await open(file, {
      persistDelayMs: 10,
      onPersistError: (error) => errors.push(error),
    })
    // A directory where the temporary file's folder should be: every write fails until it goes.
    const { rm, mkdir } = await import('node:fs/promises')
    await rm(join(root, 'cache'), { recursive: true })
    await writeFile(join(root, 'cache'), 'not a directory')
    await db.run("INSERT INTO meta (key, value) VALUES ('kept', 'yes')")
    await expect(db.flush()).rejects.toThrow()
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(db.isDirty()).toBe(true)
    await rm(join(root, 'cache'))
    await mkdir(join(root, 'cache'))
    await db.run("INSERT INTO meta (key, value) VALUES ('next', 'change')")
    // The debounced write (10 ms) happens by itself; wait for it without a flush.
    for (let waited = 0; db.isDirty() && waited < 5000; waited += 20) await sleep(20)
    expect(db.isDirty()).toBe(false)
    const reopened = await open(file)
    expect(await reopened.all('SELECT key FROM meta ORDER BY key')).toEqual([
      { key: 'kept' },
      { key: 'next' },
    ])
    await Promise.all([db.close(), reopened.close()])
  })

  it('removes temporary files left by an interrupted write', async () => {
    const file = await cacheFile()
    await (await open(file)).close()
    const stale = join(file, '..', `.cache-test.sqlite.0123456789ab.tmp`)
    await writeFile(stale, 'half a database')
    await writeFile(join(file, '..', `.cache-test.sqlite.crc32.0123456789ab.tmp`), 'crc32')
    await (await open(file)).close()
    expect((await readdir(join(file, '..'))).sort()).toEqual([
      'cache-test.sqlite',
      'cache-test.sqlite.crc32',
    ])
  })
})

describe('corrupt cache files', { timeout: 30_000 }, () => {
  async function expectRebuilt(
    file: string,
    original: Buffer,
    expectedReason?: CacheCorruption['reason'],
  ) {
    const reports: CacheCorruption[] = []
    const db = await open(file, { onCorrupt: (corruption) => reports.push(corruption) })
    expect(reports).toHaveLength(1)
    const [report] = reports
    if (expectedReason) expect(report!.reason).toBe(expectedReason)
    expect(report!.asidePath).toMatch(/cache-test\.sqlite\.corrupt-\d+$/)
    expect(await readFile(report!.asidePath)).toEqual(original) // kept, untouched
    expect(db.schemaChanged).toBe(true)
    expect(await db.get('SELECT count(*) AS n FROM products')).toEqual({ n: 0 })
    await db.close()
    // The fresh database is on disk and opens cleanly.
    const again = await open(file, { onCorrupt: () => expect.fail('rebuilt twice') })
    expect(again.schemaChanged).toBe(false)
    await again.close()
  }

  async function validImage(file: string): Promise<Buffer> {
    const db = await open(file)
    await db.batch(
      Array.from({ length: 2000 }, (_, index) => ({
        sql: 'INSERT INTO meta (key, value) VALUES (?, ?)',
        params: [`key-${index}`, 'x'.repeat(200)],
      })),
    )
    await db.close()
    return readFile(file)
  }

  it('moves random bytes aside and starts fresh', async () => {
    const file = await cacheFile()
    await (await open(file)).close()
    const garbage = Buffer.from(Array.from({ length: 8192 }, () => Math.floor(Math.random() * 256)))
    await writeFile(file, garbage)
    await expectRebuilt(file, garbage, 'unreadable')
  })

  it('moves an empty file aside', async () => {
    const file = await cacheFile()
    await (await open(file)).close()
    await writeFile(file, Buffer.alloc(0))
    await expectRebuilt(file, Buffer.alloc(0), 'unreadable')
  })

  it('moves a truncated database aside (at a page boundary and mid-page)', async () => {
    for (const cut of [0.5, 0.37]) {
      const file = await cacheFile()
      const image = await validImage(file)
      const pageAligned =
        cut === 0.5
          ? Math.floor((image.length * cut) / 4096) * 4096
          : Math.floor(image.length * cut)
      const truncated = image.subarray(0, pageAligned)
      await writeFile(file, truncated)
      await expectRebuilt(file, truncated, 'unreadable')
    }
  })

  it('moves a database failing the integrity check aside', async () => {
    const file = await cacheFile()
    const image = await validImage(file)
    const damaged = Buffer.from(image)
    // Overwrite the middle of the file (b-tree pages) while keeping header and length intact.
    damaged.fill(0xa5, 4096 * 3, 4096 * 3 + 6000)
    await writeFile(file, damaged)
    await expectRebuilt(file, damaged)
  })

  it('opens an image by the checksum written with it, and checks integrity when it does not match', async () => {
    const file = await cacheFile()
    const image = await validImage(file)
    expect(await readFile(checksumFile(file), 'utf8')).toBe(
      imageChecksum(crc32(image), image.length),
    )
    const reopened = await open(file)
    expect(reopened.verifiedBy).toBe('checksum')
    expect(await reopened.get('SELECT count(*) AS n FROM meta')).toEqual({ n: 2000 })
    await reopened.close()

    // No checksum (e.g. written by an older build), or another one (a crash between writing the
    // image and its checksum leaves the previous image's): SQLite's integrity check instead.
    await rm(checksumFile(file))
    const unsummed = await open(file)
    expect(unsummed.verifiedBy).toBe('integrity')
    await unsummed.close() // writes nothing (no change), so still no checksum
    await writeFile(checksumFile(file), imageChecksum(crc32(image) ^ 1, image.length))
    const stale = await open(file)
    expect(stale.verifiedBy).toBe('integrity')
    await stale.close()

    // A damaged image whose checksum file is intact is still caught, by the integrity check.
    await writeFile(checksumFile(file), imageChecksum(crc32(image), image.length))
    const damaged = Buffer.from(image)
    damaged.fill(0xa5, 4096 * 3, 4096 * 3 + 6000)
    await writeFile(file, damaged)
    await expectRebuilt(file, damaged)
    const rebuilt = await open(file)
    expect(rebuilt.verifiedBy).toBe('checksum')
    await rebuilt.close()
  })

  it('moves aside a file whose migration throws', async () => {
    const file = await cacheFile()
    const image = await validImage(file) // 2000 equal values: a unique index on them fails
    const unique: CacheMigration = {
      version: CACHE_MIGRATIONS.length + 1,
      description: 'unique',
      up: (sql) => sql.exec('CREATE UNIQUE INDEX meta_value ON meta (value)'),
    }
    const reports: CacheCorruption[] = []
    const db = await open(file, {
      migrations: [...CACHE_MIGRATIONS, unique],
      onCorrupt: (report) => reports.push(report),
    })
    expect(reports.map((report) => report.reason)).toEqual(['migration'])
    expect(await readFile(reports[0]!.asidePath)).toEqual(image)
    expect([db.schemaVersion, db.schemaChanged]).toEqual([CACHE_MIGRATIONS.length + 1, true])
    await db.close()
  })

  it('surfaces a migration that fails even on a fresh database (a bug), keeping the old file aside', async () => {
    const file = await cacheFile()
    const image = await validImage(file)
    const broken: CacheMigration = {
      version: CACHE_MIGRATIONS.length + 1,
      description: 'fails',
      up: () => {
        throw new Error('cannot migrate')
      },
    }
    await expect(open(file, { migrations: [...CACHE_MIGRATIONS, broken] })).rejects.toThrow(
      'cannot migrate',
    )
    const aside = await asideFiles(file)
    expect(aside).toHaveLength(1)
    expect(await readFile(aside[0]!)).toEqual(image)
  })

  it('moves aside a file written by a newer build', async () => {
    const file = await cacheFile()
    const db = await open(file)
    await db.exec('PRAGMA user_version = 99')
    await db.close()
    const reports: CacheCorruption[] = []
    const fresh = await open(file, { onCorrupt: (report) => reports.push(report) })
    expect(reports.map((report) => report.reason)).toEqual(['newerSchema'])
    expect(fresh.schemaVersion).toBe(CACHE_MIGRATIONS.length)
    await fresh.close()
  })
})

async function asideFiles(file: string): Promise<string[]> {
  const folder = join(file, '..')
  return (await readdir(folder))
    .filter((name) => name.includes('.corrupt-'))
    .map((name) => join(folder, name))
}
