/**
 * The orders feed (per dealer) and the deliveries feed it feeds: an order is derived from the
 * order, its lines, its delivery notes, returns and invoice-request lines (sharecrm.md "Order
 * status is derived"); a change to any of them re-projects the order.
 */
import type { Address, Delivery, Order } from '../../../../../shared/api'
import { invoiceableAmount, sumFen, type OrderStatus } from '../../../../../shared/domain'
import type { FieldMap } from '../../fieldMap'
import { lookupId, text, toFen, toQuantity, toTime, type UpstreamRecord } from '../../values'
import type { Queryable } from '../../db/driver'
import { feedKey, history, previousRecord, writeFeedEntries, type FeedWrite } from '../feedEntries'
import type { Projection, ProjectionContext } from '../projection'
import { recordsById, recordsByParent, type MirrorRow } from '../records'
import { NO_NAMES, productNames } from './catalog'
import { deliveryRecord } from './deliveries'
import { invoiceStatus } from './invoiceRequests'
import { returnStatus } from './returns'

export function shipToAddress(map: FieldMap, data: UpstreamRecord): Address {
  const f = map.order
  return {
    id: text(data.dd_address_id__c) || 'ship-to',
    contact: text(data[f.shipToContact]),
    phone: text(data[f.shipToPhone]),
    province: '',
    city: '',
    district: '',
    line: text(data[f.shipToAddress]),
    isDefault: false,
  }
}

export function orderStatus(
  lifeStatus: string,
  lines: { quantity: number; deliveredQuantity: number }[],
  deliveries: Delivery[],
): OrderStatus {
  if (lifeStatus === 'under_review' || lifeStatus === 'in_change') return 'under_review'
  if (lifeStatus === 'ineffective') return 'rejected'
  if (lifeStatus === 'invalid') return 'cancelled'
  const delivered = lines.reduce(
    (sum, line) => sum + Math.min(line.deliveredQuantity, line.quantity),
    0,
  )
  const ordered = lines.reduce((sum, line) => sum + line.quantity, 0)
  if (delivered === 0) return 'confirmed'
  if (delivered < ordered) return 'partially_delivered'
  return deliveries.length > 0 && deliveries.every((delivery) => delivery.status === 'received')
    ? 'received'
    : 'delivered'
}

/** The idempotency key of a SalesOrderObj created when an admin approved a held order. */
export const APPROVAL_KEY_PREFIX = 'approval:'

/**
 * Orders created on approval of a held order (key `approval:<held id>`, approvals.ts): the held
 * order's id and its approval record (reasons, who decided and when, price changes) from the
 * gateway database, so the approved order carries them as the sandbox's does.
 */
async function heldOrigins(
  context: ProjectionContext,
  orders: readonly MirrorRow[],
): Promise<Map<string, Pick<Order, 'approval' | 'heldOrderId'>>> {
  const origins = new Map<string, Pick<Order, 'approval' | 'heldOrderId'>>()
  const heldIdOf = new Map<string, string>()
  for (const row of orders) {
    const key = text(row.data?.[context.map.order.idempotencyKey])
    if (key.startsWith(APPROVAL_KEY_PREFIX))
      heldIdOf.set(row.id, key.slice(APPROVAL_KEY_PREFIX.length))
  }
  if (heldIdOf.size === 0) return origins
  const rows = await context.tx.query<{ id: string; order_json: string }>(
    'SELECT id, order_json FROM held_orders WHERE id = ANY($1::text[])',
    [[...new Set(heldIdOf.values())]],
  )
  const approvals = new Map(
    rows.map((row) => [row.id, (JSON.parse(row.order_json) as Order).approval]),
  )
  for (const [orderId, heldOrderId] of heldIdOf) {
    const approval = approvals.get(heldOrderId)
    origins.set(orderId, { ...(approval ? { approval } : {}), heldOrderId })
  }
  return origins
}

/**
 * At approval: the order created from a held one carries the held id and the decision, and the
 * held entry becomes a tombstone after it (so a client replaces the one with the other). Answers
 * the order as the feed now serves it.
 */
