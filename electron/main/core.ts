/**
 * Everything the app runs that does not need Electron: services, the event hub and the handler
 * registry. The Electron composition root (index.ts) and the web host (../host/cli.ts) both build
 * exactly this, so a browser run exercises the same code as the desktop app.
 */
import { join } from 'node:path'
import {
  DEFAULT_SETTINGS,
  type AppInfo,
  type Notice,
  type OutboxCounts,
  type SessionState,
} from '../../shared/contract'
import { createEventHub, type EventHub } from '../ipc/eventHub'
import { createRegistry, type Logger, type Registry } from '../ipc/registry'
import { createCartService } from '../services/cart/cartService'
import { createCatalogService } from '../services/catalog/catalogService'
import { createOutbox, type Outbox } from '../services/outbox/outbox'
import { absorbingResults, createOutboxSender } from '../services/outbox/outboxSender'
import { announcingAccepted } from '../services/outbox/acceptedSubmissions'
import { outboxViewer, viewerCounts } from '../services/outbox/outboxViewer'
import type { SecretStore } from '../services/session/secretStore'
import { createServerResolver, type EmbeddedSandbox } from '../services/session/serverResolver'
import { createSessionService, type SessionService } from '../services/session/sessionService'
import { createUserLanguage } from '../services/settings/userLanguage'
import { createSettingsService, type SettingsService } from '../services/settings/settingsService'
import { createUpstreamClient } from '../services/upstream/upstreamClient'
import {
  createWorkspaceService,
  type WorkspaceService,
} from '../services/workspace/workspaceService'
import { createHandlers } from './handlers'
import { createOrdersService } from '../services/orders/ordersService'
import { createAccountService } from '../services/account/accountService'
import {
  absorbingStatementResults,
  awaitingConfirmation,
  createStatementPeriodsService,
} from '../services/account/statementPeriodsService'
import { createInvoicesService } from '../services/invoices/invoicesService'
import { createDeliveriesService } from '../services/deliveries/deliveriesService'
import { createReturnsService } from '../services/returns/returnsService'
import { createDocumentsService } from '../services/documents/documentsService'
import { createHomeService } from '../services/home/homeService'
import { createApprovalsService } from '../services/approvals/approvalsService'
import { createOrderNotices } from './orderNotices'
import { languageForLocale } from '../../shared/i18n/translate'
import { translatorFor } from './messages'
import type { ManagedConfigResult } from './managedConfig'

export interface CoreOptions {
  appInfo: AppInfo
  isTrustedSender: (senderUrl: string) => boolean
  /** Where the refresh token lives: safeStorage in Electron, a file in the web host and tests. */
  secrets: SecretStore
  /** Starts the built-in demo sandbox (in-process, free loopback port). */
  startSandbox: () => Promise<EmbeddedSandbox>
  logger?: Logger
  /** Shows a native notification (Electron: electron/platform/notifications.ts); the web host passes none. */
  notify?: (title: string, body: string) => void
  /** Native print / save dialog / preview of document PDFs (Electron: electron/platform/documentOutput.ts); the web host passes none. */
  documentOutput?: {
    print(pdf: Uint8Array, title: string): Promise<boolean>
    saveWithDialog(pdf: Uint8Array, defaultName: string): Promise<string | null>
    preview?(pdf: Uint8Array, title: string): Promise<void>
  }
  /** The IT department's configuration (managedConfig.ts loadManagedConfig); none = not managed. */
  managed?: ManagedConfigResult
}

export interface Core {
  hub: EventHub
  registry: Registry
  settings: SettingsService
  session: SessionService
  workspace: WorkspaceService
  outbox: Outbox
  /** The managed update URL for electron-updater (generic provider), or null: no update checks. */
  updateUrl(): string | null
  /** Resolves once the remembered session (if any) is open from the cache. */
  ready: Promise<void>
  close(): Promise<void>
}

