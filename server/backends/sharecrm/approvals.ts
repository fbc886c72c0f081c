/**
 * Orders approved inside the dealer, on the ShareCRM backend. A submission the dealer's rule
 * (shared/domain/approval.ts) holds never reaches ShareCRM: it is kept in the gateway database
 * (`held_orders`) and served in the dealer's orders feed as an `awaiting_approval` order with a
 * gateway id (`held_…`) and number (`HO…`); nothing is reserved. When an admin approves it, it is
 * re-quoted and created in ShareCRM by today's submit path, idempotently: the SalesOrderObj
 * carries the key `approval:<held id>` and the attempt always looks that key up first, so a retry
 * (or a second admin) never makes two. The held entry then leaves the feed (a tombstone) and the
 * SalesOrderObj the mirror projects takes its place. Decline and cancel only change the held
 * record. Approve and decline of one held order are serialised by an advisory lock.
 */
import type {
  Address,
  ApproveOrderRequest,
  ApproveOrderResult,
  DeclineOrderRequest,
  Order,
  OrderApproval,
  PriceChange,
  Product,
  Quote,
  QuoteRequest,
  Role,
  SubmitOrderRequest,
} from '../../../shared/api'
import { productSnapshot } from '../../../shared/api'
import {
  approvalReasons,
  BALANCE_CHECK_CODES,
  formatDocumentNumber,
  linePriceChanges,
  orderFromQuote,
  validateAllocation,
} from '../../../shared/domain'
import type { WriteContext } from '../../backend'
import { ApiError, fromDomainErrors, notFound } from '../../errors'
import type { GatewayDb, Queryable } from './db/driver'
import type { UserRecord } from './db/users'
import { createApprovalRules } from './db/approvalRules'
import { writeFeedEntries } from './mirror/project'
import { replaceHeldEntry } from './mirror/projections/orders'

/** What the approvals need from the backend (index.ts): today's submit and quote paths. */
export interface ApprovalDeps {
  db: GatewayDb
  clock: () => number
  quote(dealerId: string, request: QuoteRequest): Promise<Quote>
  submit(dealerId: string, request: SubmitOrderRequest, context: WriteContext): Promise<Order>
  addresses(dealerId: string): Promise<Address[]>
  roles(userId: string, dealerId: string): Promise<readonly Role[]>
  users(): Promise<UserRecord[]>
}

interface HeldRow {
  id: string
  dealer_id: string
  status: string
  request: SubmitOrderRequest
  order_json: string
  submitted_order_id: string | null
}

const HELD_PREFIX = 'held_'

export function isHeldOrderId(id: string): boolean {
  return id.startsWith(HELD_PREFIX)
}

