/** Handlers of the Portal API routes: thin adapters from parsed input to the backend port. */
import type { FastifyInstance } from 'fastify'
import type { PortalBackend } from '../backend'
import { ApiError } from '../errors'
import { RawJson, registerPortalRoutes, type PortalHandlers } from '../http/routeTable'
import type { LoginThrottle } from '../http/throttle'

export function registerPortal(
  app: FastifyInstance,
  backend: PortalBackend,
  throttle: LoginThrottle,
): void {
  const handlers: PortalHandlers = {
    async login({ body, request }) {
      // Counted before the password check: parallel guesses cannot pass the limit.
      const attempt = throttle.begin(body.account, request.ip)
      if (typeof attempt === 'number')
        throw new ApiError('auth.tooManyAttempts', { retryAfterSeconds: attempt })
      const tokens = await backend.auth.login(body.account, body.password)
      if (!tokens) throw new ApiError('auth.invalidCredentials')
      attempt.succeeded()
      return tokens
    },
    refresh: ({ body }) => backend.auth.refresh(body.refreshToken),
    async logout({ body, request }) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? ''
      await backend.auth.logout(token, body?.refreshToken)
      return undefined
    },
    me: ({ principal }) => backend.dealers.me(principal.userId),

    products: async ({ params, query }) =>
      new RawJson(await backend.catalog.productFeed(params.dealerId, query)),
    priceLists: async ({ params, query }) =>
      new RawJson(await backend.catalog.priceListFeed(params.dealerId, query)),
    priceListItems: async ({ params, query }) =>
      new RawJson(await backend.catalog.priceListItemFeed(params.dealerId, params.id, query)),

    balances: ({ params }) => backend.account.balances(params.dealerId),
    transactions: ({ params, query }) => backend.account.transactions(params.dealerId, query),
    async statements({ params, query }) {
      if (query.to <= query.from)
        throw new ApiError('request.invalid', { path: 'query.to', issue: 'to must be after from' })
      return backend.account.statement(params.dealerId, query.from, query.to)
    },

    statementPeriods: ({ params }) => backend.statements.list(params.dealerId),
    confirmStatement: ({ params, write }) =>
      backend.statements.confirm(params.dealerId, params.period, write),
    disputeStatement: ({ params, body, write }) =>
      backend.statements.dispute(params.dealerId, params.period, body, write),

    orders: async ({ params, query }) =>
      new RawJson(await backend.orders.feed(params.dealerId, query)),
    order: ({ params }) => backend.orders.load(params.dealerId, params.id),
    quote: ({ params, body }) => backend.orders.quote(params.dealerId, body),
    submitOrder: ({ params, body, write }) => backend.orders.submit(params.dealerId, body, write),
    cancelOrder: ({ params, body, write }) =>
      backend.orders.cancel(params.dealerId, params.id, body, write),

    approvalRule: ({ params }) => backend.approvals.rule(params.dealerId),
    setApprovalRule: ({ params, body, write }) =>
      backend.approvals.setRule(params.dealerId, body, write),
    approvalQueue: ({ params }) => backend.approvals.queue(params.dealerId),
    approveOrder: ({ params, body, write }) =>
      backend.approvals.approve(params.dealerId, params.id, body, write),
    declineOrder: ({ params, body, write }) =>
      backend.approvals.decline(params.dealerId, params.id, body, write),

    deliveries: async ({ params, query }) =>
      new RawJson(await backend.deliveries.feed(params.dealerId, query)),
    delivery: ({ params }) => backend.deliveries.load(params.dealerId, params.id),
    confirmReceipt: ({ params, body, write }) =>
      backend.deliveries.confirmReceipt(params.dealerId, params.id, body, write),

    returns: async ({ params, query }) =>
      new RawJson(await backend.returns.feed(params.dealerId, query)),
    returnRecord: ({ params }) => backend.returns.load(params.dealerId, params.id),
    createReturn: ({ params, body, write }) => backend.returns.create(params.dealerId, body, write),

    invoiceRequests: async ({ params, query }) =>
      new RawJson(await backend.invoices.feed(params.dealerId, query)),
    invoiceRequest: ({ params }) => backend.invoices.load(params.dealerId, params.id),
    createInvoiceRequest: ({ params, body, write }) =>
      backend.invoices.create(params.dealerId, body, write),
    createInvoiceProfile: ({ params, body, write }) =>
      backend.invoices.createProfile(params.dealerId, body, write),
    async deleteInvoiceProfile({ params, write }) {
      await backend.invoices.deleteProfile(params.dealerId, params.id, write)
      return undefined
    },
  }
  registerPortalRoutes(app, backend, handlers)
}
