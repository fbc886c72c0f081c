/**
 * From mirrored ShareCRM records to Portal feed records (`feed_entries`): the JSON each feed
 * serves, written only when it changed, with a new change-sequence value (db/schema.ts). A gone
 * record becomes a tombstone. Orders are derived from the order, its lines, its delivery notes,
 * returns and invoice-request lines (sharecrm.md "Order status is derived"); a change to any of
 * them re-projects the order.
 */
import type {
  Address,
  Delivery,
  InvoiceRequest,
  Order,
  PriceList,
  PriceListItem,
  Product,
  Return,
} from '../../../../shared/api'
import { RETURN_REASON_VALUES } from '../../../../shared/api'
import {
  INVOICE_REQUEST_STATUSES,
  RETURN_STATUSES,
  invoiceableAmount,
  sumFen,
  type OrderStatus,
} from '../../../../shared/domain'
import type { Queryable } from '../db/driver'
import { nextSeq } from '../db/schema'
import type { FieldMap } from '../fieldMap'
import { lookupId, text, toFen, toQuantity, toTime, type UpstreamRecord } from '../values'
import { recordsById, recordsByParent, type MirrorRow } from './records'

/** Option labels of select fields: object → field → value → label (from describe). */
export type OptionLabels = Record<string, Record<string, Record<string, string>>>

export async function loadLabels(db: Queryable): Promise<OptionLabels> {
  const rows = await db.query<{ key: string; value: Record<string, Record<string, string>> }>(
    "SELECT key, value FROM meta WHERE key LIKE 'options:%'",
  )
  return Object.fromEntries(rows.map((row) => [row.key.slice('options:'.length), row.value]))
}

export interface FeedWrite {
  feed: string
  scope: string
  id: string
  /** null: tombstone. The `modifiedAt` placeholder `"modifiedAt":0` is replaced by the entry's seq. */
  record: Record<string, unknown> | null
}

/**
 * Writes the entries whose JSON differs from what the feed holds, each with a fresh seq stamped
 * into the record's `modifiedAt`. Answers the written entries' JSON by feed/scope/id.
 */
export async function writeFeedEntries(
  tx: Queryable,
  writes: readonly FeedWrite[],
  now = Date.now(),
): Promise<Map<string, string>> {
  const written = new Map<string, string>()
  if (writes.length === 0) return written
  const keyOf = (write: { feed: string; scope: string; id: string }) =>
    `${write.feed}\u0000${write.scope}\u0000${write.id}`
  const existing = await tx.query<{
    feed: string
    scope: string
    id: string
    deleted: boolean
    json: string | null
  }>(
    `SELECT f.feed, f.scope, f.id, f.deleted, f.json FROM feed_entries f
     JOIN jsonb_to_recordset($1::jsonb) AS x(feed text, scope text, id text) ON f.feed = x.feed AND f.scope = x.scope AND f.id = x.id`,
    [JSON.stringify(writes.map(({ feed, scope, id }) => ({ feed, scope, id })))],
  )
  const held = new Map(existing.map((row) => [keyOf(row), row]))
  const changed: { write: FeedWrite; body: string | null }[] = []
  for (const write of writes) {
    const before = held.get(keyOf(write))
    const body = write.record ? JSON.stringify({ ...write.record, modifiedAt: 0 }) : null
    if (!before && body === null) continue
    if (before) {
      const beforeBody =
        before.json === null ? null : before.json.replace(/"modifiedAt":\d+/, '"modifiedAt":0')
      if (beforeBody === body && before.deleted === (body === null)) continue
    }
    changed.push({ write, body })
  }
  if (changed.length === 0) return written
  const first = await nextSeq(tx, changed.length, now)
  const rows = changed.map(({ write, body }, index) => {
    const seq = first + index
    const json = body === null ? null : body.replace('"modifiedAt":0', `"modifiedAt":${seq}`)
    if (json) written.set(keyOf(write), json)
    return { feed: write.feed, scope: write.scope, id: write.id, seq, deleted: json === null, json }
  })
  await tx.query(
    `INSERT INTO feed_entries (feed, scope, id, seq, deleted, json)
     SELECT x.feed, x.scope, x.id, x.seq, x.deleted, x.json
     FROM jsonb_to_recordset($1::jsonb) AS x(feed text, scope text, id text, seq bigint, deleted boolean, json text)
     ON CONFLICT (feed, scope, id) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, json = excluded.json`,
    [JSON.stringify(rows)],
  )
  return written
}