export function createShareCrmApprovals(deps: ApprovalDeps) {
  const { db, clock } = deps
  const rules = createApprovalRules(deps)
  const { rule } = rules

  /** Stores the held order and its feed entry in one transaction; answers the served record. */
  async function store(tx: Queryable, order: Order, fields: Partial<HeldRow> = {}) {
    await tx.query(
      `UPDATE held_orders SET status = $2, order_json = $3,
       submitted_order_id = coalesce($4, submitted_order_id) WHERE id = $1`,
      [order.id, order.status, JSON.stringify(order), fields.submitted_order_id ?? null],
    )
    const written = await writeFeedEntries(
      tx,
      [{ feed: 'orders', scope: order.dealerId, id: order.id, record: order }],
      clock(),
    )
    const json = [...written.values()][0]
    return json ? (JSON.parse(json) as Order) : order
  }

  async function heldByKey(dealerId: string, key: string | undefined): Promise<Order | null> {
    if (!key) return null
    const rows = await db.query<{ order_json: string }>(
      'SELECT order_json FROM held_orders WHERE dealer_id = $1 AND idempotency_key = $2',
      [dealerId, key],
    )
    return rows[0] ? (JSON.parse(rows[0].order_json) as Order) : null
  }

  /**
   * The submit hook: an order the rule holds is stored here (priced and checked like any order
   * except balances); any other goes to ShareCRM through today's submit.
   */
  async function submitOrHold(
    dealerId: string,
    request: SubmitOrderRequest,
    context: WriteContext,
  ): Promise<Order> {
    if (context.recovering) {
      const earlier = await heldByKey(dealerId, context.idempotencyKey)
      if (earlier) return earlier
    }
    const priced = await deps.quote(dealerId, { lines: request.lines })
    const { userId } = context.principal
    const currentRule = await rule(dealerId)
    const reasons =
      priced.problems.length > 0
        ? []
        : approvalReasons(currentRule, priced.total, {
            userId,
            roles: await deps.roles(userId, dealerId),
          })
    // Line problems are refused by the submit path exactly as for any order.
    if (reasons.length === 0) return deps.submit(dealerId, request, context)

    const address = (await deps.addresses(dealerId)).find(
      (candidate) => candidate.id === request.addressId,
    )
    if (!address) throw new ApiError('order.addressNotFound', { addressId: request.addressId })
    const current = new Map(priced.lines.map((line) => [line.productId, line.unitPrice]))
    if (
      (request.expectedTotal !== undefined && request.expectedTotal !== priced.total) ||
      request.clientPrices?.some((price) => current.get(price.productId) !== price.unitPrice)
    ) {
      throw new ApiError(
        'order.pricesChanged',
        { expectedTotal: request.expectedTotal ?? null, total: priced.total },
        { quote: await deps.quote(dealerId, { lines: request.lines, payment: request.payment }) },
      )
    }
    const paymentErrors = validateAllocation(priced.total, request.payment, {
      depositAvailable: priced.balances.depositAvailable,
      rebateAllowance: priced.rebateAllowance,
      creditAvailable: priced.balances.creditAvailable,
    }).filter((error) => !BALANCE_CHECK_CODES.includes(error.code))
    if (paymentErrors.length > 0) throw fromDomainErrors(paymentErrors)

    const products = new Map(
      (
        await db.query<{ id: string; json: string }>(
          "SELECT id, json FROM feed_entries WHERE feed = 'products' AND scope = '' AND id = ANY($1::text[]) AND NOT deleted",
          [request.lines.map((line) => line.productId)],
        )
      ).map((row) => [row.id, JSON.parse(row.json) as Product]),
    )
    const at = clock()
    const id = `${HELD_PREFIX}${at.toString(36)}${Math.random().toString(36).slice(2, 10)}`
    return db.transaction(async (tx) => {
      const count = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM held_orders')
      const number = formatDocumentNumber('SO', at, Number(count[0]?.n ?? 0) + 1).replace(
        /^SO/,
        'HO',
      )
      const approval: OrderApproval = {
        reasons,
        amountAbove: currentRule.amountAbove,
        orderedBy: userId,
        decidedBy: null,
        decidedAt: null,
        declineReason: null,
        priceChanges: [],
      }
      const order: Order = {
        ...orderFromQuote({
          id,
          number,
          dealerId,
          status: 'awaiting_approval',
          request,
          priced,
          products,
          snapshot: productSnapshot,
          address,
          createdBy: context.principal.displayName,
          at,
        }),
        approval,
      }
      await tx.query(
        `INSERT INTO held_orders (id, dealer_id, created_by, request, created_at, status, idempotency_key, order_json)
         VALUES ($1, $2, $3, $4::jsonb, $5, 'awaiting_approval', $6, $7)`,
        [
          id,
          dealerId,
          context.principal.displayName,
          JSON.stringify(request),
          at,
          context.idempotencyKey ?? null,
          JSON.stringify(order),
        ],
      )
      return store(tx, order)
    })
  }

  async function held(dealerId: string, orderId: string): Promise<HeldRow> {
    const rows = await db.query<HeldRow>(
      'SELECT id, dealer_id, status, request, order_json, submitted_order_id FROM held_orders WHERE dealer_id = $1 AND id = $2',
      [dealerId, orderId],
    )
    if (!rows[0]) throw notFound()
    return rows[0]
  }

  async function locked<T>(orderId: string, work: () => Promise<T>): Promise<T> {
    const lock = await db.lock(`dealerdesk:held:${orderId}`)
    try {
      return await work()
    } finally {
      await lock.release()
    }
  }

  function awaiting(row: HeldRow): Order & { approval: OrderApproval } {
    const order = JSON.parse(row.order_json) as Order
    const { approval } = order
    if (row.status !== 'awaiting_approval' || !approval) {
      const status = row.status === 'approved' ? 'under_review' : row.status
      throw new ApiError('order.notAwaitingApproval', { status })
    }
    return Object.assign(order, { approval })
  }

  async function approve(
    dealerId: string,
    orderId: string,
    request: ApproveOrderRequest | undefined,
    context: WriteContext,
  ): Promise<ApproveOrderResult> {
    return locked(orderId, async () => {
      const row = await held(dealerId, orderId)
      const order = awaiting(row)
      const cart = order.lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
      }))
      const priced = await deps.quote(dealerId, { lines: cart })
      if (priced.problems.length > 0) {
        throw fromDomainErrors(
          priced.problems.map((problem) => ({
            code: problem.code,
            params: { ...problem.params, lineIndex: problem.lineIndex },
          })),
        )
      }
      const priceChanges: PriceChange[] = linePriceChanges(order.lines, priced.lines)
      const payment =
        priced.total === order.total ? order.payment : (request?.payment ?? priced.suggestedPayment)
      if (priceChanges.length > 0 && request?.expectedTotal !== priced.total) {
        throw new ApiError(
          'order.pricesChanged',
          { expectedTotal: request?.expectedTotal ?? order.total, total: priced.total },
          { quote: await deps.quote(dealerId, { lines: cart, payment }) },
        )
      }
      const submitted = await deps.submit(
        dealerId,
        {
          ...row.request,
          lines: cart,
          payment,
          expectedTotal: priced.total,
          clientPrices: undefined,
        },
        {
          // The order is the orderer's; its ShareCRM key is the held order's, looked up first.
          principal: {
            userId: order.approval.orderedBy,
            account: '',
            displayName: order.createdBy,
          },
          idempotencyKey: `approval:${orderId}`,
          recovering: true,
        },
      )
      const decided: Order = {
        ...order,
        status: 'under_review',
        approval: {
          ...order.approval,
          decidedBy: context.principal.displayName,
          decidedAt: clock(),
          priceChanges,
        },
      }
      const approved = await db.transaction(async (tx) => {
        await tx.query(
          `UPDATE held_orders SET status = 'approved', order_json = $2, submitted_order_id = $3 WHERE id = $1`,
          [orderId, JSON.stringify(decided), submitted.id],
        )
        // The held record leaves the feed; the SalesOrderObj takes its place.
        return replaceHeldEntry(tx, submitted, orderId, decided.approval, clock())
      })
      return { order: approved, priceChanges }
    })
  }

  async function decline(
    dealerId: string,
    orderId: string,
    request: DeclineOrderRequest,
    context: WriteContext,
  ): Promise<Order> {
    return locked(orderId, async () => {
      const row = await held(dealerId, orderId)
      if (context.recovering && row.status === 'declined')
        return JSON.parse(row.order_json) as Order
      const order = awaiting(row)
      const at = clock()
      const declined: Order = {
        ...order,
        status: 'declined',
        statusHistory: [...order.statusHistory, { status: 'declined', at, note: request.reason }],
        approval: {
          ...order.approval,
          decidedBy: context.principal.displayName,
          decidedAt: at,
          declineReason: request.reason,
        },
      }
      return db.transaction((tx) => store(tx, declined))
    })
  }

  /** The orderer cancels a held order: it never reached ShareCRM, nothing to release. */
  async function cancel(dealerId: string, orderId: string, reason: string | null): Promise<Order> {
    return locked(orderId, async () => {
      const row = await held(dealerId, orderId)
      if (row.status === 'cancelled') return JSON.parse(row.order_json) as Order
      if (row.status !== 'awaiting_approval') {
        const status = row.status === 'approved' ? 'under_review' : row.status
        throw new ApiError('order.notCancellable', { status })
      }
      const order = JSON.parse(row.order_json) as Order
      const cancelled: Order = {
        ...order,
        status: 'cancelled',
        statusHistory: [...order.statusHistory, { status: 'cancelled', at: clock(), note: reason }],
      }
      return db.transaction((tx) => store(tx, cancelled))
    })
  }

  async function queue(dealerId: string): Promise<{ orders: Order[] }> {
    const rows = await db.query<{ json: string }>(
      `SELECT f.json FROM held_orders h JOIN feed_entries f ON f.feed = 'orders' AND f.scope = h.dealer_id AND f.id = h.id
       WHERE h.dealer_id = $1 AND h.status = 'awaiting_approval' AND NOT f.deleted ORDER BY h.created_at, h.id`,
      [dealerId],
    )
    return { orders: rows.map((row) => JSON.parse(row.json) as Order) }
  }

  return {
    submitOrHold,
    cancel,
    port: { rule: rules.state, setRule: rules.setRule, queue, approve, decline },
  }
}
