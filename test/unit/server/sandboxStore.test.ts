import { appendFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SandboxDatabase } from '../../../server/backends/sandbox/database'
import { migrate } from '../../../server/backends/sandbox/schema'
import { createSandboxStore } from '../../../server/backends/sandbox/store'

/** Opens the database file as a restart would (no close of the previous one: a crash). */
async function reopen(file: string) {
  const db = await SandboxDatabase.open(new Uint8Array(await readFile(file)))
  migrate(db)
  const store = createSandboxStore(db, { file })
  await store.recover()
  return { db, store }
}

const value = (db: SandboxDatabase, key: string) =>
  db.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [key])?.value

async function started() {
  const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-store-')), 'sandbox.sqlite')
  const db = await SandboxDatabase.open()
  migrate(db)
  const store = createSandboxStore(db, { file })
  await store.recover()
  return { file, db, store }
}

const put = (db: SandboxDatabase, key: string, text: string) =>
  db.run(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, text],
  )

describe('sandbox store (snapshot + journal, group commit)', () => {
  it('makes flushed transactions survive a crash, shares one append between concurrent flushes, and leaves rolled-back work out', async () => {
    const { file, db, store } = await started()
    put(db, 'a', '1')
    db.transaction(() => {
      put(db, 'b', '2')
      put(db, 'c', '3')
    })
    expect(() =>
      db.transaction(() => {
        put(db, 'd', 'rolled back')
        throw new Error('refused')
      }),
    ).toThrow('refused')
    const appendsBefore = store.stats.appends
    await Promise.all([store.flush(), store.flush(), store.flush()])
    expect(store.stats.appends - appendsBefore).toBe(1)
    const after = await reopen(file)
    expect([
      value(after.db, 'a'),
      value(after.db, 'b'),
      value(after.db, 'c'),
      value(after.db, 'd'),
    ]).toEqual(['1', '2', '3', undefined])
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600)
      expect((await stat(`${file}.journal`)).mode & 0o777).toBe(0o600)
    }
    await after.store.close()
  })

  it('ignores a torn last journal line, and a journal of another generation', async () => {
    const { file, db, store } = await started()
    put(db, 'kept', 'yes')
    await store.flush()
    await appendFile(
      `${file}.journal`,
      '[["INSERT INTO meta (key, value) VALUES (?, ?)",["torn","x"',
    )
    const first = await reopen(file)
    expect([value(first.db, 'kept'), value(first.db, 'torn')]).toEqual(['yes', undefined])
    // A journal left from before the snapshot now on disk (a crash between the two writes).
    await writeFile(
      `${file}.journal`,
      '{"generation":1}\n[["INSERT INTO meta (key, value) VALUES (?, ?)",["stale","x"]]]\n',
    )
    const second = await reopen(file)
    expect(value(second.db, 'stale')).toBeUndefined()
    await second.store.close()
  })

  it('snapshots when the journal grows, without losing what was committed meanwhile', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'dealerdesk-store-')), 'sandbox.sqlite')
    const db = await SandboxDatabase.open()
    migrate(db)
    const store = createSandboxStore(db, { file, snapshotBytes: 2_000 })
    await store.recover()
    const snapshots = store.stats.snapshots
    for (let round = 0; round < 40; round++) {
      put(db, `key${round}`, 'x'.repeat(100))
      await store.flush()
    }
    expect(store.stats.snapshots).toBeGreaterThan(snapshots)
    const after = await reopen(file)
    expect(
      after.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM meta WHERE key LIKE 'key%'")?.n,
    ).toBe(40)
    await after.store.close()
  })
})