/** The record's ShareCRM JSON order (modifiedAt first-level, replaced by the seq). */
export function feedKey(feed: string, scope: string, id: string): string {
  return `${feed}\u0000${scope}\u0000${id}`
}

const label = (labels: OptionLabels, object: string, field: string, value: unknown): string => {
  const key = text(value)
  return labels[object]?.[field]?.[key] ?? key
}

export function productRecord(map: FieldMap, labels: OptionLabels, row: MirrorRow): Product {
  const f = map.product
  const data = row.data
  const category = text(data[f.category])
  const unitZh = label(labels, f.object, f.unit, data[f.unit])
  const nameZh = text(data[f.nameZh])
  const specZh = text(data[f.specZh])
  return {
    id: row.id,
    sku: text(data[f.sku]),
    barcode: text(data[f.barcode]),
    nameZh,
    nameEn: text(data[f.nameEn]) || nameZh,
    categoryId: category || 'none',
    categoryNameZh: label(labels, f.object, f.category, category),
    categoryNameEn: label(labels, f.object, f.category, category),
    unitZh,
    unitEn: text(data[f.unitEn]) || unitZh,
    specZh,
    specEn: specZh,
    status: text(data[f.status]) === '1' ? 'onSale' : 'offSale',
    imageUrl: null,
    modifiedAt: 0,
  }
}

export function priceListRecord(map: FieldMap, row: MirrorRow, assignmentLive: boolean): PriceList {
  const f = map.priceList
  const data = row.data
  const priority = Number(text(data[f.priority]))
  return {
    id: row.id,
    nameZh: text(data[f.nameZh]),
    nameEn: text(data[f.nameEn]) || text(data[f.nameZh]),
    priority:
      text(data[f.priority]) !== '' && Number.isInteger(priority)
        ? priority
        : (toTime(data.create_time) ?? 0),
    active: assignmentLive && text(data[f.active]) === '1',
    validFrom: toTime(data[f.validFrom]),
    validTo: toTime(data[f.validTo]),
    modifiedAt: 0,
  }
}

export function priceListItemRecord(map: FieldMap, row: MirrorRow): PriceListItem {
  const f = map.priceListItem
  const data = row.data
  return {
    id: row.id,
    priceListId: lookupId(data[f.priceList]),
    productId: lookupId(data[f.product]),
    price: Math.max(0, toFen(data[f.price]) ?? 0),
    tiers: [],
    minQuantity: Math.max(1, toQuantity(data[f.minQuantity]) ?? 1),
    step: Math.max(1, toQuantity(data[f.step]) ?? 1),
    validFrom: null,
    validTo: null,
    modifiedAt: 0,
  }
}

export interface Affected {
  products: Set<string>
  priceItems: Set<string>
  priceLists: Set<string>
  orders: Set<string>
  returns: Set<string>
  invoiceRequests: Set<string>
}

export function emptyAffected(): Affected {
  return {
    products: new Set(),
    priceItems: new Set(),
    priceLists: new Set(),
    orders: new Set(),
    returns: new Set(),
    invoiceRequests: new Set(),
  }
}

