/**
 * The implementation side of the contract: one function per method, delegating to services.
 * Shared by the Electron main process and the web host.
 */
import type { AppInfo, Notice, PortalErrorData } from '../../shared/contract'
import type { Handlers } from '../ipc/registry'
import type { Outbox } from '../services/outbox/outbox'
import { outboxSummary, QUOTE_PARAM } from '../services/outbox/outboxSender'
import { outboxViewer, viewerCounts, visibleTo } from '../services/outbox/outboxViewer'
import type { SessionService } from '../services/session/sessionService'
import type { SettingsService } from '../services/settings/settingsService'
import type { WorkspaceService } from '../services/workspace/workspaceService'
import type { CartService } from '../services/cart/cartService'
import type { CatalogService } from '../services/catalog/catalogService'
import { createCatalogHandlers } from './handlers/catalog'
import { createCartHandlers } from './handlers/cart'
import type { OrdersService } from '../services/orders/ordersService'
import { createOrdersHandlers } from './handlers/orders'
import type { AccountService } from '../services/account/accountService'
import type { StatementPeriodsService } from '../services/account/statementPeriodsService'
import { createAccountHandlers } from './handlers/account'
import type { InvoicesService } from '../services/invoices/invoicesService'
import { createInvoicesHandlers } from './handlers/invoices'
import type { DeliveriesService } from '../services/deliveries/deliveriesService'
import { createDeliveriesHandlers } from './handlers/deliveries'
import type { ReturnsService } from '../services/returns/returnsService'
import { createReturnsHandlers } from './handlers/returns'
import type { DocumentsService } from '../services/documents/documentsService'
import { createDocumentsHandlers } from './handlers/documents'
import type { HomeService } from '../services/home/homeService'
import { createHomeHandlers } from './handlers/home'
import type { ApprovalsService } from '../services/approvals/approvalsService'

export interface HandlerServices {
  appInfo: AppInfo
  settings: SettingsService
  session: SessionService
  workspace: WorkspaceService
  outbox: Outbox
  catalog: CatalogService
  cart: CartService
  orders: OrdersService
  approvals: ApprovalsService
  account: AccountService
  statementPeriods: StatementPeriodsService
  invoices: InvoicesService
  deliveries: DeliveriesService
  returns: ReturnsService
  documents: DocumentsService
  home: HomeService
  /** Sends what waits in the outbox now (then syncs what it created). */
  sendOutbox(): Promise<void>
  /** Start-up restore of a remembered session; the session state is answered after it. */
  ready: Promise<void>
  /** Notices emitted before the first renderer asked for them (then the live event takes over). */
  takeEarlyNotices(): Notice[]
}

function withoutQuote(error: PortalErrorData): PortalErrorData {
  if (!error.params || !(QUOTE_PARAM in error.params)) return error
  const { [QUOTE_PARAM]: _quote, ...params } = error.params
  return { ...error, params }
}

/** Domains that do not read the dealer's cache: their calls never wait for it. */
const CACHELESS_DOMAINS: ReadonlySet<string> = new Set([
  'app',
  'settings',
  'session',
  'sync',
  'outbox',
])

/**
 * Every other domain answers from the dealer's cache, which opens in its worker a moment after
 * sign-in (and after a dealer switch): its calls first wait for the cache of the current session
 * (WorkspaceService.current), so a call made meanwhile is answered instead of failing with
 * session.signedOut. Signed out, there is no cache to wait for: the services refuse as before.
 */
function waitingForTheCache(workspace: WorkspaceService, handlers: Handlers): Handlers {
  type Method = (...args: unknown[]) => unknown
  const domains = Object.entries(handlers as unknown as Record<string, Record<string, Method>>)
  return Object.fromEntries(
    domains.map(([domain, methods]) => [
      domain,
      CACHELESS_DOMAINS.has(domain)
        ? methods
        : Object.fromEntries(
            Object.entries(methods).map(([name, method]) => [
              name,
              async (...args: unknown[]) => {
                await workspace.current()
                return method(...args)
              },
            ]),
          ),
    ]),
  ) as unknown as Handlers
}

export function createHandlers(services: HandlerServices): Handlers {
  const { session, workspace, outbox } = services
  /** The signed-in user's items for the current server, unsent (see outboxViewer.ts). */
  const counts = async () => viewerCounts(await outbox.list(), outboxViewer(session))
  return waitingForTheCache(workspace, {
    app: {
      info: () => services.appInfo,
      takeEarlyNotices: () => services.takeEarlyNotices(),
    },
    settings: {
      get: () => services.settings.get(),
      set: (patch) => services.settings.set(patch),
    },
    session: {
      defaults: () => session.loginDefaults(),
      state: async () => {
        await services.ready
        return session.state()
      },
      login: (input) => session.login(input),
      logout: () => session.logout(),
      switchDealer: ({ dealerId }) => session.switchDealer(dealerId),
    },
    sync: {
      status: () => workspace.status(),
      now: async (request) => {
        const status = await workspace.syncNow(request?.full === true)
        void services.sendOutbox()
        return status
      },
    },
    home: createHomeHandlers(services),
    outbox: {
      list: async () =>
        (await outbox.list()).filter(visibleTo(outboxViewer(session))).map((item) => ({
          id: item.id,
          kind: item.kind,
          dealerId: item.dealerId,
          status: item.status,
          createdAt: item.createdAt,
          attempts: item.attempts,
          summary: outboxSummary(item),
          // The stored quote of a price change can be large; the review fetches it on demand.
          lastError: item.lastError ? withoutQuote(item.lastError) : null,
        })),
      counts,
      discard: async ({ id }) => {
        await outbox.discard(id)
        return counts()
      },
      retry: async ({ id }) => {
        await outbox.resubmit(id)
        void services.sendOutbox()
        return counts()
      },
    },
    catalog: createCatalogHandlers(services.catalog),
    cart: createCartHandlers(services.cart),
    orders: createOrdersHandlers(services),
    approvals: {
      queue: () => services.approvals.queue(),
      count: () => services.approvals.count(),
      rule: () => services.approvals.rule(),
      setRule: (rule) => services.approvals.setRule(rule),
      requote: ({ id }) => services.approvals.requote(id),
      approve: ({ id, expectedTotal }) => services.approvals.approve(id, expectedTotal),
      decline: ({ id, reason }) => services.approvals.decline(id, reason),
    },
    account: createAccountHandlers(services),
    invoices: createInvoicesHandlers(services),
    deliveries: createDeliveriesHandlers(services),
    returns: createReturnsHandlers(services),
    documents: createDocumentsHandlers(services),
  })
}
