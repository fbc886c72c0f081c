/**
 * `startSandbox`: the sandbox gateway as a library (tests, bench, the desktop app, the CLI).
 * The database lives in memory (`dataFile` undefined) or in a file, written atomically shortly
 * after each change and on close. A new database is seeded deterministically from (seed,
 * products, the hour of the clock); seeded images are cached in memory and in the OS temp folder
 * (keyed by a hash of the backend's source) so test files do not each replay six months.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FaultSettings } from '../shared/api'
import { buildGateway, type Gateway } from './app'
import { SandboxDatabase, writeFileAtomic } from './backends/sandbox/database'
import { createSandboxBackend, type SandboxBackend } from './backends/sandbox/index'
import { migrate } from './backends/sandbox/schema'
import { createSeededDatabase } from './backends/sandbox/seed/index'

export interface SandboxOptions {
  host?: string
  port?: number
  /** undefined = in memory. */
  dataFile?: string
  products?: number
  seed?: number
  /** Re-seed even if `dataFile` exists. */
  reset?: boolean
  operatorToken?: string
  faults?: FaultSettings
  clock?: () => number
  autopilot?: { intervalMs: number } | false
  logger?: boolean
}

export interface RunningSandbox {
  url: string
  port: number
  operatorToken: string
  backend: SandboxBackend
  app: Gateway
  close(): Promise<void>
}

const HOUR = 3_600_000
const memoryImages = new Map<string, Uint8Array>()

/** Hash of the sandbox backend and shared rules source, or null when not running from source. */
async function sourceVersion(): Promise<string | null> {
  try {
    const here = dirname(fileURLToPath(import.meta.url))
    const folders = [join(here, 'backends', 'sandbox'), join(here, 'backends', 'sandbox', 'seed'), join(here, '..', 'shared', 'domain')]
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

async function seededImage(seed: number, products: number, anchor: number): Promise<Uint8Array> {
  const key = `${seed}-${products}-${anchor}`
  const cached = memoryImages.get(key)
  if (cached) return cached
  const version = await sourceVersion()
  const cacheFile = version ? join(tmpdir(), 'dealerdesk-sandbox-cache', `${key}-${version}.sqlite`) : null
  let image: Uint8Array
  if (cacheFile && existsSync(cacheFile)) {
    image = new Uint8Array(await readFile(cacheFile))
  } else {
    const db = await createSeededDatabase({ seed, products, anchor })
    image = db.export()
    db.close()
    if (cacheFile) {
      await writeFileAtomic(cacheFile, image)
    }
  }
  memoryImages.set(key, image)
  return image
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? Date.now
  const seed = options.seed ?? 1
  const products = options.products ?? 2000
  const operatorToken = options.operatorToken ?? 'sandbox-operator'
  const fromFile = options.dataFile && !options.reset && existsSync(options.dataFile)
  const image = fromFile ? new Uint8Array(await readFile(options.dataFile as string)) : await seededImage(seed, products, Math.floor(clock() / HOUR) * HOUR)
  const db = await SandboxDatabase.open(image)
  migrate(db)
  const backend = createSandboxBackend(db, clock)

  let saving: Promise<void> = Promise.resolve()
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    timer = undefined
    const bytes = db.export()
    saving = saving.then(() => writeFileAtomic(options.dataFile as string, bytes)).catch(() => {})
  }
  if (options.dataFile) {
    if (!fromFile) save()
    backend.onChange(() => {
      timer ??= setTimeout(save, 250)
    })
  }

  const app = buildGateway({ backend, operatorToken, faults: options.faults, clock, logger: options.logger })
  if (options.autopilot) app.autopilot.start(options.autopilot.intervalMs)
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
  const port = Number(new URL(address).port)
  const host = options.host ?? '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    operatorToken,
    backend,
    app,
    async close() {
      await app.close()
      if (options.dataFile) {
        if (timer) clearTimeout(timer)
        save()
        await saving
      }
      db.close()
    },
  }
}
