/**
 * Orders (domain.md "Orders"): quote, submit (reserve at submit), cancel / reject (release the
 * reservation), approve. Prices come from the dealer's price lists at the time of the call; the
 * client's preview is never trusted. Balances move only through the ledger.
 */
import {
  productSnapshot,
  type CancelOrderRequest,
  type FeedQuery,
  type Order,
  type OrderStatus,
  type Quote,
  type QuoteLine,
  type QuoteRequest,
  type RuleProblem,
  type SubmitOrderRequest,
} from '../../../shared/api'
import {
  BALANCE_CHECK_CODES,
  canTransition,
  invoiceableAmount,
  isOrderCancellable,
  orderFromQuote,
  quoteLines,
  rebateAllowance,
  resolvePriceItem,
  suggestAllocation,
  sumFen,
  validateAllocation,
  type PaymentAllocation,
} from '../../../shared/domain'
import { ApiError, fromDomainErrors } from '../../errors'
import type { Approvals } from './approvals'
import type { Catalog } from './catalog'
import type { SandboxContext } from './context'
import type { Dealers } from './dealers'
import { loadDocument, saveDocument } from './documents'
import { documentFeed, readFeedPage } from './feeds'
import type { Ledger } from './ledger'

interface PricedCart {
  lines: QuoteLine[]
  total: number
  problems: RuleProblem[]
}

export type Orders = ReturnType<typeof createOrders>

