/**
 * The ShareCRM backend of the gateway (sharecrm.md): a `PortalBackend` whose reads come from the
 * mirror in the gateway database and whose writes go through to ShareCRM at once, idempotent end
 * to end:
 * 1. the route claims the Idempotency-Key (db/idempotency.ts) before anything is sent;
 * 2. the record is created with the key in `dd_idempotency_key__c` and `triggerApprovalFlow`;
 * 3. a claim that never completed (`context.recovering`) first looks the key up in ShareCRM, and
 *    the client looks it up too before retrying a create whose outcome is unknown.
 * ShareCRM's answer (the record read back) is written into the mirror and projected before the
 * write resolves, so the answer is the very record the feeds serve next.
 * Validation uses the same shared/domain rules as the sandbox, on the mirror's data.
 */
import type {
  Address,
  Balances,
  Delivery,
  FeedQuery,
  InvoiceProfile,
  InvoiceRequest,
  Me,
  Order,
  Quote,
  QuoteLine,
  QuoteRequest,
  RebateRule,
  Return,
  Role,
  RuleProblem,
  SubmitOrderRequest,
  Transaction,
  TransactionPage,
} from '../../../shared/api'
import { FEED_DEFAULT_LIMIT } from '../../../shared/api'
import {
  checkReturnLine,
  isOrderCancellable,
  returnBasisByLine,
  quoteLines,
  rebateAllowance,
  resolvePriceItem,
  suggestAllocation,
  sumFen,
  validateAllocation,
  validateInvoiceProfile,
  type PriceListAssignment,
  type PriceListItem,
} from '../../../shared/domain'
import type { FeedJson, PortalBackend, WriteContext } from '../../backend'
import { ApiError, fromDomainErrors, notFound } from '../../errors'
import { createShareCrmApprovals, isHeldOrderId } from './approvals'
import type { GatewayDb } from './db/driver'
import { createIdempotencyStore } from './db/idempotency'
import { createAuth, createUserStore } from './db/users'
import type { FieldMap } from './fieldMap'
import type { Mirror } from './mirror/mirror'
import {
  emptyAffected,
  feedKey,
  invoiceProfileRecord,
  loadLabels,
  priceListItemRecord,
  productRecord,
  project,
} from './mirror/project'
import { recordsById, recordsOfDealer, type MirrorRow } from './mirror/records'
import {
  eq,
  upstreamErrorKind,
  type ShareCrmPort,
  type ShareCrmRecord,
  type UpstreamCallOptions,
} from './upstream'
import { createShareCrmStatements } from './statements'
import { fenToDecimal, lookupId, text, toFen, toTime } from './values'

export interface ShareCrmBackendOptions {
  db: GatewayDb
  api: ShareCrmPort
  mirror: Mirror
  map: FieldMap
  clock?: () => number
  /** Seconds a client waits before asking again while the mirror fills. */
  retryAfterSeconds?: number
}

const FEED_TABLES = {
  orders: 'orders',
  deliveries: 'deliveries',
  returns: 'returns',
  invoices: 'invoice_requests',
} as const