export async function replaceHeldEntry(
  tx: Queryable,
  submitted: Order,
  heldOrderId: string,
  approval: Order['approval'],
  now: number,
): Promise<Order> {
  const { dealerId } = submitted
  const current = (await previousRecord<Order>(tx, 'orders', dealerId, submitted.id)) ?? submitted
  const record: Order = { ...current, approval, heldOrderId, modifiedAt: 0 }
  const written = await writeFeedEntries(
    tx,
    [
      { feed: 'orders', scope: dealerId, id: submitted.id, record },
      { feed: 'orders', scope: dealerId, id: heldOrderId, record: null },
    ],
    now,
  )
  const json = written.get(feedKey('orders', dealerId, submitted.id))
  return json ? (JSON.parse(json) as Order) : { ...record, modifiedAt: current.modifiedAt }
}

/**
 * Orders, with their deliveries: run last, after the returns and invoice requests that touched
 * orders (project.ts), since an order's amounts come from them.
 */
export const ordersProjection: Projection = {
  key: 'orders',
  async project(context, ids) {
    return { writes: await projectOrders(context, ids) }
  },
}

async function projectOrders(context: ProjectionContext, ids: string[]): Promise<FeedWrite[]> {
  const { tx, map, now } = context
  const orders = await recordsById(tx, map.order.object, ids)
  const lines = await recordsByParent(tx, map.orderLine.object, ids)
  const notes = (await recordsByParent(tx, map.delivery.object, ids)).filter((note) => !note.gone)
  const noteLines = await recordsByParent(
    tx,
    map.deliveryLine.object,
    notes.map((note) => note.id),
  )
  const returns = (await recordsByParent(tx, map.return.object, ids)).filter((row) => !row.gone)
  const returnLines = await recordsByParent(
    tx,
    map.returnLine.object,
    returns.map((row) => row.id),
  )
  const invoiceLines = (
    await tx.query<MirrorRow>(
      `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
       WHERE object = $1 AND NOT gone AND data->>$2 = ANY($3::text[])`,
      [map.invoiceRequestLine.object, map.invoiceRequestLine.order, ids],
    )
  ).filter((row) => row.data)
  const invoiceHeads = new Map(
    (
      await recordsById(
        tx,
        map.invoiceRequest.object,
        invoiceLines.map((row) => row.parent_id ?? ''),
      )
    ).map((row) => [row.id, row]),
  )
  const names = await productNames(context, [
    ...lines.map((row) => lookupId(row.data[map.orderLine.product])),
    ...noteLines.map((row) => lookupId(row.data[map.deliveryLine.product])),
  ])
  const held = await heldOrigins(context, orders)
  const writes: FeedWrite[] = []
  for (const row of orders) {
    const dealerId = row.dealer_id ?? ''
    if (!dealerId) continue
    const data = row.data
    const f = map.order
    const myLines = lines.filter((line) => line.parent_id === row.id && !line.gone)
    const myNotes = notes.filter((note) => note.parent_id === row.id)
    const servedNotes = myNotes.filter((note) =>
      ['has_delivered', 'received'].includes(text(note.data[map.delivery.status])),
    )
    const deliveredByLine = new Map<string, number>()
    for (const noteLine of noteLines) {
      if (noteLine.gone || !servedNotes.some((note) => note.id === noteLine.parent_id)) continue
      const lineId = lookupId(noteLine.data[map.deliveryLine.orderLine])
      deliveredByLine.set(
        lineId,
        (deliveredByLine.get(lineId) ?? 0) +
          (toQuantity(noteLine.data[map.deliveryLine.shipped]) ?? 0),
      )
    }
    const returnedByLine = new Map<string, number>()
    for (const returnLine of returnLines) {
      const head = returns.find((candidate) => candidate.id === returnLine.parent_id)
      if (returnLine.gone || !head || returnStatus(map, head.data) === 'rejected') continue
      const lineId = lookupId(returnLine.data[map.returnLine.orderLine])
      returnedByLine.set(
        lineId,
        (returnedByLine.get(lineId) ?? 0) +
          (toQuantity(returnLine.data[map.returnLine.quantity]) ?? 0),
      )
    }
    const orderLines = myLines.map((line) => {
      const productId = lookupId(line.data[map.orderLine.product])
      const quantity = Math.max(1, toQuantity(line.data[map.orderLine.quantity]) ?? 1)
      const unitPrice = Math.max(0, toFen(line.data[map.orderLine.unitPrice]) ?? 0)
      return {
        lineId: line.id,
        productId,
        ...(names.get(productId) ?? NO_NAMES),
        quantity,
        unitPrice,
        amount: Math.max(0, toFen(line.data[map.orderLine.amount]) ?? quantity * unitPrice),
        deliveredQuantity: deliveredByLine.get(line.id) ?? 0,
        returnedQuantity: returnedByLine.get(line.id) ?? 0,
      }
    })
    const deliveries = servedNotes.map((note) =>
      deliveryRecord(
        map,
        note,
        noteLines,
        orderLines,
        names,
        text(data[f.number]),
        dealerId,
        shipToAddress(map, data),
      ),
    )
    const status = orderStatus(text(row.life_status), orderLines, deliveries)
    const previous = await previousRecord<Order>(tx, 'orders', dealerId, row.id)
    const deliveredAmount = sumFen(
      orderLines.map((line) => line.deliveredQuantity * line.unitPrice),
    )
    const returnedAmount = sumFen(orderLines.map((line) => line.returnedQuantity * line.unitPrice))
    const invoiceRequestedAmount = sumFen(
      invoiceLines
        .filter((line) => lookupId(line.data[map.invoiceRequestLine.order]) === row.id)
        .filter(
          (line) =>
            invoiceStatus(map, invoiceHeads.get(line.parent_id ?? '')?.data ?? {}) !== 'rejected',
        )
        .map((line) => Math.max(0, toFen(line.data[map.invoiceRequestLine.amount]) ?? 0)),
    )
    const createdAt = toTime(data[f.placed]) ?? toTime(data.create_time) ?? now
    const order: Order = {
      id: row.id,
      number: text(data[f.number]),
      dealerId,
      status,
      lines: orderLines,
      total: Math.max(0, toFen(data[f.total]) ?? sumFen(orderLines.map((line) => line.amount))),
      payment: {
        deposit: Math.max(0, toFen(data[f.deposit]) ?? 0),
        rebate: Math.max(0, toFen(data[f.rebate]) ?? 0),
        credit: Math.max(0, toFen(data[f.credit]) ?? 0),
      },
      deducted: previous?.deducted ?? { deposit: 0, rebate: 0, credit: 0 },
      address: shipToAddress(map, data),
      remark: text(data[f.remark]) || null,
      requestedDeliveryDate: toTime(data[f.requestedDate]),
      statusHistory: history(
        previous,
        status,
        previous ? (toTime(data.last_modified_time) ?? now) : createdAt,
      ),
      deliveredAmount,
      returnedAmount,
      invoiceRequestedAmount,
      invoiceableAmount: invoiceableAmount({
        deliveredAmount,
        returnedAmount,
        requestedAmount: invoiceRequestedAmount,
      }),
      deliveryIds: deliveries.map((delivery) => delivery.id),
      returnIds: returns
        .filter((candidate) => candidate.parent_id === row.id)
        .map((candidate) => candidate.id),
      invoiceRequestIds: [
        ...new Set(
          invoiceLines
            .filter((line) => lookupId(line.data[map.invoiceRequestLine.order]) === row.id)
            .map((line) => line.parent_id ?? ''),
        ),
      ],
      createdBy: text(data[f.placedBy]),
      createdAt,
      modifiedAt: 0,
      ...held.get(row.id),
    }
    writes.push({
      feed: 'orders',
      scope: dealerId,
      id: row.id,
      record: row.gone && text(row.life_status) !== 'invalid' ? null : { ...order },
    })
    for (const delivery of deliveries) {
      const previousDelivery = await previousRecord<Delivery>(
        tx,
        'deliveries',
        dealerId,
        delivery.id,
      )
      delivery.statusHistory = history(
        previousDelivery,
        delivery.status,
        delivery.receivedAt ?? delivery.shippedAt,
      )
      writes.push({ feed: 'deliveries', scope: dealerId, id: delivery.id, record: { ...delivery } })
    }
    for (const note of myNotes.filter((candidate) => !servedNotes.includes(candidate))) {
      writes.push({ feed: 'deliveries', scope: dealerId, id: note.id, record: null })
    }
  }
  return writes
}
