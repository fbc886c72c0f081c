/**
 * Orders held by the dealer's own approval rule (approvals.ts decides at submit, orders.ts stores
 * them `awaiting_approval` with nothing reserved): the queue, approve (re-quoted at today's prices
 * and submitted as usual: reserved, under review; changed prices the admin has not seen → 409
 * pricesChanged with the quote) and decline with the reason the orderer sees.
 */
import type {
  ApproveOrderRequest,
  ApproveOrderResult,
  DeclineOrderRequest,
  Order,
  OrderApproval,
} from '../../../shared/api'
import { linePriceChanges, validateAllocation } from '../../../shared/domain'
import { ApiError, fromDomainErrors } from '../../errors'
import type { SandboxContext } from './context'
import type { Orders } from './orders'

export type HeldOrders = ReturnType<typeof createHeldOrders>

export function createHeldOrders(ctx: SandboxContext, deps: { orders: Orders }) {
  const { orders } = deps

  function awaiting(dealerId: string, orderId: string): Order & { approval: OrderApproval } {
    const order = orders.load(orderId, dealerId)
    const { approval } = order
    if (order.status !== 'awaiting_approval' || !approval)
      throw new ApiError('order.notAwaitingApproval', { status: order.status })
    return Object.assign(order, { approval })
  }

  /**
   * An admin approves a held order: re-quoted at today's prices and submitted as usual (reserved,
   * under review). Changed prices the admin has not seen (`expectedTotal`) → 409 pricesChanged.
   */
  function approveHeld(
    dealerId: string,
    orderId: string,
    request: ApproveOrderRequest | undefined,
    decidedBy: string,
  ): ApproveOrderResult {
    return ctx.db.transaction(() => {
      const order = awaiting(dealerId, orderId)
      const cart = order.lines.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
      }))
      const priced = orders.priceCart(dealerId, cart)
      orders.refuseLineProblems(priced)
      const priceChanges = linePriceChanges(order.lines, priced.lines)
      const payment =
        priced.total === order.total
          ? order.payment
          : (request?.payment ?? orders.quote(dealerId, { lines: cart }).suggestedPayment)
      if (priceChanges.length > 0 && request?.expectedTotal !== priced.total) {
        throw new ApiError(
          'order.pricesChanged',
          { expectedTotal: request?.expectedTotal ?? order.total, total: priced.total },
          { quote: orders.quote(dealerId, { lines: cart, payment }) },
        )
      }
      const paymentErrors = validateAllocation(
        priced.total,
        payment,
        orders.capacityFor(dealerId, priced.total).capacity,
      )
      if (paymentErrors.length > 0) throw fromDomainErrors(paymentErrors)
      order.lines.forEach((line, index) => {
        const fresh = priced.lines[index]
        line.unitPrice = fresh?.unitPrice ?? line.unitPrice
        line.amount = fresh?.amount ?? line.amount
      })
      order.total = priced.total
      order.payment = { ...payment }
      order.approval = {
        ...order.approval,
        decidedBy,
        decidedAt: ctx.now(),
        priceChanges,
      }
      // The sandbox keeps the held order's id (ShareCRM creates the order anew).
      order.heldOrderId = order.id
      orders.moveTo(order, 'under_review', null)
      orders.reserve(order)
      orders.save(order)
      return { order, priceChanges }
    })
  }

  /** An admin declines a held order with a reason; nothing was reserved, nothing to release. */
  function decline(
    dealerId: string,
    orderId: string,
    request: DeclineOrderRequest,
    decidedBy: string,
  ): Order {
    return ctx.db.transaction(() => {
      const order = awaiting(dealerId, orderId)
      order.approval = {
        ...order.approval,
        decidedBy,
        decidedAt: ctx.now(),
        declineReason: request.reason,
      }
      orders.moveTo(order, 'declined', request.reason)
      orders.save(order)
      return order
    })
  }

  /** The dealer's held orders, oldest first. */
  function awaitingApproval(dealerId: string): Order[] {
    return ctx.db
      .all<{ json: string }>(
        `SELECT json FROM orders WHERE dealer_id = ? AND status = 'awaiting_approval'
         ORDER BY created_at, id`,
        [dealerId],
      )
      .map((row) => JSON.parse(row.json) as Order)
  }

  return { approve: approveHeld, decline, awaitingApproval }
}