/** Which Portal records a changed page of `resource` touches. */
export async function affectedBy(
  db: Queryable,
  map: FieldMap,
  resource: string,
  rows: readonly MirrorRow[],
  into = emptyAffected(),
): Promise<Affected> {
  const add = (set: Set<string>, values: Iterable<string | null | undefined>) => {
    for (const value of values) if (value) set.add(value)
  }
  switch (resource) {
    case 'product':
      add(
        into.products,
        rows.map((row) => row.id),
      )
      break
    case 'priceList':
      add(
        into.priceLists,
        rows.map((row) => row.id),
      )
      break
    case 'priceListDealer':
      add(
        into.priceLists,
        rows.map((row) => row.parent_id),
      )
      break
    case 'priceListItem':
      add(
        into.priceItems,
        rows.map((row) => row.id),
      )
      break
    case 'order':
    case 'delivery':
      add(
        into.orders,
        rows.map((row) => (resource === 'order' ? row.id : row.parent_id)),
      )
      break
    case 'orderLine':
      add(
        into.orders,
        rows.map((row) => row.parent_id),
      )
      break
    case 'deliveryLine': {
      const notes = await recordsById(
        db,
        map.delivery.object,
        rows.map((row) => row.parent_id ?? ''),
      )
      add(
        into.orders,
        notes.map((note) => note.parent_id),
      )
      break
    }
    case 'return':
      add(
        into.returns,
        rows.map((row) => row.id),
      )
      add(
        into.orders,
        rows.map((row) => row.parent_id),
      )
      break
    case 'returnLine':
    case 'refund':
      add(
        into.returns,
        rows.map((row) => row.parent_id),
      )
      break
    case 'invoiceRequest':
      add(
        into.invoiceRequests,
        rows.map((row) => row.id),
      )
      break
    case 'invoiceRequestLine':
      add(
        into.invoiceRequests,
        rows.map((row) => row.parent_id),
      )
      add(
        into.orders,
        rows.map((row) => lookupId(row.data[map.invoiceRequestLine.order])),
      )
      break
  }
  return into
}

/** Re-projects everything in `affected` into the feeds. */
export async function project(
  tx: Queryable,
  map: FieldMap,
  affected: Affected,
  now = Date.now(),
): Promise<Map<string, string>> {
  const labels = await loadLabels(tx)
  const writes: FeedWrite[] = []
  for (const row of await recordsById(tx, map.product.object, [...affected.products])) {
    writes.push({
      feed: 'products',
      scope: '',
      id: row.id,
      record: row.gone ? null : { ...productRecord(map, labels, row) },
    })
  }
  for (const row of await recordsById(tx, map.priceListItem.object, [...affected.priceItems])) {
    const item = priceListItemRecord(map, row)
    writes.push({
      feed: 'price_list_items',
      scope: item.priceListId,
      id: row.id,
      record: row.gone ? null : { ...item },
    })
  }
  if (affected.priceLists.size) {
    const lists = new Map(
      (await recordsById(tx, map.priceList.object, [...affected.priceLists])).map((row) => [
        row.id,
        row,
      ]),
    )
    for (const assignment of await recordsByParent(tx, map.priceListDealer.object, [
      ...affected.priceLists,
    ])) {
      const list = lists.get(assignment.parent_id ?? '')
      if (!list || !assignment.dealer_id) continue
      writes.push({
        feed: 'price_lists',
        scope: assignment.dealer_id,
        id: list.id,
        record: list.gone || assignment.gone ? null : { ...priceListRecord(map, list, true) },
      })
    }
  }
  // Returns and invoice requests change their orders' amounts: project those orders too.
  const returns = await projectReturns(tx, map, labels, affected.returns)
  for (const orderId of returns.orderIds) affected.orders.add(orderId)
  const invoices = await projectInvoiceRequests(tx, map, affected.invoiceRequests)
  for (const orderId of invoices.orderIds) affected.orders.add(orderId)
  writes.push(
    ...returns.writes,
    ...invoices.writes,
    ...(await projectOrders(tx, map, labels, affected.orders, now)),
  )
  return writeFeedEntries(tx, writes, now)
}

async function previousRecord<T>(
  tx: Queryable,
  feed: string,
  scope: string,
  id: string,
): Promise<T | null> {
  const rows = await tx.query<{ json: string | null }>(
    'SELECT json FROM feed_entries WHERE feed = $1 AND scope = $2 AND id = $3',
    [feed, scope, id],
  )
  return rows[0]?.json ? (JSON.parse(rows[0].json) as T) : null
}

/** Keeps the previous history and appends the new status when it changed. */
function history(
  previous: { statusHistory?: { status: string; at: number; note: string | null }[] } | null,
  status: string,
  at: number,
) {
  const entries = previous?.statusHistory ? [...previous.statusHistory] : []
  if (entries.at(-1)?.status !== status) entries.push({ status, at, note: null })
  return entries
}