export function createOrders(
  ctx: SandboxContext,
  deps: { catalog: Catalog; ledger: Ledger; dealers: Dealers; approvals: Approvals },
) {
  const { db } = ctx
  const { catalog, ledger, dealers, approvals } = deps

  function priceCart(dealerId: string, cart: QuoteRequest['lines']): PricedCart {
    const at = ctx.now()
    const productIds = cart.map((line) => line.productId)
    const products = catalog.products(productIds)
    const candidates = catalog.candidateItems(dealerId, productIds)
    const assignments = catalog.assignments(dealerId, at)
    return quoteLines(cart, {
      productStatus: (productId) => products.get(productId)?.status,
      priceItem: (productId) => resolvePriceItem(candidates.get(productId) ?? [], assignments, at),
    })
  }

  function capacityFor(dealerId: string, total: number) {
    const available = ledger.capacity(dealerId)
    const rule = dealers.rebateRule(dealerId)
    const allowance = rebateAllowance(total, rule, available.rebateAvailable)
    const capacity = {
      depositAvailable: available.depositAvailable,
      rebateAllowance: allowance,
      creditAvailable: available.creditAvailable,
    }
    return { available, rule, allowance, capacity }
  }

  /** Refuses a cart with line problems (422, every problem with its line index). */
  function refuseLineProblems(priced: PricedCart): void {
    if (priced.problems.length === 0) return
    throw fromDomainErrors(
      priced.problems.map((problem) => ({
        code: problem.code,
        params: { ...problem.params, lineIndex: problem.lineIndex },
      })),
    )
  }

  function quote(dealerId: string, request: QuoteRequest): Quote {
    const priced = priceCart(dealerId, request.lines)
    const { available, rule, allowance, capacity } = capacityFor(dealerId, priced.total)
    const paymentProblems = request.payment
      ? validateAllocation(priced.total, request.payment, capacity)
      : []
    return {
      quotedAt: ctx.now(),
      lines: priced.lines,
      total: priced.total,
      rebateAllowance: allowance,
      rebateRule: rule,
      balances: available,
      suggestedPayment: suggestAllocation(priced.total, capacity).allocation,
      problems: [
        ...priced.problems,
        ...paymentProblems.map((error) => ({ code: error.code, params: error.params ?? {} })),
      ],
    }
  }

  function pricesDiffer(request: SubmitOrderRequest, priced: PricedCart): boolean {
    if (request.expectedTotal !== undefined && request.expectedTotal !== priced.total) return true
    if (!request.clientPrices) return false
    const current = new Map(priced.lines.map((line) => [line.productId, line.unitPrice]))
    return request.clientPrices.some((price) => current.get(price.productId) !== price.unitPrice)
  }

  /**
   * Validates and commits an order; throws ApiError (422 rule violation, 409 prices changed). An
   * order the dealer's approval rule holds (`orderedBy` given) is stored `awaiting_approval`:
   * priced and checked like any order except balances, nothing reserved.
   */
  function submit(
    dealerId: string,
    createdBy: string,
    request: SubmitOrderRequest,
    orderedBy?: string,
  ): Order {
    return db.transaction(() => {
      const priced = priceCart(dealerId, request.lines)
      refuseLineProblems(priced)
      const address = dealers
        .addresses(dealerId)
        .find((candidate) => candidate.id === request.addressId)
      if (!address) throw new ApiError('order.addressNotFound', { addressId: request.addressId })
      if (pricesDiffer(request, priced)) {
        throw new ApiError(
          'order.pricesChanged',
          { expectedTotal: request.expectedTotal ?? null, total: priced.total },
          { quote: quote(dealerId, { lines: request.lines, payment: request.payment }) },
        )
      }
      const reasons =
        orderedBy === undefined ? [] : approvals.reasonsFor(dealerId, orderedBy, priced.total)
      const held = reasons.length > 0
      const paymentErrors = validateAllocation(
        priced.total,
        request.payment,
        capacityFor(dealerId, priced.total).capacity,
      ).filter((error) => !held || !BALANCE_CHECK_CODES.includes(error.code))
      if (paymentErrors.length > 0) throw fromDomainErrors(paymentErrors)

      const at = ctx.now()
      const status: OrderStatus = held ? 'awaiting_approval' : 'under_review'
      const id = ctx.nextId('ord')
      const products = catalog.products(request.lines.map((line) => line.productId))
      const order: Order = orderFromQuote({
        id,
        number: ctx.nextDocumentNumber('SO'),
        dealerId,
        status,
        request,
        priced,
        products,
        snapshot: productSnapshot,
        address,
        createdBy,
        at,
      })
      if (held && orderedBy !== undefined)
        order.approval = approvals.holdRecord(dealerId, reasons, orderedBy)
      else reserve(order)
      save(order)
      return order
    })
  }

  function documentRef(order: Order) {
    return { documentType: 'order' as const, documentId: order.id, documentNumber: order.number }
  }

  /** Reserve at submit: deposit and rebate move to locked, credit becomes occupied. */
  function reserve(order: Order): void {
    const document = documentRef(order)
    const { deposit, rebate, credit } = order.payment
    ledger.post(order.dealerId, {
      accountType: 'deposit',
      type: 'orderReservation',
      amount: 0,
      lockedChange: deposit,
      document,
    })
    ledger.post(order.dealerId, {
      accountType: 'rebate',
      type: 'orderReservation',
      amount: 0,
      lockedChange: rebate,
      document,
    })
    ledger.post(order.dealerId, {
      accountType: 'credit',
      type: 'creditOccupation',
      amount: credit,
      document,
    })
  }

  /** Releases what is still reserved (payment − deducted) of a cancelled or rejected order. */
  function release(order: Order, note: string | null): void {
    const document = documentRef(order)
    const remaining: PaymentAllocation = {
      deposit: order.payment.deposit - order.deducted.deposit,
      rebate: order.payment.rebate - order.deducted.rebate,
      credit: order.payment.credit - order.deducted.credit,
    }
    ledger.post(order.dealerId, {
      accountType: 'deposit',
      type: 'release',
      amount: 0,
      lockedChange: -remaining.deposit,
      document,
      note,
    })
    ledger.post(order.dealerId, {
      accountType: 'rebate',
      type: 'release',
      amount: 0,
      lockedChange: -remaining.rebate,
      document,
      note,
    })
    ledger.post(order.dealerId, {
      accountType: 'credit',
      type: 'creditRelease',
      amount: -remaining.credit,
      document,
      note,
    })
  }

  /** Recomputes the derived amounts, stamps and stores the order. */
  function save(order: Order): void {
    order.deliveredAmount = sumFen(
      order.lines.map((line) => line.deliveredQuantity * line.unitPrice),
    )
    order.returnedAmount = sumFen(order.lines.map((line) => line.returnedQuantity * line.unitPrice))
    order.invoiceableAmount = invoiceableAmount({
      deliveredAmount: order.deliveredAmount,
      returnedAmount: order.returnedAmount,
      requestedAmount: order.invoiceRequestedAmount,
    })
    order.modifiedAt = ctx.stamp()
    saveDocument(db, 'orders', order)
    ctx.changed()
  }

  function moveTo(order: Order, status: OrderStatus, note: string | null): void {
    if (order.status === status) return
    if (!canTransition('order', order.status, status)) {
      throw new ApiError('order.invalidTransition', { from: order.status, to: status })
    }
    order.status = status
    order.statusHistory.push({ status, at: ctx.now(), note })
  }

  function load(reference: string, dealerId?: string): Order {
    return loadDocument<Order>(db, 'orders', reference, dealerId)
  }

  function cancel(dealerId: string, id: string, request: CancelOrderRequest | undefined): Order {
    return db.transaction(() => {
      const order = load(id, dealerId)
      if (!isOrderCancellable(order.status))
        throw new ApiError('order.notCancellable', { status: order.status })
      const reserved = order.status !== 'awaiting_approval' // a held order reserved nothing
      moveTo(order, 'cancelled', request?.reason ?? null)
      if (reserved) release(order, request?.reason ?? null)
      save(order)
      return order
    })
  }

  function approve(reference: string, note: string | null): Order {
    return db.transaction(() => {
      const order = load(reference)
      moveTo(order, 'confirmed', note)
      save(order)
      return order
    })
  }

  function reject(reference: string, reason: string): Order {
    return db.transaction(() => {
      const order = load(reference)
      moveTo(order, 'rejected', reason)
      release(order, reason)
      save(order)
      return order
    })
  }

  function feed(dealerId: string, query: FeedQuery): Buffer {
    return readFeedPage(db, documentFeed('orders', dealerId), query)
  }

  return {
    quote,
    submit,
    cancel,
    approve,
    reject,
    priceCart,
    refuseLineProblems,
    capacityFor,
    reserve,
    load,
    save,
    moveTo,
    feed,
    documentRef,
  }
}