export function createShareCrmBackend(options: ShareCrmBackendOptions): PortalBackend & {
  users: ReturnType<typeof createUserStore>
  statements: ReturnType<typeof createShareCrmStatements>
} {
  const { db, api, mirror, map } = options
  const clock = options.clock ?? Date.now
  const users = createUserStore(db, clock)

  /** Upstream errors as Portal problems: refusal, quota, outage. */
  async function upstream<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const kind = upstreamErrorKind(error)
      if (kind === 'refused') {
        const message = (error as { upstreamMessage?: string }).upstreamMessage ?? String(error)
        throw new ApiError('upstream.refused', { message }, { detail: message })
      }
      if (kind === 'quota')
        throw new ApiError('gateway.upstreamQuota', {}, { retryAfterSeconds: 3600 })
      if (kind === 'unavailable' || kind === 'auth')
        throw new ApiError('server.unavailable', {}, { retryAfterSeconds: 30 })
      throw error
    }
  }

  /** 503 while the dealer's first fill runs (mirror.ts): other dealers are served meanwhile. */
  async function requireReady(dealerId: string): Promise<void> {
    if (!(await mirror.dealerReady(dealerId))) {
      const retryAfterSeconds = options.retryAfterSeconds ?? 30
      throw new ApiError('gateway.mirrorNotReady', { retryAfterSeconds }, { retryAfterSeconds })
    }
  }

  /** A feed page; `dealerId` (whose readiness counts) is the scope unless the feed is shared. */
  async function readFeed(
    feed: string,
    scope: string,
    query: FeedQuery,
    dealerId = scope,
  ): Promise<FeedJson> {
    await requireReady(dealerId)
    const limit = query.limit ?? FEED_DEFAULT_LIMIT
    const rows = await db.query<{ id: string; seq: number; deleted: boolean; json: string | null }>(
      `SELECT id, seq, deleted, json FROM feed_entries WHERE feed = $1 AND scope = $2 AND (seq, id) > ($3::bigint, $4)
       ORDER BY seq, id LIMIT $5`,
      [feed, scope, query.since ?? 0, query.after ?? '', limit + 1],
    )
    const parts: string[] = []
    for (const row of rows.slice(0, limit)) {
      parts.push(
        row.deleted
          ? `{"id":${JSON.stringify(row.id)},"modifiedAt":${row.seq},"deleted":true}`
          : `{"id":${JSON.stringify(row.id)},"modifiedAt":${row.seq},"deleted":false,"record":${row.json}}`,
      )
    }
    const last = rows[limit - 1]
    const next =
      rows.length > limit && last
        ? `{"since":${last.seq},"after":${JSON.stringify(last.id)}}`
        : 'null'
    return `{"items":[${parts.join(',')}],"nextCursor":${next}}`
  }

  async function loadRecord<T>(feed: string, dealerId: string, id: string): Promise<T> {
    const rows = await db.query<{ json: string | null }>(
      'SELECT json FROM feed_entries WHERE feed = $1 AND scope = $2 AND id = $3 AND NOT deleted',
      [feed, dealerId, id],
    )
    if (!rows[0]?.json) throw notFound()
    return JSON.parse(rows[0].json) as T
  }

  /** An order of the dealer by id or by its number (ShareCRM `name`). */
  async function loadOrder(dealerId: string, reference: string): Promise<Order> {
    const rows = await db.query<{ json: string | null }>(
      `SELECT json FROM feed_entries WHERE feed = 'orders' AND scope = $1 AND NOT deleted AND (id = $2 OR json::jsonb->>'number' = $2)
       ORDER BY (id = $2) DESC LIMIT 1`,
      [dealerId, reference],
    )
    if (!rows[0]?.json) throw notFound()
    return JSON.parse(rows[0].json) as Order
  }

  // ------------------------------------------------------------------ dealers

  function addressOf(row: MirrorRow): Address {
    const f = map.address
    return {
      id: row.id,
      contact: text(row.data[f.contact]),
      phone: text(row.data[f.phone]),
      province: '',
      city: '',
      district: '',
      line: text(row.data[f.address]),
      isDefault: row.data[f.default] === true || text(row.data[f.default]) === 'true',
    }
  }

  async function addresses(dealerId: string): Promise<Address[]> {
    const list = (await recordsOfDealer(db, map.address.object, dealerId)).map(addressOf)
    return list.sort(
      (a, b) => Number(b.isDefault) - Number(a.isDefault) || a.id.localeCompare(b.id),
    )
  }

  async function invoiceProfiles(dealerId: string): Promise<InvoiceProfile[]> {
    return (await recordsOfDealer(db, map.invoiceProfile.object, dealerId)).map((row) =>
      invoiceProfileRecord(map, row, row.id),
    )
  }

  async function me(userId: string): Promise<Me> {
    const userRows = await db.query<{
      id: string
      account: string
      display_name: string
      preferred_language: string
    }>('SELECT id, account, display_name, preferred_language FROM users WHERE id = $1', [userId])
    const user = userRows[0]
    if (!user) throw new ApiError('auth.tokenInvalid')
    const memberships = await db.query<{ dealer_id: string; roles: string }>(
      'SELECT dealer_id, roles FROM memberships WHERE user_id = $1 ORDER BY dealer_id',
      [userId],
    )
    const accounts = new Map(
      (
        await recordsById(
          db,
          map.dealer.object,
          memberships.map((row) => row.dealer_id),
        )
      ).map((row) => [row.id, row]),
    )
    const dealers: Me['dealers'] = []
    for (const membership of memberships) {
      const account = accounts.get(membership.dealer_id)
      if (!account || account.gone) continue
      const name = text(account.data[map.dealer.name])
      dealers.push({
        id: account.id,
        code: text(account.data[map.dealer.code]),
        nameZh: name,
        nameEn: text(account.data.name_en__c) || name,
        city: text(account.data.city__c),
        roles: membership.roles.split(',') as Role[],
        addresses: await addresses(account.id),
        invoiceProfiles: await invoiceProfiles(account.id),
      })
    }
    return {
      user: {
        id: user.id,
        account: user.account,
        displayName: user.display_name,
        preferredLanguage: user.preferred_language as Me['user']['preferredLanguage'],
      },
      dealers,
    }
  }

  // ------------------------------------------------------------------ pricing and balances

  async function assignments(dealerId: string, at: number): Promise<PriceListAssignment[]> {
    const rows = await db.query<{ json: string }>(
      "SELECT json FROM feed_entries WHERE feed = 'price_lists' AND scope = $1 AND NOT deleted",
      [dealerId],
    )
    return rows
      .map(
        (row) =>
          JSON.parse(row.json) as {
            id: string
            priority: number
            active: boolean
            validFrom: number | null
            validTo: number | null
          },
      )
      .map((list) => ({
        priceListId: list.id,
        priority: list.priority,
        active:
          list.active &&
          (list.validFrom === null || at >= list.validFrom) &&
          (list.validTo === null || at <= list.validTo),
      }))
      .sort((a, b) => a.priority - b.priority || a.priceListId.localeCompare(b.priceListId))
  }

  async function candidateItems(
    listIds: string[],
    productIds: string[],
  ): Promise<Map<string, (PriceListItem & { id: string })[]>> {
    const rows = await db.query<MirrorRow>(
      `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
       WHERE object = $1 AND ref_id = ANY($2::text[]) AND parent_id = ANY($3::text[]) AND NOT gone`,
      [map.priceListItem.object, productIds, listIds],
    )
    const byProduct = new Map<string, (PriceListItem & { id: string })[]>()
    for (const row of rows) {
      const item = priceListItemRecord(map, row)
      byProduct.set(item.productId, [...(byProduct.get(item.productId) ?? []), item])
    }
    return byProduct
  }

  async function products(ids: string[]) {
    const labels = await loadLabels(db)
    return new Map(
      (await recordsById(db, map.product.object, ids))
        .filter((row) => !row.gone)
        .map((row) => [row.id, productRecord(map, labels, row)]),
    )
  }

  async function balanceRow(dealerId: string): Promise<MirrorRow | undefined> {
    return (await recordsOfDealer(db, map.balances.object, dealerId))[0]
  }

  async function rebateRule(dealerId: string, at: number): Promise<RebateRule | null> {
    const f = map.rebateRule
    const rows = await db.query<MirrorRow>(
      `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
       WHERE object = $1 AND NOT gone AND (dealer_id = $2 OR dealer_id IS NULL) ORDER BY dealer_id NULLS LAST, id`,
      [f.object, dealerId],
    )
    const live = rows.find((row) => {
      const start = toTime(row.data[f.start])
      const end = toTime(row.data[f.end])
      return (
        text(row.data[f.status]) === '1' &&
        (start === null || at >= start) &&
        (end === null || at <= end)
      )
    })
    if (!live) return null
    const percent = text(live.data[f.maxPercent])
    return {
      minOrderAmount: toFen(live.data[f.minOrderAmount]),
      maxAmount: toFen(live.data[f.maxAmount]),
      maxPercent:
        percent === '' || !Number.isFinite(Number(percent))
          ? null
          : Math.min(100, Math.max(0, Number(percent))),
    }
  }

  async function capacity(dealerId: string) {
    const f = map.balances
    const row = await balanceRow(dealerId)
    const data = row?.data ?? {}
    const limit = Math.max(0, toFen(data[f.creditLimit]) ?? 0)
    const used = Math.max(0, toFen(data[f.creditUsed]) ?? 0)
    return {
      depositAvailable: Math.max(0, toFen(data[f.depositAvailable]) ?? 0),
      rebateAvailable: Math.max(0, toFen(data[f.rebateAvailable]) ?? 0),
      creditAvailable: Math.max(0, limit - used),
    }
  }

  interface PricedCart {
    lines: (QuoteLine & { itemId: string | null })[]
    total: number
    problems: RuleProblem[]
  }

  async function priceCart(dealerId: string, cart: QuoteRequest['lines']): Promise<PricedCart> {
    await requireReady(dealerId)
    const at = clock()
    const productIds = cart.map((line) => line.productId)
    const productMap = await products(productIds)
    const lists = await assignments(dealerId, at)
    const candidates = await candidateItems(
      lists.map((list) => list.priceListId),
      productIds,
    )
    const priced = quoteLines(cart, {
      productStatus: (productId) => productMap.get(productId)?.status,
      priceItem: (productId) =>
        resolvePriceItem(candidates.get(productId) ?? [], lists, at) as
          (PriceListItem & { id: string }) | null,
    })
    const lines = priced.lines.map((line, index) => ({
      ...line,
      itemId: priced.items[index]?.id ?? null,
    }))
    return { lines, total: priced.total, problems: priced.problems }
  }

  async function quote(dealerId: string, request: QuoteRequest): Promise<Quote> {
    const priced = await priceCart(dealerId, request.lines)
    const available = await capacity(dealerId)
    const rule = await rebateRule(dealerId, clock())
    const allowance = rebateAllowance(priced.total, rule, available.rebateAvailable)
    const cap = {
      depositAvailable: available.depositAvailable,
      rebateAllowance: allowance,
      creditAvailable: available.creditAvailable,
    }
    const paymentProblems = request.payment
      ? validateAllocation(priced.total, request.payment, cap)
      : []
    return {
      quotedAt: clock(),
      lines: priced.lines.map(({ itemId: _itemId, ...line }) => line),
      total: priced.total,
      rebateAllowance: allowance,
      rebateRule: rule,
      balances: available,
      suggestedPayment: suggestAllocation(priced.total, cap).allocation,
      problems: [
        ...priced.problems,
        ...paymentProblems.map((error) => ({ code: error.code, params: error.params ?? {} })),
      ],
    }
  }

  // ------------------------------------------------------------------ writing through

  const callOptions = (context: WriteContext): UpstreamCallOptions => ({
    requestId: context.requestId ?? context.idempotencyKey,
  })

  /** Reads a record and its details back from ShareCRM, mirrors and projects them; answers the feed JSON. */
  async function mirrorBack(
    resource: 'order' | 'delivery' | 'return' | 'invoiceRequest',
    id: string,
    details: { resource: Parameters<Mirror['ingest']>[1]; object: string; parentField: string }[],
    feed: { name: string; scope: string },
    context: WriteContext,
    fallback?: ShareCrmRecord,
  ): Promise<string> {
    const object = map[resource].object
    const head =
      (await upstream(() => api.findOne(object, '_id', id, callOptions(context)))) ?? fallback
    if (!head) throw new ApiError('server.unavailable', {}, { retryAfterSeconds: 5 })
    const children: { resource: Parameters<Mirror['ingest']>[1]; records: ShareCrmRecord[] }[] = []
    for (const detail of details) {
      const records: ShareCrmRecord[] = []
      for await (const page of api.queryPages(
        detail.object,
        { filters: [eq(detail.parentField, id)] },
        callOptions(context),
      ))
        records.push(...page.records)
      children.push({ resource: detail.resource, records })
    }
    await db.transaction(async (tx) => {
      const affected = emptyAffected()
      await mirror.ingest(tx, resource, [head], affected)
      for (const child of children) await mirror.ingest(tx, child.resource, child.records, affected)
      if (resource === 'order') affected.orders.add(id)
      if (resource === 'delivery') affected.orders.add(lookupId(head[map.delivery.order]))
      if (resource === 'return') affected.returns.add(id)
      if (resource === 'invoiceRequest') affected.invoiceRequests.add(id)
      await project(tx, map, affected, clock())
    })
    const rows = await db.query<{ json: string | null }>(
      'SELECT json FROM feed_entries WHERE feed = $1 AND scope = $2 AND id = $3',
      [feed.name, feed.scope, id],
    )
    if (!rows[0]?.json)
      throw new Error(
        `${resource} ${id} was written to ShareCRM but is not in the ${feed.name} feed of ${feed.scope}`,
      )
    return rows[0].json
  }

  /** Re-reads the dealer's customer account after a write that moves money (ShareCRM locks at once). */
  async function refreshBalances(dealerId: string, context: WriteContext): Promise<void> {
    const f = map.balances
    const records: ShareCrmRecord[] = []
    for await (const page of api.queryPages(
      f.object,
      { filters: [eq(f.dealer, dealerId)] },
      callOptions(context),
    ))
      records.push(...page.records)
    await db.transaction(async (tx) => mirror.ingest(tx, 'balances', records, emptyAffected()))
  }

  /** The record an earlier, unfinished attempt with this key may have created. */
  async function findByKey(
    object: string,
    field: string,
    context: WriteContext,
  ): Promise<ShareCrmRecord | null> {
    if (!context.recovering || !context.idempotencyKey) return null
    return upstream(() => api.findOne(object, field, context.idempotencyKey, callOptions(context)))
  }

  /** A document the dealer creates in ShareCRM: its resource, detail objects and serving feed. */
  interface CreatedDocument {
    resource: 'order' | 'return' | 'invoiceRequest'
    details: Parameters<typeof mirrorBack>[2]
    feed: string
  }

  /**
   * The record an earlier, unfinished attempt with this Idempotency-Key created (a recovering
   * write only), mirrored back and answered as its feed serves it; null when there is none.
   */
  async function recoverCreated<T>(
    document: CreatedDocument,
    dealerId: string,
    context: WriteContext,
  ): Promise<T | null> {
    const f = map[document.resource]
    const existing = await findByKey(f.object, f.idempotencyKey, context)
    if (!existing) return null
    const feed = { name: document.feed, scope: dealerId }
    return JSON.parse(
      await mirrorBack(document.resource, existing._id, document.details, feed, context),
    ) as T
  }

  /**
   * Creates the record with its details in ShareCRM (its approval flow triggered, the
   * Idempotency-Key in its key field and as the create's idempotency), reads it back into the
   * mirror and answers it as its feed serves it.
   */
  async function createAndMirror<T>(
    document: CreatedDocument,
    dealerId: string,
    fields: Record<string, unknown>,
    details: Record<string, Record<string, unknown>[]>,
    context: WriteContext,
  ): Promise<T> {
    const f = map[document.resource]
    const key = context.idempotencyKey
    const { dataId } = await upstream(() =>
      api.create(
        f.object,
        key ? { ...fields, [f.idempotencyKey]: key } : fields,
        {
          details,
          triggerApprovalFlow: true,
          ...(key ? { idempotency: { field: f.idempotencyKey, key } } : {}),
        },
        callOptions(context),
      ),
    )
    const feed = { name: document.feed, scope: dealerId }
    return JSON.parse(
      await mirrorBack(document.resource, dataId, document.details, feed, context),
    ) as T
  }

  const orderDetails = [
    {
      resource: 'orderLine' as const,
      object: map.orderLine.object,
      parentField: map.orderLine.order,
    },
  ]
  const orderDocument: CreatedDocument = {
    resource: 'order',
    details: orderDetails,
    feed: 'orders',
  }

  async function submit(
    dealerId: string,
    request: SubmitOrderRequest,
    context: WriteContext,
  ): Promise<Order> {
    const f = map.order
    const recovered = await recoverCreated<Order>(orderDocument, dealerId, context)
    if (recovered) return recovered
    const priced = await priceCart(dealerId, request.lines)
    if (priced.problems.length > 0) {
      throw fromDomainErrors(
        priced.problems.map((problem) => ({
          code: problem.code,
          params: { ...problem.params, lineIndex: problem.lineIndex },
        })),
      )
    }
    const address = (await addresses(dealerId)).find(
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
        { quote: await quote(dealerId, { lines: request.lines, payment: request.payment }) },
      )
    }
    const available = await capacity(dealerId)
    const allowance = rebateAllowance(
      priced.total,
      await rebateRule(dealerId, clock()),
      available.rebateAvailable,
    )
    const paymentErrors = validateAllocation(priced.total, request.payment, {
      depositAvailable: available.depositAvailable,
      rebateAllowance: allowance,
      creditAvailable: available.creditAvailable,
    })
    if (paymentErrors.length > 0) throw fromDomainErrors(paymentErrors)

    const fields: Record<string, unknown> = {
      [f.dealer]: dealerId,
      [f.placed]: clock(),
      [f.total]: fenToDecimal(priced.total),
      [f.shipToAddress]: address.line,
      [f.shipToPhone]: address.phone,
      [f.shipToContact]: address.contact,
      [f.deposit]: fenToDecimal(request.payment.deposit),
      [f.rebate]: fenToDecimal(request.payment.rebate),
      [f.credit]: fenToDecimal(request.payment.credit),
      [f.placedBy]: context.principal.displayName,
      dd_address_id__c: address.id,
    }
    if (request.requestedDeliveryDate !== undefined)
      fields[f.requestedDate] = request.requestedDeliveryDate
    if (request.remark) fields[f.remark] = request.remark
    const l = map.orderLine
    const details = {
      [l.object]: priced.lines.map((line) => ({
        [l.product]: line.productId,
        [l.priceItem]: line.itemId,
        [l.quantity]: String(line.quantity),
        [l.unitPrice]: fenToDecimal(line.unitPrice ?? 0),
        [l.amount]: fenToDecimal(line.amount ?? 0),
      })),
    }
    const order = await createAndMirror<Order>(orderDocument, dealerId, fields, details, context)
    await upstream(() => refreshBalances(dealerId, context))
    return order
  }

  async function cancel(dealerId: string, orderId: string, context: WriteContext): Promise<Order> {
    const order = await loadRecord<Order>('orders', dealerId, orderId)
    if (order.status === 'cancelled') return order
    if (!isOrderCancellable(order.status))
      throw new ApiError('order.notCancellable', { status: order.status })
    await upstream(() => api.invalid(map.order.object, orderId, callOptions(context)))
    const held = (await recordsById(db, map.order.object, [orderId]))[0]
    const fallback = held
      ? { ...held.data, _id: orderId, life_status: 'invalid', last_modified_time: clock() }
      : undefined
    const cancelled = JSON.parse(
      await mirrorBack(
        'order',
        orderId,
        orderDetails,
        { name: 'orders', scope: dealerId },
        context,
        fallback,
      ),
    ) as Order
    await upstream(() => refreshBalances(dealerId, context))
    return cancelled
  }

  const deliveryDetails = [
    {
      resource: 'deliveryLine' as const,
      object: map.deliveryLine.object,
      parentField: map.deliveryLine.delivery,
    },
  ]

  async function confirmReceipt(
    dealerId: string,
    deliveryId: string,
    request:
      | { lines?: { deliveryLineId: string; receivedQuantity: number }[]; remark?: string }
      | undefined,
    context: WriteContext,
  ): Promise<Delivery> {
    const delivery = await loadRecord<Delivery>('deliveries', dealerId, deliveryId)
    if (delivery.status === 'received') throw new ApiError('delivery.alreadyReceived')
    const received = new Map(delivery.lines.map((line) => [line.deliveryLineId, line.quantity]))
    for (const input of request?.lines ?? []) {
      const line = delivery.lines.find(
        (candidate) => candidate.deliveryLineId === input.deliveryLineId,
      )
      if (!line)
        throw new ApiError('delivery.lineNotFound', { deliveryLineId: input.deliveryLineId })
      if (input.receivedQuantity > line.quantity) {
        throw new ApiError('delivery.receivedQuantityInvalid', {
          deliveryLineId: line.deliveryLineId,
          shipped: line.quantity,
        })
      }
      received.set(line.deliveryLineId, input.receivedQuantity)
    }
    const dl = map.deliveryLine
    for (const [lineId, quantity] of received) {
      await upstream(() =>
        api.update(
          dl.object,
          { _id: lineId, [dl.received]: String(quantity) },
          callOptions(context),
        ),
      )
    }
    const d = map.delivery
    await upstream(() =>
      api.update(
        d.object,
        {
          _id: deliveryId,
          [d.status]: 'received',
          [d.received]: clock(),
          [d.remark]: request?.remark ?? '',
        },
        callOptions(context),
      ),
    )
    return JSON.parse(
      await mirrorBack(
        'delivery',
        deliveryId,
        deliveryDetails,
        { name: 'deliveries', scope: dealerId },
        context,
      ),
    ) as Delivery
  }

  const returnDetails = [
    {
      resource: 'returnLine' as const,
      object: map.returnLine.object,
      parentField: map.returnLine.return,
    },
  ]
  const returnDocument: CreatedDocument = {
    resource: 'return',
    details: returnDetails,
    feed: 'returns',
  }

  async function createReturn(
    dealerId: string,
    request: Parameters<PortalBackend['returns']['create']>[1],
    context: WriteContext,
  ): Promise<Return> {
    const f = map.return
    const recovered = await recoverCreated<Return>(returnDocument, dealerId, context)
    if (recovered) return recovered
    if (request.reason === 'other' && !request.reasonText?.trim())
      throw new ApiError('return.reasonTextRequired')
    const seen = new Set<string>()
    const orders = new Map<string, Order>()
    const basis = new Map<string, Map<string, number>>()
    const lines: { order: Order; line: Order['lines'][number]; quantity: number }[] = []
    for (const input of request.lines) {
      // An order id or number resolves to the order first, so one line cannot come in twice.
      const found = await loadOrder(dealerId, input.orderId).catch(() => {
        throw new ApiError('return.lineNotFound', {
          orderId: input.orderId,
          orderLineId: input.orderLineId,
        })
      })
      const order = orders.get(found.id) ?? found
      orders.set(order.id, order)
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
        const deliveries = await Promise.all(
          order.deliveryIds.map((id) => loadRecord<Delivery>('deliveries', dealerId, id)),
        )
        received = returnBasisByLine(deliveries)
        basis.set(order.id, received)
      }
      const error = checkReturnLine({
        quantity: input.quantity,
        delivered: received.get(line.lineId) ?? 0,
        alreadyReturned: line.returnedQuantity,
      })
      if (error)
        throw new ApiError(error.code as 'return.quantityInvalid', {
          ...error.params,
          orderLineId: line.lineId,
        })
      line.returnedQuantity += input.quantity
      lines.push({ order, line, quantity: input.quantity })
    }
    const amount = sumFen(lines.map((entry) => entry.quantity * entry.line.unitPrice))
    const fields: Record<string, unknown> = {
      [f.dealer]: dealerId,
      [f.order]: lines[0]?.order.id,
      [f.amount]: fenToDecimal(amount),
      [f.reason]: request.reason === 'other' ? (request.reasonText ?? '') : request.reason,
      dd_placed_by__c: context.principal.displayName,
    }
    if (request.reasonText && request.reason !== 'other')
      fields.dd_reason_text__c = request.reasonText
    if (request.remark) fields.remark = request.remark
    const rl = map.returnLine
    const details = {
      [rl.object]: lines.map((entry) => ({
        [rl.orderLine]: entry.line.lineId,
        [rl.product]: entry.line.productId,
        [rl.quantity]: String(entry.quantity),
        [rl.unitPrice]: fenToDecimal(entry.line.unitPrice),
        [rl.amount]: fenToDecimal(entry.quantity * entry.line.unitPrice),
      })),
    }
    return createAndMirror<Return>(returnDocument, dealerId, fields, details, context)
  }

  const invoiceDetails = [
    {
      resource: 'invoiceRequestLine' as const,
      object: map.invoiceRequestLine.object,
      parentField: map.invoiceRequestLine.request,
    },
  ]
  const invoiceDocument: CreatedDocument = {
    resource: 'invoiceRequest',
    details: invoiceDetails,
    feed: 'invoice_requests',
  }

  async function createInvoiceRequest(
    dealerId: string,
    request: Parameters<PortalBackend['invoices']['create']>[1],
    context: WriteContext,
  ): Promise<InvoiceRequest> {
    const f = map.invoiceRequest
    const recovered = await recoverCreated<InvoiceRequest>(invoiceDocument, dealerId, context)
    if (recovered) return recovered
    const profile = (await invoiceProfiles(dealerId)).find(
      (candidate) => candidate.id === request.profileId,
    )
    if (!profile) throw new ApiError('invoice.profileNotFound', { profileId: request.profileId })
    const profileErrors = validateInvoiceProfile(request.type, {
      title: profile.title,
      taxpayerId: profile.taxpayerId,
      address: profile.address,
      phone: profile.phone,
      bankName: profile.bankName,
      bankAccount: profile.bankAccount,
      email: profile.email,
    })
    if (profileErrors.length)
      throw fromDomainErrors(
        profileErrors.map((error) => ({
          code: error.code,
          params: { ...error.params, field: error.field },
        })),
      )
    const touched: { order: Order; amount: number }[] = []
    for (const entry of request.orders) {
      // An order id or number resolves to the order before the duplicate check.
      const order = await loadOrder(dealerId, entry.orderId).catch(() => {
        throw new ApiError('invoice.orderNotFound', { orderId: entry.orderId })
      })
      if (touched.some((done) => done.order.id === order.id))
        throw new ApiError('invoice.duplicateOrder', { orderId: entry.orderId })
      if (entry.amount <= 0) throw new ApiError('invoice.amountInvalid', { orderId: order.id })
      if (entry.amount > order.invoiceableAmount)
        throw new ApiError('invoice.amountAboveInvoiceable', {
          orderId: order.id,
          invoiceable: order.invoiceableAmount,
        })
      touched.push({ order, amount: entry.amount })
    }
    const fields: Record<string, unknown> = {
      [f.dealer]: dealerId,
      [f.profile]: profile.id,
      [f.type]: request.type,
      [f.amount]: fenToDecimal(sumFen(touched.map((entry) => entry.amount))),
      dd_placed_by__c: context.principal.displayName,
    }
    if (request.remark) fields.remark = request.remark
    const il = map.invoiceRequestLine
    const details = {
      [il.object]: touched.map((entry) => ({
        [il.order]: entry.order.id,
        [il.amount]: fenToDecimal(entry.amount),
      })),
    }
    return createAndMirror<InvoiceRequest>(invoiceDocument, dealerId, fields, details, context)
  }

  async function createProfile(
    dealerId: string,
    request: Parameters<PortalBackend['invoices']['createProfile']>[1],
    context: WriteContext,
  ): Promise<InvoiceProfile> {
    const errors = validateInvoiceProfile(request.type, request)
    if (errors.length)
      throw fromDomainErrors(
        errors.map((error) => ({
          code: error.code,
          params: { ...error.params, field: error.field },
        })),
      )
    const f = map.invoiceProfile
    const fields: Record<string, unknown> = {
      [f.dealer]: dealerId,
      [f.title]: request.title,
      [f.taxId]: request.taxpayerId,
      [f.address]: request.address ?? '',
      [f.phone]: request.phone ?? '',
      [f.bank]: request.bankName ?? '',
      [f.bankAccount]: request.bankAccount ?? '',
      [f.email]: request.email ?? '',
      [f.type]: request.type,
    }
    if (context.idempotencyKey) fields.dd_idempotency_key__c = context.idempotencyKey
    const existing =
      context.recovering && context.idempotencyKey
        ? await upstream(() =>
            api.findOne(
              f.object,
              'dd_idempotency_key__c',
              context.idempotencyKey,
              callOptions(context),
            ),
          )
        : null
    const id =
      existing?._id ??
      (
        await upstream(() =>
          api.create(f.object, fields, { triggerApprovalFlow: false }, callOptions(context)),
        )
      ).dataId
    const record =
      (await upstream(() => api.findOne(f.object, '_id', id, callOptions(context)))) ??
      ({ ...fields, _id: id, last_modified_time: clock() } as ShareCrmRecord)
    await db.transaction(async (tx) =>
      mirror.ingest(tx, 'invoiceProfile', [record], emptyAffected()),
    )
    const row = (await recordsById(db, f.object, [id]))[0]
    return invoiceProfileRecord(map, row, id)
  }

  async function deleteProfile(
    dealerId: string,
    profileId: string,
    context: WriteContext,
  ): Promise<void> {
    const row = (await recordsById(db, map.invoiceProfile.object, [profileId]))[0]
    if (!row || row.gone || row.dealer_id !== dealerId) throw notFound()
    await upstream(() => api.invalid(map.invoiceProfile.object, profileId, callOptions(context)))
    await db.transaction(async (tx) =>
      mirror.ingest(
        tx,
        'invoiceProfile',
        [{ ...row.data, _id: profileId, life_status: 'invalid', last_modified_time: clock() }],
        emptyAffected(),
      ),
    )
  }

  // ------------------------------------------------------------------ account

  const ACCOUNT_TYPES = ['deposit', 'rebate', 'credit'] as const

  async function transactions(
    dealerId: string,
    query: {
      from?: number
      to?: number
      type?: string
      accountType?: string
      after?: string
      limit?: number
    },
  ): Promise<TransactionPage> {
    await requireReady(dealerId)
    const f = map.transaction
    const rows = await recordsOfDealer(db, f.object, dealerId)
    const all = rows
      .map((row): Transaction => {
        const account = text(row.data[f.account])
        const amount = toFen(row.data[f.amount]) ?? 0
        const balanceAfter = toFen(row.data[f.balanceAfter]) ?? 0
        return {
          id: row.id,
          at: toTime(row.data[f.time]) ?? Number(row.modified_time),
          accountType: (ACCOUNT_TYPES as readonly string[]).includes(account)
            ? (account as Transaction['accountType'])
            : 'deposit',
          type:
            amount >= 0
              ? account === 'credit'
                ? 'creditOccupation'
                : 'topUp'
              : account === 'credit'
                ? 'creditRelease'
                : 'orderDeduction',
          amount,
          lockedChange: 0,
          balanceAfter,
          availableAfter: balanceAfter,
          documentType: text(row.data[f.documentObject]) === map.order.object ? 'order' : null,
          documentId: text(row.data[f.documentId]) || null,
          documentNumber: null,
          note: text(row.data[f.note]) || null,
        }
      })
      .filter(
        (entry) =>
          (query.from === undefined || entry.at >= query.from) &&
          (query.to === undefined || entry.at < query.to),
      )
      .filter(
        (entry) =>
          (!query.accountType || entry.accountType === query.accountType) &&
          (!query.type || entry.type === query.type),
      )
      .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
    const start = query.after ? all.findIndex((entry) => entry.id === query.after) + 1 : 0
    const limit = query.limit ?? 1000
    const items = all.slice(start, start + limit)
    return { items, nextAfter: start + limit < all.length ? (items.at(-1)?.id ?? null) : null }
  }

  async function balances(dealerId: string): Promise<Balances> {
    await requireReady(dealerId)
    const f = map.balances
    const data = (await balanceRow(dealerId))?.data ?? {}
    const fen = (field: string) => toFen(data[field]) ?? 0
    const limit = Math.max(0, fen(f.creditLimit))
    const occupied = Math.max(0, fen(f.creditUsed))
    return {
      asOf: clock(),
      deposit: {
        balance: fen(f.deposit),
        available: fen(f.depositAvailable),
        locked: Math.max(0, fen(f.depositLocked)),
      },
      rebate: {
        balance: fen(f.rebate),
        available: fen(f.rebateAvailable),
        locked: Math.max(0, fen(f.rebateLocked)),
        rule: await rebateRule(dealerId, clock()),
      },
      credit: {
        limit,
        occupied,
        available: limit - occupied,
        terms: { days: 0, descriptionZh: '', descriptionEn: '' },
      },
    }
  }

  async function statement(dealerId: string, from: number, to: number) {
    const all = (await transactions(dealerId, { limit: 1_000_000 })).items
    return {
      from,
      to,
      dealerId,
      accounts: ACCOUNT_TYPES.map((accountType) => {
        const mine = all.filter((entry) => entry.accountType === accountType)
        const before = mine.filter((entry) => entry.at < from)
        const movements = mine.filter((entry) => entry.at >= from && entry.at < to)
        const opening =
          before.at(-1)?.balanceAfter ??
          (movements[0] ? movements[0].balanceAfter - movements[0].amount : 0)
        const totalIn = sumFen(
          movements.filter((entry) => entry.amount > 0).map((entry) => entry.amount),
        )
        const totalOut = sumFen(
          movements.filter((entry) => entry.amount < 0).map((entry) => -entry.amount),
        )
        return {
          accountType,
          opening,
          movements,
          closing: opening + totalIn - totalOut,
          totalIn,
          totalOut,
        }
      }),
    }
  }

  async function priceListItemFeed(
    dealerId: string,
    priceListId: string,
    query: FeedQuery,
  ): Promise<FeedJson> {
    await requireReady(dealerId)
    const assigned = await db.query(
      "SELECT 1 FROM feed_entries WHERE feed = 'price_lists' AND scope = $1 AND id = $2 AND NOT deleted",
      [dealerId, priceListId],
    )
    if (!assigned.length) throw notFound()
    return readFeed('price_list_items', priceListId, query, dealerId)
  }

  const approvals = createShareCrmApprovals({
    db,
    clock,
    quote,
    submit,
    addresses,
    roles: (userId, dealerId) => users.roles(userId, dealerId),
    users: () => users.list(),
  })

  return {
    kind: 'sharecrm',
    users,
    auth: createAuth(db, clock),
    dealers: { me, roles: (userId, dealerId) => users.roles(userId, dealerId) },
    catalog: {
      productFeed: (dealerId, query) => readFeed('products', '', query, dealerId),
      priceListFeed: (dealerId, query) => readFeed('price_lists', dealerId, query),
      priceListItemFeed,
    },
    account: { balances, transactions, statement },
    statements: createShareCrmStatements({ db, api, map, clock, statement, upstream }),
    orders: {
      feed: (dealerId, query) => readFeed(FEED_TABLES.orders, dealerId, query),
      load: (dealerId, id) => loadOrder(dealerId, id),
      quote,
      submit: approvals.submitOrHold,
      cancel: (dealerId, id, request, context) =>
        isHeldOrderId(id)
          ? approvals.cancel(dealerId, id, request?.reason ?? null)
          : cancel(dealerId, id, context),
    },
    approvals: approvals.port,
    deliveries: {
      feed: (dealerId, query) => readFeed(FEED_TABLES.deliveries, dealerId, query),
      load: (dealerId, id) => loadRecord<Delivery>('deliveries', dealerId, id),
      confirmReceipt,
    },
    returns: {
      feed: (dealerId, query) => readFeed(FEED_TABLES.returns, dealerId, query),
      load: (dealerId, id) => loadRecord<Return>('returns', dealerId, id),
      create: createReturn,
    },
    invoices: {
      feed: (dealerId, query) => readFeed(FEED_TABLES.invoices, dealerId, query),
      load: (dealerId, id) => loadRecord<InvoiceRequest>('invoice_requests', dealerId, id),
      create: createInvoiceRequest,
      createProfile,
      deleteProfile,
    },
    idempotency: createIdempotencyStore(db, clock),
    async health() {
      return { ...(await mirror.health()), upstream: api.stats?.() ?? null }
    },
    async close() {
      await mirror.stop()
      await db.close()
    },
  }
}

export { feedKey }