function shipToAddress(map: FieldMap, data: UpstreamRecord): Address {
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

interface ProductNames {
  sku: string
  nameZh: string
  nameEn: string
  specZh: string
  specEn: string
  unitZh: string
  unitEn: string
}

async function productNames(
  tx: Queryable,
  map: FieldMap,
  labels: OptionLabels,
  ids: Iterable<string>,
): Promise<Map<string, ProductNames>> {
  const rows = await recordsById(tx, map.product.object, [...new Set(ids)])
  return new Map(
    rows.map((row) => {
      const product = productRecord(map, labels, row)
      const { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn } = product
      return [row.id, { sku, nameZh, nameEn, specZh, specEn, unitZh, unitEn }]
    }),
  )
}

const NO_NAMES: ProductNames = {
  sku: '',
  nameZh: '',
  nameEn: '',
  specZh: '',
  specEn: '',
  unitZh: '',
  unitEn: '',
}

function orderStatus(
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

async function projectOrders(
  tx: Queryable,
  map: FieldMap,
  labels: OptionLabels,
  orderIds: Set<string>,
  now: number,
): Promise<FeedWrite[]> {
  if (orderIds.size === 0) return []
  const ids = [...orderIds]
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
  const names = await productNames(tx, map, labels, [
    ...lines.map((row) => lookupId(row.data[map.orderLine.product])),
    ...noteLines.map((row) => lookupId(row.data[map.deliveryLine.product])),
  ])
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

function deliveryRecord(
  map: FieldMap,
  note: MirrorRow,
  noteLines: MirrorRow[],
  orderLines: Order['lines'],
  names: Map<string, ProductNames>,
  orderNumber: string,
  dealerId: string,
  address: Address,
): Delivery {
  const f = map.delivery
  const status = text(note.data[f.status]) === 'received' ? 'received' : 'has_delivered'
  const lines = noteLines
    .filter((line) => line.parent_id === note.id && !line.gone)
    .map((line) => {
      const orderLineId = lookupId(line.data[map.deliveryLine.orderLine])
      const productId = lookupId(line.data[map.deliveryLine.product])
      const quantity = Math.max(1, toQuantity(line.data[map.deliveryLine.shipped]) ?? 1)
      const unitPrice =
        orderLines.find((candidate) => candidate.lineId === orderLineId)?.unitPrice ?? 0
      const received = toQuantity(line.data[map.deliveryLine.received])
      return {
        deliveryLineId: line.id,
        orderLineId,
        productId,
        ...(names.get(productId) ?? NO_NAMES),
        quantity,
        unitPrice,
        amount: quantity * unitPrice,
        receivedQuantity: status === 'received' ? (received ?? quantity) : null,
      }
    })
  const shippedAt = toTime(note.data[f.shipped]) ?? toTime(note.data.create_time) ?? 0
  return {
    id: note.id,
    number: text(note.data[f.number]),
    dealerId,
    orderId: note.parent_id ?? '',
    orderNumber,
    status,
    carrier: text(note.data[f.carrier]),
    trackingNumber: text(note.data[f.tracking]),
    warehouse: '',
    shippedAt,
    address,
    lines,
    amount: sumFen(lines.map((line) => line.amount)),
    receivedAt:
      status === 'received'
        ? (toTime(note.data[f.received]) ?? toTime(note.data.last_modified_time))
        : null,
    receiptRemark: text(note.data[f.remark]) || null,
    statusHistory: [],
    createdAt: toTime(note.data.create_time) ?? shippedAt,
    modifiedAt: 0,
  }
}

export function returnStatus(map: FieldMap, data: UpstreamRecord): Return['status'] {
  const status = text(data[map.return.status])
  if ((RETURN_STATUSES as readonly string[]).includes(status)) return status as Return['status']
  const life = text(data.life_status)
  if (life === 'normal') return 'approved'
  if (life === 'ineffective' || life === 'invalid') return 'rejected'
  return 'under_review'
}

export function invoiceStatus(map: FieldMap, data: UpstreamRecord): InvoiceRequest['status'] {
  const status = text(data[map.invoiceRequest.status])
  if ((INVOICE_REQUEST_STATUSES as readonly string[]).includes(status))
    return status as InvoiceRequest['status']
  const life = text(data.life_status)
  if (life === 'ineffective' || life === 'invalid') return 'rejected'
  return life === 'normal' && status === 'issued' ? 'issued' : 'under_review'
}

async function projectReturns(
  tx: Queryable,
  map: FieldMap,
  labels: OptionLabels,
  returnIds: Set<string>,
) {
  const writes: FeedWrite[] = []
  const orderIds = new Set<string>()
  if (returnIds.size === 0) return { writes, orderIds }
  const heads = await recordsById(tx, map.return.object, [...returnIds])
  const lines = await recordsByParent(
    tx,
    map.returnLine.object,
    heads.map((row) => row.id),
  )
  const refunds = await recordsByParent(
    tx,
    map.refund.object,
    heads.map((row) => row.id),
  )
  const orderLines = await recordsById(
    tx,
    map.orderLine.object,
    lines.map((line) => lookupId(line.data[map.returnLine.orderLine])),
  )
  const orders = await recordsById(tx, map.order.object, [
    ...new Set(orderLines.map((line) => line.parent_id ?? '')),
  ])
  const names = await productNames(
    tx,
    map,
    labels,
    lines.map((line) => lookupId(line.data[map.returnLine.product])),
  )
  for (const head of heads) {
    if (head.parent_id) orderIds.add(head.parent_id)
    const dealerId = head.dealer_id ?? ''
    if (!dealerId) continue
    const status = returnStatus(map, head.data)
    const myLines = lines
      .filter((line) => line.parent_id === head.id && !line.gone)
      .map((line) => {
        const orderLineId = lookupId(line.data[map.returnLine.orderLine])
        const orderId =
          orderLines.find((candidate) => candidate.id === orderLineId)?.parent_id ??
          head.parent_id ??
          ''
        orderIds.add(orderId)
        const productId = lookupId(line.data[map.returnLine.product])
        const { sku, nameZh, nameEn, unitZh, unitEn } = names.get(productId) ?? NO_NAMES
        const quantity = Math.max(1, toQuantity(line.data[map.returnLine.quantity]) ?? 1)
        const unitPrice = Math.max(0, toFen(line.data[map.returnLine.unitPrice]) ?? 0)
        return {
          orderId,
          orderNumber: text(orders.find((order) => order.id === orderId)?.data[map.order.number]),
          orderLineId,
          productId,
          sku,
          nameZh,
          nameEn,
          unitZh,
          unitEn,
          quantity,
          unitPrice,
          amount: Math.max(0, toFen(line.data[map.returnLine.amount]) ?? quantity * unitPrice),
        }
      })
    const refund = { deposit: 0, rebate: 0, credit: 0 }
    for (const row of refunds.filter(
      (candidate) => candidate.parent_id === head.id && !candidate.gone,
    )) {
      const account = text(row.data[map.refund.account]) as keyof typeof refund
      if (account in refund) refund[account] += Math.max(0, toFen(row.data[map.refund.amount]) ?? 0)
    }
    const reasonValue = text(head.data[map.return.reason])
    const reason = (RETURN_REASON_VALUES as readonly string[]).includes(reasonValue)
      ? (reasonValue as Return['reason'])
      : 'other'
    const previous = await previousRecord<Return>(tx, 'returns', dealerId, head.id)
    const createdAt = toTime(head.data.create_time) ?? 0
    const record: Return = {
      id: head.id,
      number: text(head.data[map.return.number]),
      dealerId,
      status,
      reason,
      reasonText:
        reason === 'other' ? reasonValue || null : text(head.data.dd_reason_text__c) || null,
      remark: text(head.data.remark) || null,
      lines: myLines,
      amount: Math.max(
        0,
        toFen(head.data[map.return.amount]) ?? sumFen(myLines.map((line) => line.amount)),
      ),
      refund:
        status === 'refunded' || refunds.some((row) => row.parent_id === head.id) ? refund : null,
      rejectReason: status === 'rejected' ? text(head.data.reject_reason__c) || null : null,
      statusHistory: history(
        previous,
        status,
        previous ? (toTime(head.data.last_modified_time) ?? createdAt) : createdAt,
      ),
      createdBy: text(head.data.dd_placed_by__c),
      createdAt,
      modifiedAt: 0,
    }
    writes.push({
      feed: 'returns',
      scope: dealerId,
      id: head.id,
      record: head.gone ? null : { ...record },
    })
  }
  return { writes, orderIds }
}

async function projectInvoiceRequests(tx: Queryable, map: FieldMap, requestIds: Set<string>) {
  const writes: FeedWrite[] = []
  const orderIds = new Set<string>()
  if (requestIds.size === 0) return { writes, orderIds }
  const heads = await recordsById(tx, map.invoiceRequest.object, [...requestIds])
  const lines = await recordsByParent(
    tx,
    map.invoiceRequestLine.object,
    heads.map((row) => row.id),
  )
  const orders = await recordsById(
    tx,
    map.order.object,
    lines.map((line) => lookupId(line.data[map.invoiceRequestLine.order])),
  )
  const profiles = await recordsById(
    tx,
    map.invoiceProfile.object,
    heads.map((row) => lookupId(row.data[map.invoiceRequest.profile])),
  )
  for (const head of heads) {
    const dealerId = head.dealer_id ?? ''
    if (!dealerId) continue
    const f = map.invoiceRequest
    const status = invoiceStatus(map, head.data)
    const myLines = lines.filter((line) => line.parent_id === head.id && !line.gone)
    for (const line of myLines) orderIds.add(lookupId(line.data[map.invoiceRequestLine.order]))
    const profileRow = profiles.find((row) => row.id === lookupId(head.data[f.profile]))
    const type = text(head.data[f.type])
    const previous = await previousRecord<InvoiceRequest>(tx, 'invoice_requests', dealerId, head.id)
    const createdAt = toTime(head.data.create_time) ?? 0
    const record: InvoiceRequest = {
      id: head.id,
      number: text(head.data[f.number]),
      dealerId,
      status,
      type: (['vatSpecial', 'vatGeneral', 'electronicGeneral'].includes(type)
        ? type
        : 'vatGeneral') as InvoiceRequest['type'],
      profile:
        previous?.profile ?? invoiceProfileRecord(map, profileRow, lookupId(head.data[f.profile])),
      orders: myLines.map((line) => {
        const orderId = lookupId(line.data[map.invoiceRequestLine.order])
        return {
          orderId,
          orderNumber: text(orders.find((order) => order.id === orderId)?.data[map.order.number]),
          amount: Math.max(0, toFen(line.data[map.invoiceRequestLine.amount]) ?? 0),
        }
      }),
      amount: Math.max(0, toFen(head.data[f.amount]) ?? 0),
      remark: text(head.data.remark) || null,
      invoiceNumber: text(head.data.invoice_no__c) || null,
      issuedAt: status === 'issued' ? toTime(head.data.last_modified_time) : null,
      rejectReason: status === 'rejected' ? text(head.data.reject_reason__c) || null : null,
      statusHistory: history(
        previous,
        status,
        previous ? (toTime(head.data.last_modified_time) ?? createdAt) : createdAt,
      ),
      createdBy: text(head.data.dd_placed_by__c),
      createdAt,
      modifiedAt: 0,
    }
    writes.push({
      feed: 'invoice_requests',
      scope: dealerId,
      id: head.id,
      record: head.gone ? null : { ...record },
    })
  }
  return { writes, orderIds }
}

export function invoiceProfileRecord(map: FieldMap, row: MirrorRow | undefined, id: string) {
  const f = map.invoiceProfile
  const data = row?.data ?? {}
  const type = text(data[f.type])
  return {
    id: row?.id ?? id,
    type: (['vatSpecial', 'vatGeneral', 'electronicGeneral'].includes(type)
      ? type
      : 'vatSpecial') as InvoiceRequest['type'],
    title: text(data[f.title]),
    taxpayerId: text(data[f.taxId]),
    address: text(data[f.address]),
    phone: text(data[f.phone]),
    bankName: text(data[f.bank]),
    bankAccount: text(data[f.bankAccount]),
    email: text(data[f.email]),
    isDefault: data.is_default === true || text(data.is_default) === 'true',
    modifiedAt: toTime(data.last_modified_time) ?? 0,
  }
}
