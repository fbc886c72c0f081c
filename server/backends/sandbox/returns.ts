/**
 * Returns (domain.md "Returns"): raised against delivered lines of the dealer's orders; per line,
 * quantity ≤ received − already returned (returns not rejected, tracked on the order line as
 * `returnedQuantity`), where received is the confirmed quantity of each delivery, or the shipped
 * one while its receipt is not confirmed (shared/domain `returnBasisByLine`). At `refunded` the money goes back where the order was paid from
 * (shared/domain `refundSplit`): deposit and rebate are refunded, the credit share releases
 * credit occupancy.
 */
import {
  productSnapshot,
  type CreateReturnRequest,
  type Delivery,
  type FeedQuery,
  type Order,
  type Return,
} from '../../../shared/api'
import {
  canTransition,
  checkReturnLine,
  refundSplit,
  returnBasisByLine,
  sumFen,
} from '../../../shared/domain'
import { ApiError } from '../../errors'
import type { SandboxContext } from './context'
import { loadDocument, saveDocument } from './documents'
import { documentFeed, readFeedPage } from './feeds'
import type { Ledger } from './ledger'
import type { Orders } from './orders'

export type Returns = ReturnType<typeof createReturns>

export function createReturns(ctx: SandboxContext, deps: { orders: Orders; ledger: Ledger }) {
  const { db } = ctx
  const { orders, ledger } = deps

  function save(record: Return): void {
    record.modifiedAt = ctx.stamp()
    saveDocument(db, 'returns', record)
    ctx.changed()
  }

  function load(reference: string, dealerId?: string): Return {
    return loadDocument<Return>(db, 'returns', reference, dealerId)
  }

  function create(dealerId: string, createdBy: string, request: CreateReturnRequest): Return {
    return db.transaction(() => {
      if (request.reason === 'other' && !request.reasonText?.trim())
        throw new ApiError('return.reasonTextRequired')
      const touched = new Map<string, Order>()
      const seen = new Set<string>()
      const at = ctx.now()
      const id = ctx.nextId('ret')
      const record: Return = {
        id,
        number: ctx.nextDocumentNumber('RT'),
        dealerId,
        status: 'under_review',
        reason: request.reason,
        reasonText: request.reasonText ?? null,
        remark: request.remark ?? null,
        lines: [],
        amount: 0,
        refund: null,
        rejectReason: null,
        statusHistory: [{ status: 'under_review', at, note: null }],
        createdBy,
        createdAt: at,
        modifiedAt: at,
      }
      // References (order id or number) resolve to the canonical order first, so one line cannot
      // be listed twice under two names; duplicates and limits are checked on canonical ids.
      const byReference = new Map<string, Order>()
      const basis = new Map<string, Map<string, number>>()
      for (const input of request.lines) {
        let order = byReference.get(input.orderId)
        if (!order) {
          let loaded: Order
          try {
            loaded = orders.load(input.orderId, dealerId)
          } catch {
            throw new ApiError('return.lineNotFound', {
              orderId: input.orderId,
              orderLineId: input.orderLineId,
            })
          }
          order = touched.get(loaded.id) ?? loaded
          touched.set(order.id, order)
          byReference.set(input.orderId, order)
        }
        const key = `${order.id}/${input.orderLineId}`
        if (seen.has(key))
          throw new ApiError('return.duplicateLine', { orderLineId: input.orderLineId })
        seen.add(key)
        const line = order.lines.find((candidate) => candidate.lineId === input.orderLineId)
        if (!line)
          throw new ApiError('return.lineNotFound', {
            orderId: input.orderId,
            orderLineId: input.orderLineId,
          })
        let received = basis.get(order.id)
        if (!received) {
          received = returnBasisByLine(
            order.deliveryIds.map((id) => loadDocument<Delivery>(db, 'deliveries', id)),
          )
          basis.set(order.id, received)
        }
        const delivered = received.get(line.lineId) ?? 0
        const error = checkReturnLine({
          quantity: input.quantity,
          delivered,
          alreadyReturned: line.returnedQuantity,
        })
        if (error)
          throw new ApiError(error.code as 'return.quantityInvalid', {
            ...error.params,
            orderLineId: line.lineId,
          })
        line.returnedQuantity += input.quantity
        // A return line keeps no specification (see ReturnLine).
        const { specZh: _specZh, specEn: _specEn, ...product } = productSnapshot(line)
        record.lines.push({
          orderId: order.id,
          orderNumber: order.number,
          orderLineId: line.lineId,
          productId: line.productId,
          ...product,
          quantity: input.quantity,
          unitPrice: line.unitPrice,
          amount: input.quantity * line.unitPrice,
        })
      }
      record.amount = sumFen(record.lines.map((line) => line.amount))
      save(record)
      for (const order of touched.values()) {
        order.returnIds.push(record.id)
        orders.save(order)
      }
      return record
    })
  }

  function move(record: Return, status: Return['status'], note: string | null): void {
    if (!canTransition('return', record.status, status))
      throw new ApiError('return.invalidTransition', { from: record.status, to: status })
    record.status = status
    record.statusHistory.push({ status, at: ctx.now(), note })
  }

  function transition(
    reference: string,
    status: 'approved' | 'received',
    note: string | null,
  ): Return {
    return db.transaction(() => {
      const record = load(reference)
      move(record, status, note)
      save(record)
      return record
    })
  }

  function refund(reference: string, note: string | null): Return {
    return db.transaction(() => {
      const record = load(reference)
      move(record, 'refunded', note)
      const total = { deposit: 0, rebate: 0, credit: 0 }
      const document = {
        documentType: 'return' as const,
        documentId: record.id,
        documentNumber: record.number,
      }
      const byOrder = new Map<string, number>()
      for (const line of record.lines)
        byOrder.set(line.orderId, (byOrder.get(line.orderId) ?? 0) + line.amount)
      for (const [orderId, amount] of byOrder) {
        const order = orders.load(orderId)
        const split = refundSplit(amount, order.payment)
        // Credit occupancy can only be released as far as it is still occupied; the rest is refunded to deposit.
        const occupied = ledger.account(record.dealerId, 'credit').balance
        const creditRelease = Math.min(split.credit, Math.max(0, occupied))
        split.deposit += split.credit - creditRelease
        split.credit = creditRelease
        ledger.post(record.dealerId, {
          accountType: 'deposit',
          type: 'refund',
          amount: split.deposit,
          document,
          note: order.number,
        })
        ledger.post(record.dealerId, {
          accountType: 'rebate',
          type: 'refund',
          amount: split.rebate,
          document,
          note: order.number,
        })
        ledger.post(record.dealerId, {
          accountType: 'credit',
          type: 'creditRelease',
          amount: -split.credit,
          document,
          note: order.number,
        })
        total.deposit += split.deposit
        total.rebate += split.rebate
        total.credit += split.credit
      }
      record.refund = total
      save(record)
      return record
    })
  }

  /** Rejecting gives the quantities back to the order lines (they become returnable again). */
  function reject(reference: string, reason: string): Return {
    return db.transaction(() => {
      const record = load(reference)
      move(record, 'rejected', reason)
      record.rejectReason = reason
      const touched = new Map<string, Order>()
      for (const line of record.lines) {
        const order = touched.get(line.orderId) ?? orders.load(line.orderId)
        touched.set(order.id, order)
        const orderLine = order.lines.find((candidate) => candidate.lineId === line.orderLineId)
        if (orderLine)
          orderLine.returnedQuantity = Math.max(0, orderLine.returnedQuantity - line.quantity)
      }
      for (const order of touched.values()) orders.save(order)
      save(record)
      return record
    })
  }

  function feed(dealerId: string, query: FeedQuery): Buffer {
    return readFeedPage(db, documentFeed('returns', dealerId), query)
  }

  return {
    create,
    load,
    feed,
    refund,
    reject,
    approve: (reference: string, note: string | null) => transition(reference, 'approved', note),
    receive: (reference: string, note: string | null) => transition(reference, 'received', note),
  }
}
