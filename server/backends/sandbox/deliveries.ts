/**
 * Deliveries (domain.md "Deliveries"): shipping an order (operator) deducts the reserved money in
 * proportion to the delivered amount; the dealer confirms receipt. Deduction is cumulative:
 * deducted = splitProportionally(deliveredAmount, payment parts), so after the last delivery the
 * whole payment is deducted to the fen, whatever the partial shipments were.
 */
import {
  productSnapshot,
  type ConfirmReceiptRequest,
  type Delivery,
  type FeedQuery,
  type Order,
  type ShipOrderRequest,
} from '../../../shared/api'
import { canTransition, splitProportionally, sumFen } from '../../../shared/domain'
import { ApiError } from '../../errors'
import type { SandboxContext } from './context'
import { loadDocument, saveDocument } from './documents'
import { documentFeed, readFeedPage } from './feeds'
import type { Ledger } from './ledger'
import type { Orders } from './orders'

const CARRIERS = ['顺丰速运', '德邦快递', '中通快运', '京东物流', '安能物流']
const WAREHOUSES = ['嘉兴中心仓', '成都西南仓', '东莞华南仓']

export type Deliveries = ReturnType<typeof createDeliveries>

export function createDeliveries(ctx: SandboxContext, deps: { orders: Orders; ledger: Ledger }) {
  const { db } = ctx
  const { orders, ledger } = deps

  function save(delivery: Delivery): void {
    delivery.modifiedAt = ctx.stamp()
    saveDocument(db, 'deliveries', delivery, { orderId: delivery.orderId })
    ctx.changed()
  }

  /** Money moves from locked to spent for what has now been delivered. */
  function deduct(order: Order, delivery: Delivery): void {
    const { deposit, rebate, credit } = order.payment
    const [depositTarget = 0, rebateTarget = 0, creditTarget = 0] = splitProportionally(
      Math.min(order.deliveredAmount, order.total),
      [deposit, rebate, credit],
    )
    const document = {
      documentType: 'delivery' as const,
      documentId: delivery.id,
      documentNumber: delivery.number,
    }
    const depositDelta = depositTarget - order.deducted.deposit
    const rebateDelta = rebateTarget - order.deducted.rebate
    ledger.post(order.dealerId, {
      accountType: 'deposit',
      type: 'orderDeduction',
      amount: -depositDelta,
      lockedChange: -depositDelta,
      document,
      note: order.number,
    })
    ledger.post(order.dealerId, {
      accountType: 'rebate',
      type: 'rebateUse',
      amount: -rebateDelta,
      lockedChange: -rebateDelta,
      document,
      note: order.number,
    })
    // Credit stays occupied until settled; only the record of what was used moves.
    order.deducted = { deposit: depositTarget, rebate: rebateTarget, credit: creditTarget }
  }

  /** Ships lines of a confirmed order (all open quantities when `lines` is omitted). */
  function ship(orderReference: string, request: ShipOrderRequest): Delivery {
    return db.transaction(() => {
      const order = orders.load(orderReference)
      if (order.status !== 'confirmed' && order.status !== 'partially_delivered') {
        throw new ApiError('order.invalidTransition', {
          from: order.status,
          to: 'partially_delivered',
        })
      }
      const requested =
        request.lines ??
        order.lines
          .filter((line) => line.quantity > line.deliveredQuantity)
          .map((line) => ({
            orderLineId: line.lineId,
            quantity: line.quantity - line.deliveredQuantity,
          }))
      const at = ctx.now()
      const id = ctx.nextId('dlv')
      const sequence = Number(id.slice(4))
      const delivery: Delivery = {
        id,
        number: ctx.nextDocumentNumber('DN'),
        dealerId: order.dealerId,
        orderId: order.id,
        orderNumber: order.number,
        status: 'has_delivered',
        carrier: request.carrier ?? (CARRIERS[sequence % CARRIERS.length] as string),
        trackingNumber:
          request.trackingNumber ??
          `SF${String(7_100_000_000 + sequence * 7919).padStart(12, '0')}`,
        warehouse: request.warehouse ?? (WAREHOUSES[sequence % WAREHOUSES.length] as string),
        shippedAt: at,
        address: order.address,
        lines: [],
        amount: 0,
        receivedAt: null,
        receiptRemark: null,
        statusHistory: [{ status: 'has_delivered', at, note: null }],
        createdAt: at,
        modifiedAt: at,
      }
      requested.forEach((shipment, index) => {
        const line = order.lines.find((candidate) => candidate.lineId === shipment.orderLineId)
        if (!line) throw new ApiError('order.lineNotFound', { orderLineId: shipment.orderLineId })
        const open = line.quantity - line.deliveredQuantity
        if (shipment.quantity > open)
          throw new ApiError('order.shipQuantityAboveOpen', { orderLineId: line.lineId, open })
        line.deliveredQuantity += shipment.quantity
        delivery.lines.push({
          deliveryLineId: `${id}-${index + 1}`,
          orderLineId: line.lineId,
          productId: line.productId,
          ...productSnapshot(line),
          quantity: shipment.quantity,
          unitPrice: line.unitPrice,
          amount: shipment.quantity * line.unitPrice,
          receivedQuantity: null,
        })
      })
      if (delivery.lines.length === 0)
        throw new ApiError('order.invalidTransition', { from: order.status, to: 'delivered' })
      delivery.amount = sumFen(delivery.lines.map((line) => line.amount))
      const complete = order.lines.every((line) => line.deliveredQuantity >= line.quantity)
      orders.moveTo(order, complete ? 'delivered' : 'partially_delivered', delivery.number)
      order.deliveryIds.push(delivery.id)
      order.deliveredAmount = sumFen(
        order.lines.map((line) => line.deliveredQuantity * line.unitPrice),
      )
      deduct(order, delivery)
      save(delivery)
      orders.save(order)
      return delivery
    })
  }

  function load(reference: string, dealerId?: string): Delivery {
    return loadDocument<Delivery>(db, 'deliveries', reference, dealerId)
  }

  /** The dealer confirms receipt; an order whose deliveries are all received becomes `received`. */
  function confirmReceipt(
    dealerId: string,
    id: string,
    request: ConfirmReceiptRequest | undefined,
  ): Delivery {
    return db.transaction(() => {
      const delivery = load(id, dealerId)
      if (!canTransition('delivery', delivery.status, 'received'))
        throw new ApiError('delivery.alreadyReceived')
      const received = new Map(delivery.lines.map((line) => [line.deliveryLineId, line.quantity]))
      for (const line of request?.lines ?? []) {
        const shipped = received.get(line.deliveryLineId)
        if (shipped === undefined)
          throw new ApiError('delivery.lineNotFound', { deliveryLineId: line.deliveryLineId })
        if (line.receivedQuantity > shipped) {
          throw new ApiError('delivery.receivedQuantityInvalid', {
            deliveryLineId: line.deliveryLineId,
            shipped,
          })
        }
        received.set(line.deliveryLineId, line.receivedQuantity)
      }
      const at = ctx.now()
      for (const line of delivery.lines)
        line.receivedQuantity = received.get(line.deliveryLineId) ?? line.quantity
      delivery.status = 'received'
      delivery.receivedAt = at
      delivery.receiptRemark = request?.remark ?? null
      delivery.statusHistory.push({ status: 'received', at, note: request?.remark ?? null })
      save(delivery)
      const order = orders.load(delivery.orderId)
      const allReceived = order.deliveryIds.every(
        (deliveryId) => deliveryId === delivery.id || load(deliveryId).status === 'received',
      )
      if (order.status === 'delivered' && allReceived) {
        orders.moveTo(order, 'received', null)
        orders.save(order)
      }
      return delivery
    })
  }

  function feed(dealerId: string, query: FeedQuery): Buffer {
    return readFeedPage(db, documentFeed('deliveries', dealerId), query)
  }

  return { ship, confirmReceipt, load, feed }
}
