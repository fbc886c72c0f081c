/** Handlers of the Portal API routes: thin adapters from parsed input to the backend. */
import type { FastifyInstance } from 'fastify'
import type { SandboxBackend } from '../backends/sandbox/index'
import { ApiError } from '../errors'
import { RawJson, registerPortalRoutes, type PortalHandlers } from '../http/routeTable'
import type { LoginThrottle } from '../http/throttle'

export function registerPortal(app: FastifyInstance, backend: SandboxBackend, throttle: LoginThrottle): void {
  const handlers: PortalHandlers = {
    async login({ body, request }) {
      const wait = throttle.retryAfterSeconds(body.account, request.ip)
      if (wait > 0) throw new ApiError('auth.tooManyAttempts', { retryAfterSeconds: wait })
      const tokens = await backend.auth.login(body.account, body.password)
      if (!tokens) {
        throttle.recordFailure(body.account, request.ip)
        throw new ApiError('auth.invalidCredentials')
      }
      throttle.recordSuccess(body.account)
      return tokens
    },
    refresh: ({ body }) => backend.auth.refresh(body.refreshToken),
    logout({ body, request }) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? ''
      backend.auth.logout(token, body?.refreshToken)
      return undefined
    },
    me: ({ principal }) => backend.dealers.me(principal.userId),

    products: ({ query }) => new RawJson(backend.catalog.productFeed(query)),
    priceLists: ({ params, query }) => new RawJson(backend.catalog.priceListFeed(params.dealerId, query)),
    priceListItems: ({ params, query }) => new RawJson(backend.catalog.priceListItemFeed(params.dealerId, params.id, query)),

    balances: ({ params }) => backend.account.balances(params.dealerId),
    transactions: ({ params, query }) => backend.account.transactions(params.dealerId, query),
    statements({ params, query }) {
      if (query.to <= query.from) throw new ApiError('request.invalid', { path: 'query.to', issue: 'to must be after from' })
      return backend.account.statement(params.dealerId, query.from, query.to)
    },

    orders: ({ params, query }) => new RawJson(backend.orders.feed(params.dealerId, query)),
    order: ({ params }) => backend.orders.load(params.id, params.dealerId),
    quote: ({ params, body }) => backend.orders.quote(params.dealerId, body),
    submitOrder: ({ params, body, principal }) => backend.orders.submit(params.dealerId, principal.displayName, body),
    cancelOrder: ({ params, body }) => backend.orders.cancel(params.dealerId, params.id, body),

    deliveries: ({ params, query }) => new RawJson(backend.deliveries.feed(params.dealerId, query)),
    delivery: ({ params }) => backend.deliveries.load(params.id, params.dealerId),
    confirmReceipt: ({ params, body }) => backend.deliveries.confirmReceipt(params.dealerId, params.id, body),

    returns: ({ params, query }) => new RawJson(backend.returns.feed(params.dealerId, query)),
    returnRecord: ({ params }) => backend.returns.load(params.id, params.dealerId),
    createReturn: ({ params, body, principal }) => backend.returns.create(params.dealerId, principal.displayName, body),

    invoiceRequests: ({ params, query }) => new RawJson(backend.invoices.feed(params.dealerId, query)),
    invoiceRequest: ({ params }) => backend.invoices.load(params.id, params.dealerId),
    createInvoiceRequest: ({ params, body, principal }) => backend.invoices.create(params.dealerId, principal.displayName, body),
    createInvoiceProfile: ({ params, body }) => backend.invoices.createProfile(params.dealerId, body),
    deleteInvoiceProfile({ params }) {
      backend.invoices.deleteProfile(params.dealerId, params.id)
      return undefined
    },
  }
  registerPortalRoutes(app, backend, handlers)
}