export function createCore(options: CoreOptions): Core {
  const { dataDirectory } = options.appInfo
  const hub = createEventHub()
  // Notices raised before a renderer subscribed would be lost: keep them until one asks.
  let earlyNotices: Notice[] | null = []
  hub.subscribe((event, payload) => {
    if (event === 'app:notice' && earlyNotices && earlyNotices.length < 20)
      earlyNotices.push(payload as Notice)
  })
  const takeEarlyNotices = (): Notice[] => {
    const taken = earlyNotices ?? []
    earlyNotices = null
    return taken
  }
  let syncIntervalMinutes = DEFAULT_SETTINGS.syncIntervalMinutes
  const settings = createSettingsService({
    dataDirectory,
    onChanged: (next) => {
      syncIntervalMinutes = next.syncIntervalMinutes
      hub.emit('settings:changed', next)
      const user = session.state().user
      if (user) void userLanguage.settingsChanged(user.account, next).catch(() => undefined)
    },
    onCorrupt: () => hub.emit('app:notice', { level: 'warning', code: 'notice.settings.reset' }),
  })
  const managed = options.managed?.config ?? {}
  const servers = createServerResolver(options.startSandbox, {
    lockedUrl: managed.lockServer ? managed.serverUrl : undefined,
  })

  const userLanguage = createUserLanguage({ dataDirectory, settings })
  let previous: SessionState | null = null
  const session = createSessionService({
    dataDirectory,
    secrets: options.secrets,
    resolveServer: (choice) => servers.resolve(choice),
    managedServer: managed.serverUrl
      ? { url: managed.serverUrl, locked: managed.lockServer === true }
      : undefined,
    createClient: (baseUrl, tokens) => createUpstreamClient({ baseUrl, tokens }),
    onChange: (state) => {
      hub.emit('session:changed', state)
      // The badge counts the signed-in user's items: another user (or none) sees other counts.
      void outboxCounts().then((counts) => hub.emit('outbox:changed', counts))
      void workspace.activate(state)
      // Someone signed in: the UI speaks their language (see userLanguage.ts).
      if (
        state.user &&
        (previous?.status !== 'signedIn' || previous.user?.account !== state.user.account)
      ) {
        void userLanguage
          .signedIn(state.user.account, state.user.preferredLanguage)
          .catch(() => undefined)
      }
      // Back online: catch up and send what waited.
      if (
        previous?.connectivity === 'offline' &&
        state.connectivity === 'online' &&
        state.status === 'signedIn'
      ) {
        void workspace.syncNow()
      }
      previous = state
    },
  })

  const outboxCounts = async (): Promise<OutboxCounts> =>
    viewerCounts(await outbox.list(), outboxViewer(session))
  const outbox = createOutbox({
    file: join(dataDirectory, 'outbox.json'),
    send: announcingAccepted(
      absorbingStatementResults(
        absorbingResults(createOutboxSender(session), (item, feed, record) =>
          workspace.absorb({ serverKey: item.serverUrl, dealerId: item.dealerId }, feed, record),
        ),
        (item) =>
          session.state().dealerId === item.dealerId &&
          (!item.serverUrl || item.serverUrl === session.server()?.key)
            ? workspace.database()
            : null,
      ),
      (accepted) => hub.emit('outbox:accepted', accepted),
    ),
    onChange: () => void outboxCounts().then((counts) => hub.emit('outbox:changed', counts)),
    onCorrupt: () => hub.emit('app:notice', { level: 'warning', code: 'notice.outbox.reset' }),
    owner: () => session.state().user?.account,
  })

  const orderNotices = createOrderNotices({
    hub,
    session,
    settings,
    locale: options.appInfo.locale,
    notify: options.notify,
  })
  const workspace = createWorkspaceService({
    dataDirectory,
    session,
    syncIntervalMs: () => (managed.syncIntervalMinutes ?? syncIntervalMinutes) * 60_000,
    onSyncProgress: (status) => hub.emit('sync:progress', status),
    onDataChanged: (dealerId, feeds) => {
      catalog.onDataChanged(feeds)
      hub.emit('data:changed', { dealerId, feeds })
    },
    onOrderStatusChanged: orderNotices.statusChanged,
    onOrdersAwaitingApproval: orderNotices.awaitingApproval,
    onDocumentStatusChanged: (dealerId, table, changes) => {
      const event = table === 'returns' ? 'returns:statusChanged' : 'invoices:statusChanged'
      for (const { orderId: id, ...change } of changes) hub.emit(event, { dealerId, id, ...change })
    },
    onNotice: (notice) => hub.emit('app:notice', notice),
    onOnline: () => void sendOutbox(),
  })

  async function sendOutbox(): Promise<void> {
    const report = await outbox.process()
    if (report.sent > 0) await workspace.syncNow()
  }

  const catalog = createCatalogService({ database: () => workspace.database() })

  const cart = createCartService({
    database: () => workspace.database(),
    session,
    outbox,
    sendOutbox: () => sendOutbox(),
    onChange: (dealerId, lineCount) => hub.emit('cart:changed', { dealerId, lineCount }),
  })

  const orders = createOrdersService({
    database: () => workspace.database(),
    dealer: () => {
      const dealerId = session.state().dealerId
      if (!dealerId) return null
      const addresses = session.me()?.dealers.find((dealer) => dealer.id === dealerId)?.addresses
      return { dealerId, serverKey: session.server()?.key, addresses }
    },
    outbox,
    sendOutbox,
    cart: () => cart,
    translator: translatorFor,
  })

  const signedInDealer = () => {
    const dealerId = session.state().dealerId
    return dealerId ? { dealerId, serverKey: session.server()?.key } : null
  }
  const deliveries = createDeliveriesService({
    database: () => workspace.database(),
    dealer: signedInDealer,
    outbox,
    sendOutbox,
  })
  const returns = createReturnsService({
    database: () => workspace.database(),
    dealer: signedInDealer,
    outbox,
    sendOutbox,
    online: () => session.state().connectivity === 'online',
  })

  const invoices = createInvoicesService({
    database: () => workspace.database(),
    dealer: () => {
      const dealerId = session.state().dealerId
      if (!dealerId) return null
      const profiles =
        session.me()?.dealers.find((dealer) => dealer.id === dealerId)?.invoiceProfiles ?? []
      return { dealerId, serverKey: session.server()?.key, profiles }
    },
    outbox,
    sendOutbox,
  })

  const account = createAccountService({
    database: () => workspace.database(),
    dealer: () => {
      const { dealerId, dealers } = session.state()
      const dealer = dealers.find((candidate) => candidate.id === dealerId)
      return dealerId && dealer ? { dealerId, roles: dealer.roles } : null
    },
    remoteStatement: (dealerId, from, to) =>
      session.client().call('statements', { params: { dealerId }, query: { from, to } }),
    translator: translatorFor,
  })

  const statementPeriods = createStatementPeriodsService({
    database: () => workspace.database(),
    dealer: () => {
      const { dealerId, dealers } = session.state()
      const dealer = dealers.find((candidate) => candidate.id === dealerId)
      return dealerId && dealer
        ? { dealerId, roles: dealer.roles, serverKey: session.server()?.key }
        : null
    },
    outbox,
    sendOutbox,
  })

  const documents = createDocumentsService({
    database: () => workspace.database(),
    dealer: () => {
      const { dealerId, dealers } = session.state()
      const dealer = dealers.find((candidate) => candidate.id === dealerId)
      return dealerId && dealer
        ? {
            dealerId,
            code: dealer.code,
            nameZh: dealer.nameZh,
            nameEn: dealer.nameEn,
            roles: dealer.roles,
          }
        : null
    },
    documentSettings: async () => (await settings.get()).documents,
    uiLanguage: async () =>
      (await settings.get()).language ?? languageForLocale(options.appInfo.locale),
    translator: translatorFor,
    output: options.documentOutput,
    onBatchProgress: (progress) => hub.emit('documents:batchProgress', progress),
  })

  const signedInRoles = () => {
    const { dealerId, dealers } = session.state()
    return dealers.find((candidate) => candidate.id === dealerId)?.roles ?? []
  }
  const approvals = createApprovalsService({
    database: () => workspace.database(),
    dealer: () => {
      const dealer = signedInDealer()
      return dealer ? { ...dealer, roles: signedInRoles() } : null
    },
    outbox,
    sendOutbox,
    client: () => session.client(),
  })

  const home = createHomeService({
    database: () => workspace.database(),
    dealer: () => {
      const dealer = signedInDealer()
      return dealer ? { ...dealer, roles: signedInRoles() } : null
    },
    outbox,
    translator: translatorFor,
    statementsAwaitingConfirmation: async () => {
      const db = workspace.database()
      return db ? awaitingConfirmation(db) : []
    },
  })

  const ready = (async () => {
    syncIntervalMinutes = (await settings.get()).syncIntervalMinutes
    const lastServer = (await session.loginDefaults()).server
    if (lastServer.kind === 'sandbox') servers.warmUp()
    await session.restore()
    if (options.managed?.problem)
      hub.emit('app:notice', { level: 'warning', code: 'notice.managedConfig.invalid' })
  })().catch((error: unknown) => console.error('session: could not restore', error))

  const handlers = createHandlers({
    appInfo: options.appInfo,
    settings,
    session,
    workspace,
    outbox,
    catalog,
    cart,
    orders,
    approvals,
    deliveries,
    returns,
    account,
    statementPeriods,
    invoices,
    documents,
    home,
    sendOutbox,
    ready,
    takeEarlyNotices,
  })
  const registry = createRegistry({
    handlers,
    isTrustedSender: options.isTrustedSender,
    logger: options.logger,
  })

  return {
    hub,
    registry,
    settings,
    session,
    workspace,
    outbox,
    updateUrl: () => managed.updateUrl ?? null,
    ready,
    async close() {
      await outbox.close()
      await workspace.close()
      await servers.close()
    },
  }
}
