/**
 * `startSandbox`: the sandbox gateway as a library (tests, bench, the desktop app, the CLI): the
 * sandbox engine behind the PortalBackend port (backends/sandbox/portal.ts), served by
 * `buildGateway` with the sandbox's operator plugin. The database lives in memory (`dataFile`
 * undefined) or in a file, saved durably before any answer that depends on a change (a journal
 * with group commit and snapshots, backends/sandbox/store.ts); temporary files a crash left are
 * removed at start. A new
 * database is seeded deterministically from (seed, products, the hour of the clock); seeded images
 * are cached in memory and in the OS temp folder (keyed by a hash of the backend's source) so test
 * files do not each replay six months.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FaultSettings } from '../shared/api'
import { removeStaleTemporaryFiles, writeFileAtomic } from '../node/atomicFile'
import { buildGateway, type Gateway } from './app'
import { SandboxDatabase } from './backends/sandbox/database'
import { createSandboxBackend, type SandboxEngine } from './backends/sandbox/index'
import { sandboxPlugin } from './backends/sandbox/operator/index'
import type { Autopilot } from './backends/sandbox/operator/autopilot'
import { createSandboxPortal, type SandboxPortal } from './backends/sandbox/portal'
import { migrate } from './backends/sandbox/schema'
import { createSeededDatabase } from './backends/sandbox/seed/index'
import { createSandboxStore } from './backends/sandbox/store'

export interface SandboxOptions {
  host?: string
  port?: number
  /** undefined = in memory. */
  dataFile?: string
  products?: number
  seed?: number
  /** Re-seed even if `dataFile` exists. */
  reset?: boolean
  /** Secret of the operator routes (header X-Operator-Token); default `sandbox-operator`. */
  operatorToken?: string
  /** Group-commit window of durable saves, ms (default 2). */
  groupCommitMs?: number
  faults?: FaultSettings
  clock?: () => number
  autopilot?: { intervalMs: number } | false
  logger?: boolean
}

export interface RunningSandbox {
  url: string
  port: number
  operatorToken: string
  /** The PortalBackend the gateway serves. */
  backend: SandboxPortal
  /** The synchronous engine under it (tests: checksums, direct reads). */
  engine: SandboxEngine
  app: Gateway
  autopilot: Autopilot
  close(): Promise<void>
}

const HOUR = 3_600_000
const memoryImages = new Map<string, Uint8Array>()

/** Hash of the sandbox backend and shared rules source, or null when not running from source. */
async function sourceVersion(): Promise<string | null> {
  try {
    const here = dirname(fileURLToPath(import.meta.url))
    const folders = [
      join(here, 'backends', 'sandbox'),
      join(here, 'backends', 'sandbox', 'seed'),
      join(here, '..', 'shared', 'domain'),
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

async function seededImage(seed: number, products: number, anchor: number): Promise<Uint8Array> {
  const key = `${seed}-${products}-${anchor}`
  const cached = memoryImages.get(key)
  if (cached) return cached
  const version = await sourceVersion()
  const cacheFile = version
    ? join(tmpdir(), 'dealerdesk-sandbox-cache', `${key}-${version}.sqlite`)
    : null
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
  if (options.dataFile) await removeStaleTemporaryFiles(options.dataFile)
  const fromFile = options.dataFile && !options.reset && existsSync(options.dataFile)
  const image = fromFile
    ? new Uint8Array(await readFile(options.dataFile as string))
    : await seededImage(seed, products, Math.floor(clock() / HOUR) * HOUR)
  const db = await SandboxDatabase.open(image)
  migrate(db)
  const store = createSandboxStore(db, {
    file: options.dataFile,
    groupWindowMs: options.groupCommitMs,
  })
  if (fromFile) await store.recover()
  else if (options.dataFile) {
    // A new or reset database: an old journal must not be replayed onto it.
    await rm(`${options.dataFile}.journal`, { force: true })
    await store.recover()
  }
  const engine = createSandboxBackend(db, clock)
  engine.onChange(() => store.changed())
  const backend = createSandboxPortal(engine, store)

  const plugin = sandboxPlugin({ sandbox: backend, operatorToken, faults: options.faults, clock })
  const app = buildGateway({ backend, plugins: [plugin], clock, logger: options.logger })
  if (options.autopilot) plugin.autopilot.start(options.autopilot.intervalMs)
  const host = options.host ?? '127.0.0.1'
  const address = await app.listen({ host, port: options.port ?? 0 })
  const port = Number(new URL(address).port)
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    operatorToken,
    backend,
    engine,
    app,
    autopilot: plugin.autopilot,
    async close() {
      await app.close()
      await backend.close()
      db.close()
    },
  }
}
