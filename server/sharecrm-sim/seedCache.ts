/**
 * A seeded simulator store, cached: replaying the sandbox's six months of history and converting
 * them takes ~20 s at 100k products, loading the converted records ~3 s. The cache lives in the OS
 * temp folder, keyed by (seed, products, anchor hour) and a hash of the source that produces the
 * data (this folder, the sandbox backend and seed, shared/domain), so a code change re-seeds. Older
 * files of the same (seed, products) are removed when a new one is written.
 *
 * Public API (stable): `seededSimStore({ seed, products, anchor? }, clock?)` →
 * `{ store, selectOptions }`.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedSimStore, type SeedSpec, type SelectOptions } from './seed'
import { SimStore } from './store'

const HOUR = 3_600_000
const CACHE_FOLDER = join(tmpdir(), 'dealerdesk-sharecrm-sim-cache')

async function sourceVersion(): Promise<string | null> {
  try {
    const here = dirname(fileURLToPath(import.meta.url))
    const folders = [
      here,
      join(here, '../backends/sandbox'),
      join(here, '../backends/sandbox/seed'),
      join(here, '../../shared/domain'),
    ]
    const hash = createHash('sha256')
    for (const folder of folders) {
      for (const file of (await readdir(folder)).filter((name) => name.endsWith('.ts')).sort()) {
        hash.update(file).update(await readFile(join(folder, file)))
      }
    }
    return hash.digest('hex').slice(0, 16)
  } catch {
    return null
  }
}

export async function seededSimStore(
  spec: SeedSpec,
  clock: () => number = Date.now,
): Promise<{ store: SimStore; selectOptions: SelectOptions }> {
  const anchor = spec.anchor ?? Math.floor(clock() / HOUR) * HOUR
  const version = await sourceVersion()
  const prefix = `${spec.seed}-${spec.products}-`
  const file = version ? join(CACHE_FOLDER, `${prefix}${anchor}-${version}.json`) : null
  if (file && existsSync(file)) {
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as {
        store: object
        selectOptions: SelectOptions
      }
      return { store: SimStore.fromJson(saved.store, clock), selectOptions: saved.selectOptions }
    } catch {
      // unreadable (a concurrent writer, a full disk): seed afresh
    }
  }
  const store = new SimStore(clock)
  const selectOptions = await seedSimStore(store, { ...spec, anchor })
  if (file) {
    try {
      await mkdir(CACHE_FOLDER, { recursive: true })
      for (const old of await readdir(CACHE_FOLDER)) {
        if (old.startsWith(prefix) && join(CACHE_FOLDER, old) !== file)
          await rm(join(CACHE_FOLDER, old), { force: true })
      }
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`
      await writeFile(
        temporary,
        `{"selectOptions":${JSON.stringify(selectOptions)},"store":${store.toJson()}}`,
      )
      await rename(temporary, file)
    } catch {
      // the cache is an optimisation only
    }
  }
  return { store, selectOptions }
}
