/**
 * The signed-in dealer's workspace: its cache database (one file per server and dealer), the sync
 * engine over it, and when syncs run: on sign-in and dealer switch, every `syncIntervalMs`
 * (default 5 min), on "Sync now", and on reconnect (while offline a short probe interval notices
 * the gateway coming back). Switching dealers flushes and closes the previous cache.
 */
import type { Order } from '../../../shared/api'
import type { Notice, SessionState, SyncFeed, SyncStatus } from '../../../shared/contract'
import type { HomeSummary } from '../../../shared/contract/workspace'
import { cacheFilePath, openCacheDatabase, type CacheDatabase } from '../cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../cache/cacheSchema'
import type { SessionService } from '../session/sessionService'
import {
  createSyncEngine,
  type AbsorbableFeed,
  type OrderStatusTransition,
  type SyncEngine,
} from '../sync/syncEngine'
import { readHomeSummary } from './homeSummary'

export interface WorkspaceDependencies {
  dataDirectory: string
  session: SessionService
  clock?: () => number
  /** Between background syncs (read at each scheduling, so a settings change applies next time). */
  syncIntervalMs?: () => number
  offlineProbeMs?: number
  onSyncProgress?(status: SyncStatus): void
  onDataChanged?(dealerId: string, feeds: SyncFeed[]): void
  /** A sync changed the status of orders already cached (see SyncEngineDependencies). */
  onOrderStatusChanged?(dealerId: string, changes: OrderStatusTransition[]): void
  /** A sync brought orders awaiting the dealer's approval that were not cached before. */
  onOrdersAwaitingApproval?(dealerId: string, orders: Order[]): void
  /** Returns and invoice requests whose status a sync changed (refunded, issued, ...). */
  onDocumentStatusChanged?(
    dealerId: string,
    table: 'returns' | 'invoice_requests',
    changes: OrderStatusTransition[],
  ): void
  onNotice?(notice: Notice): void
  /** After a sync that reached the gateway (the outbox uses it to send what waits). */
  onOnline?(): void
}

export interface WorkspaceService {
  /** Follows the session: opens the dealer's cache and syncs, or closes it on sign-out. */
  activate(state: SessionState): Promise<void>
  syncNow(full?: boolean): Promise<SyncStatus>
  status(): SyncStatus
  homeSummary(): Promise<HomeSummary | null>
  /** The open cache now: null while none is open, including while one is still opening. */
  database(): CacheDatabase | null
  /**
   * The cache of the current session, awaited: once the opening (or switch, or close) that the
   * session's latest change started is done, that cache, or null when signed out. A call made
   * right after sign-in waits for the cache opening in its worker instead of finding none.
   */
  current(): Promise<CacheDatabase | null>
  /**
   * A document the gateway returned for a submission made on `serverKey` for `dealerId`: written
   * into that dealer's cache when it is the open one (see SyncEngine.absorb), else left to sync.
   */
  absorb(
    target: { serverKey: string | undefined; dealerId: string },
    feed: AbsorbableFeed,
    record: { id: string; modifiedAt: number },
  ): Promise<boolean>
  close(): Promise<void>
}

const IDLE: SyncStatus = {
  dealerId: null,
  running: false,
  lastSyncedAt: null,
  feeds: [],
  lastError: null,
}

export function createWorkspaceService(deps: WorkspaceDependencies): WorkspaceService {
  const syncIntervalMs = deps.syncIntervalMs ?? (() => 5 * 60_000)
  const offlineProbeMs = deps.offlineProbeMs ?? 15_000
  let active: { key: string; dealerId: string; db: CacheDatabase; engine: SyncEngine } | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let switching: Promise<void> = Promise.resolve()

  function schedule(): void {
    clearTimeout(timer)
    if (!active) return
    const offline = deps.session.state().connectivity === 'offline'
    timer = setTimeout(() => void syncNow(), offline ? offlineProbeMs : syncIntervalMs())
    timer.unref?.()
  }

  async function closeActive(): Promise<void> {
    clearTimeout(timer)
    const previous = active
    active = null
    if (previous) await previous.db.close()
    deps.onSyncProgress?.(IDLE)
  }

  async function open(state: SessionState): Promise<void> {
    const server = deps.session.server()
    const dealer = state.dealers.find((candidate) => candidate.id === state.dealerId)
    if (!server || !dealer) return closeActive()
    const key = `${server.key}\n${dealer.id}`
    if (active?.key === key) return
    await closeActive()
    const db = await openCacheDatabase({
      file: cacheFilePath(deps.dataDirectory, server.key, dealer.id),
      migrations: CACHE_MIGRATIONS,
      clock: deps.clock,
      onCorrupt: () => deps.onNotice?.({ level: 'warning', code: 'notice.cache.rebuilt' }),
      onPersistError: (error) => console.error('cache: could not persist', error),
    })
    const engine = createSyncEngine({
      db,
      dealerId: dealer.id,
      roles: dealer.roles,
      client: () => deps.session.client(),
      clock: deps.clock,
      onProgress: (status) => deps.onSyncProgress?.(status),
      onApplied: (feeds) => deps.onDataChanged?.(dealer.id, feeds),
      onOrderStatusChanged: (changes) => deps.onOrderStatusChanged?.(dealer.id, changes),
      ...(deps.onOrdersAwaitingApproval
        ? {
            onOrdersAwaitingApproval: (orders: Order[]) =>
              deps.onOrdersAwaitingApproval?.(dealer.id, orders),
          }
        : {}),
      onDocumentStatusChanged: (table, changes) =>
        deps.onDocumentStatusChanged?.(dealer.id, table, changes),
    })
    active = { key, dealerId: dealer.id, db, engine }
    deps.onSyncProgress?.(engine.status())
    deps.onDataChanged?.(dealer.id, [])
    void syncNow()
  }

  async function syncNow(full = false): Promise<SyncStatus> {
    const current = active
    if (!current) return IDLE
    const wasOffline = deps.session.state().connectivity === 'offline'
    const status = await current.engine.sync({ full })
    const unreachable = status.lastError?.code === 'upstream.unreachable'
    deps.session.setConnectivity(!unreachable)
    if (!unreachable && status.lastError === null) {
      deps.onOnline?.()
    } else if (status.lastError && !unreachable && !wasOffline) {
      deps.onNotice?.({
        level: 'error',
        code: `errors.${status.lastError.code}`,
        ...(status.lastError.params ? { params: status.lastError.params } : {}),
      })
    }
    if (active === current) schedule()
    return status
  }

  return {
    activate(state) {
      switching = switching
        .then(() => (state.status === 'signedIn' ? open(state) : closeActive()))
        .catch((error) => {
          console.error('workspace: could not open the cache', error)
          deps.onNotice?.({ level: 'error', code: 'errors.app.unexpected' })
        })
      return switching
    },
    syncNow: async (full) => {
      await switching
      return syncNow(full)
    },
    status: () => active?.engine.status() ?? IDLE,
    homeSummary: async () => (active ? readHomeSummary(active.db, active.dealerId) : null),
    database: () => active?.db ?? null,
    async current() {
      // A change of the session meanwhile queues another switch: wait for that one as well.
      let pending: Promise<void>
      do {
        pending = switching
        await pending
      } while (pending !== switching)
      return active?.db ?? null
    },
    async absorb(target, feed, record) {
      if (!active || active.dealerId !== target.dealerId) return false
      if (target.serverKey && !active.key.startsWith(`${target.serverKey}\n`)) return false
      return active.engine.absorb(feed, record)
    },
    close: closeActive,
  }
}
