/**
 * The sandbox as a PortalBackend (server/backend.ts): async methods over the synchronous engine.
 *
 * Durability: every method, read or write, resolves only after `store.flush()`, i.e. once every
 * change made so far, its own included, is on disk. A write answered 2xx therefore survives a
 * crash, and so does anything a reader was shown (an order seen in a feed is never lost and its id
 * or number never issued again). Flushes of concurrent requests share one save (group commit).
 *
 * Idempotent writes note the record they made on their claim in the same synchronous step
 * (`idempotency.attach`); a `recovering` write returns that record instead of making another.
 */
import type { PortalBackend, WriteContext } from '../../backend'
import type { SandboxEngine } from './index'
import type { SandboxStore } from './store'

/** The engine without its database: what sandbox-only code (operator plugin) may call. */
export type SandboxApi = Omit<SandboxEngine, 'db' | 'ctx' | 'setClock' | 'onChange' | 'idempotency'>

export interface SandboxPortal extends PortalBackend {
  readonly kind: 'sandbox'
  /** Runs sandbox-only work (operator actions, auto-pilot) durably, like a Portal write. */
  operate<T>(work: (api: SandboxApi) => T | Promise<T>): Promise<T>
}

export function createSandboxPortal(engine: SandboxEngine, store: SandboxStore): SandboxPortal {
  const {
    auth,
    dealers,
    catalog,
    account,
    statements,
    orders,
    deliveries,
    returns,
    invoices,
    idempotency,
  } = engine
  const { approvals, heldOrders } = engine

  async function durable<T>(work: () => T | Promise<T>): Promise<T> {
    const result = await work()
    await store.flush()
    return result
  }

  /** An idempotent create: the record an interrupted attempt made, or a new one noted on the claim. */
  function once<T extends { id: string }>(
    dealerId: string,
    context: WriteContext,
    find: (id: string) => T,
    make: () => T,
  ): T {
    if (context.recovering) {
      const made = idempotency.recordOf(dealerId, context.idempotencyKey)
      if (made !== undefined) return find(made)
    }
    const record = make()
    idempotency.attach(dealerId, context.idempotencyKey, record.id)
    return record
  }

  const profile = (dealerId: string, id: string) => {
    const found = invoices.profiles(dealerId).find((candidate) => candidate.id === id)
    if (!found) throw new Error(`invoice profile ${id} made by an interrupted write is gone`)
    return found
  }

  return {
    kind: 'sandbox',
    auth: {
      login: (account, password) => durable(() => auth.login(account, password)),
      refresh: (token) => durable(() => auth.refresh(token)),
      authenticate: (token) => durable(() => auth.authenticate(token)),
      logout: (accessToken, refreshToken) => durable(() => auth.logout(accessToken, refreshToken)),
    },
    dealers: {
      me: (userId) => durable(() => dealers.me(userId)),
      roles: (userId, dealerId) => durable(() => dealers.roles(userId, dealerId)),
    },
    catalog: {
      productFeed: (_dealerId, query) => durable(() => catalog.productFeed(query)),
      priceListFeed: (dealerId, query) => durable(() => catalog.priceListFeed(dealerId, query)),
      priceListItemFeed: (dealerId, priceListId, query) =>
        durable(() => catalog.priceListItemFeed(dealerId, priceListId, query)),
    },
    account: {
      balances: (dealerId) => durable(() => account.balances(dealerId)),
      transactions: (dealerId, query) => durable(() => account.transactions(dealerId, query)),
      statement: (dealerId, from, to) => durable(() => account.statement(dealerId, from, to)),
    },
    statements: {
      list: (dealerId) => durable(() => statements.list(dealerId)),
      confirm: (dealerId, period, context) =>
        durable(() =>
          statements.confirm(
            dealerId,
            period,
            context.principal.displayName,
            context.recovering === true,
          ),
        ),
      dispute: (dealerId, period, request, context) =>
        durable(() =>
          statements.dispute(
            dealerId,
            period,
            context.principal.displayName,
            request,
            context.recovering === true,
          ),
        ),
    },
    orders: {
      feed: (dealerId, query) => durable(() => orders.feed(dealerId, query)),
      load: (dealerId, orderId) => durable(() => orders.load(orderId, dealerId)),
      quote: (dealerId, request) => durable(() => orders.quote(dealerId, request)),
      submit: (dealerId, request, context) =>
        durable(() =>
          once(
            dealerId,
            context,
            (id) => orders.load(id, dealerId),
            () =>
              orders.submit(
                dealerId,
                context.principal.displayName,
                request,
                context.principal.userId,
              ),
          ),
        ),
      cancel: (dealerId, orderId, request) =>
        durable(() => orders.cancel(dealerId, orderId, request)),
    },
    // Approve and decline change one order in one transaction: a cut-off attempt either did it all
    // (the order is no longer awaiting: answer what it is) or nothing.
    approvals: {
      rule: (dealerId) => durable(() => approvals.state(dealerId)),
      setRule: (dealerId, rule, context) =>
        durable(() => approvals.setRule(dealerId, rule, context.principal.displayName)),
      queue: (dealerId) => durable(() => ({ orders: heldOrders.awaitingApproval(dealerId) })),
      approve: (dealerId, orderId, request, context) =>
        durable(() => {
          const decided = context.recovering ? orders.load(orderId, dealerId) : undefined
          if (decided?.approval?.decidedAt && decided.status !== 'declined')
            return { order: decided, priceChanges: decided.approval.priceChanges }
          return heldOrders.approve(dealerId, orderId, request, context.principal.displayName)
        }),
      decline: (dealerId, orderId, request, context) =>
        durable(() => {
          const decided = context.recovering ? orders.load(orderId, dealerId) : undefined
          if (decided?.status === 'declined') return decided
          return heldOrders.decline(dealerId, orderId, request, context.principal.displayName)
        }),
    },
    deliveries: {
      feed: (dealerId, query) => durable(() => deliveries.feed(dealerId, query)),
      load: (dealerId, deliveryId) => durable(() => deliveries.load(deliveryId, dealerId)),
      confirmReceipt: (dealerId, deliveryId, request) =>
        durable(() => deliveries.confirmReceipt(dealerId, deliveryId, request)),
    },
    returns: {
      feed: (dealerId, query) => durable(() => returns.feed(dealerId, query)),
      load: (dealerId, returnId) => durable(() => returns.load(returnId, dealerId)),
      create: (dealerId, request, context) =>
        durable(() =>
          once(
            dealerId,
            context,
            (id) => returns.load(id, dealerId),
            () => returns.create(dealerId, context.principal.displayName, request),
          ),
        ),
    },
    invoices: {
      feed: (dealerId, query) => durable(() => invoices.feed(dealerId, query)),
      load: (dealerId, requestId) => durable(() => invoices.load(requestId, dealerId)),
      create: (dealerId, request, context) =>
        durable(() =>
          once(
            dealerId,
            context,
            (id) => invoices.load(id, dealerId),
            () => invoices.create(dealerId, context.principal.displayName, request),
          ),
        ),
      createProfile: (dealerId, request, context) =>
        durable(() =>
          once(
            dealerId,
            context,
            (id) => profile(dealerId, id),
            () => invoices.createProfile(dealerId, request),
          ),
        ),
      deleteProfile: (dealerId, profileId) =>
        durable(() => invoices.deleteProfile(dealerId, profileId)),
    },
    // A claim is saved with the write that follows it (same image); no save of its own.
    idempotency: {
      claim: (dealerId, key, requestHash) => idempotency.claim(dealerId, key, requestHash),
    },
    operate: (work) => durable(() => work(engine)),
    health: async () => ({ demo: true }),
    close: () => store.close(),
  }
}
