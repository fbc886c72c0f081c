/**
 * Helpers for integration tests of the client services against the real sandbox gateway on a
 * loopback port: a signed-in upstream client (fast retries) and cache databases in temp folders.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FaultSettings } from '../../shared/api'
import {
  createUpstreamClient,
  type TokenSource,
  type UpstreamClient,
} from '../../electron/services/upstream/upstreamClient'
import { openCacheDatabase, type CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../electron/services/cache/cacheSchema'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../server/sandbox'
import {
  createOutbox,
  type Outbox,
  type OutboxItem,
  type SendOutcome,
} from '../../electron/services/outbox/outbox'
import { createOutboxSender } from '../../electron/services/outbox/outboxSender'
import {
  createSyncEngine,
  type SyncEngine,
  type SyncEngineDependencies,
} from '../../electron/services/sync/syncEngine'
import type { Role } from '../../shared/api'
import { createFileSecretStore } from '../../electron/services/session/secretStore'
import {
  createSessionService,
  type SessionService,
} from '../../electron/services/session/sessionService'

export const FAST_RETRIES = { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 40 }
export const quietLogger = { warn: () => undefined }
/** The sandbox's 503s carry Retry-After: 1; honoured for real, but shortened in tests. */
export const shortSleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)))
export const FAST_CLIENT = { policy: FAST_RETRIES, logger: quietLogger, sleep: shortSleep }

/**
 * An upstream client signed in as `account`, renewing its token by signing in again. `sleep`
 * replaces the wait between retries (to count them).
 */
export async function signedInClient(
  url: string,
  account: string,
  sleep = shortSleep,
): Promise<UpstreamClient> {
  let accessToken: string | null = null
  const signIn = createUpstreamClient({ baseUrl: url, ...FAST_CLIENT })
  const tokens: TokenSource = {
    accessToken: () => accessToken,
    refresh: async () => {
      // Login is not retried by the client (no idempotency key), so retry it here under faults.
      for (let attempt = 0; ; attempt++) {
        try {
          accessToken = (await signIn.call('login', { body: { account, password: 'Demo@2026' } }))
            .accessToken
          return accessToken
        } catch (error) {
          if (attempt > 20) throw error
        }
      }
    },
  }
  await tokens.refresh()
  return createUpstreamClient({ baseUrl: url, tokens, ...FAST_CLIENT, sleep })
}

/** A session service for the gateway at `url` (fast retries), keeping its files in `dataDirectory`. */
export function sandboxSession(url: string, dataDirectory: string): SessionService {
  return createSessionService({
    dataDirectory,
    secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
    resolveServer: async () => ({ key: url, url }),
    createClient: (baseUrl, tokens) => createUpstreamClient({ baseUrl, tokens, ...FAST_CLIENT }),
  })
}

type OutboxSend = (item: Readonly<OutboxItem>) => Promise<SendOutcome>

/** The app's pieces for one signed-in user of a dealer, over a sandbox of its own. */
export interface DealerFixture {
  sandbox: RunningSandbox
  /** The temp folder of the session's files and the outbox file. */
  dataDirectory: string
  session: SessionService
  db: CacheDatabase
  engine: SyncEngine
  outbox: Outbox
  /** Sends what the outbox holds, then syncs when anything was sent (the app's send-then-sync). */
  sendAndSync(): Promise<void>
  /** Closes the outbox and the sandbox. */
  close(): Promise<void>
}

/**
 * Starts a sandbox gateway on a loopback port and signs `account` in to it (a session keeping its
 * files in a temp folder), with a cache in a temp folder synced for `dealerId` by a sync engine,
 * and an outbox sending through the session (no automatic retry, 1 ms backoff). `send` wraps the
 * sender (e.g. absorbingResults into the engine); `engine` adds sync engine hooks; the first sync
 * runs (and must succeed) unless `sync` is false.
 */
export async function dealerFixture(options: {
  name: string
  sandbox: SandboxOptions
  account: string
  dealerId: string
  roles: readonly Role[]
  send?: (send: OutboxSend, engine: SyncEngine) => OutboxSend
  engine?: Partial<Omit<SyncEngineDependencies, 'db' | 'dealerId' | 'roles' | 'client'>>
  sync?: boolean
}): Promise<DealerFixture> {
  const sandbox = await startSandbox(options.sandbox)
  const dataDirectory = await mkdtemp(join(tmpdir(), `dealerdesk-${options.name}-`))
  const session = sandboxSession(sandbox.url, dataDirectory)
  await session.login({
    server: { kind: 'url', url: sandbox.url },
    account: options.account,
    password: 'Demo@2026',
    remember: false,
  })
  const db = await temporaryCache(options.name)
  const engine = createSyncEngine({
    ...options.engine,
    db,
    dealerId: options.dealerId,
    roles: options.roles,
    client: () => session.client(),
  })
  const sender = createOutboxSender(session)
  const outbox = createOutbox({
    file: join(dataDirectory, 'outbox.json'),
    send: options.send ? options.send(sender, engine) : sender,
    backoff: () => 1,
    autoRetry: false,
  })
  if (options.sync !== false) {
    const { lastError } = await engine.sync()
    if (lastError) throw new Error(`the first sync failed: ${JSON.stringify(lastError)}`)
  }
  return {
    sandbox,
    dataDirectory,
    session,
    db,
    engine,
    outbox,
    sendAndSync: async () => {
      const report = await outbox.process()
      if (report.sent > 0) await engine.sync()
    },
    close: async () => {
      await outbox.close()
      await sandbox.close()
    },
  }
}

export async function temporaryCache(name: string): Promise<CacheDatabase> {
  const directory = await mkdtemp(join(tmpdir(), `dealerdesk-${name}-`))
  return openCacheDatabase({ file: join(directory, 'cache.sqlite'), migrations: CACHE_MIGRATIONS })
}

/** The sandbox merges fault settings, so turning faults off means setting every one to 0. */
export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  errorRate: 0,
  resetRate: 0,
  truncateRate: 0,
  rateLimitPerSecond: 0,
}

export async function setFaults(sandbox: RunningSandbox, faults: FaultSettings): Promise<void> {
  const response = await fetch(`${sandbox.url}/sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-operator-token': sandbox.operatorToken },
    body: JSON.stringify(faults),
  })
  if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`)
}

export async function operator(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body: unknown = {},
): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-operator-token': sandbox.operatorToken },
    body: method === 'GET' ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`operator ${method} ${path}: ${response.status} ${text}`)
  return text ? JSON.parse(text) : null
}

const TABLES = [
  'products',
  'price_lists',
  'price_items',
  'orders',
  'deliveries',
  'returns',
  'invoice_requests',
  'transactions',
  'balances',
] as const

/** Per table: row count and a checksum over (id, record) in id order. */
type Fingerprint = { count: number; checksum: string }

export async function cacheFingerprint(
  db: CacheDatabase,
): Promise<Record<(typeof TABLES)[number], Fingerprint>> {
  const result = {} as Record<(typeof TABLES)[number], Fingerprint>
  for (const table of TABLES) {
    const rows = await db.all<{ id: string; record: string }>(
      `SELECT id, record FROM ${table} ORDER BY id`,
    )
    let hash = 0
    for (const row of rows) {
      const text =
        table === 'balances'
          ? row.record.replace(/"asOf":\d+,?/, '')
          : `${row.id}\u0000${row.record}`
      for (let index = 0; index < text.length; index++)
        hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0
    }
    result[table] = { count: rows.length, checksum: (hash >>> 0).toString(16) }
  }
  return result
}
