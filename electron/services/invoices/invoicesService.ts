/**
 * The invoice requests area over the signed-in dealer's cache: list and detail of cached requests,
 * the orders that can still be invoiced (minus requests waiting in the outbox), the dealer's
 * invoice profiles (from `me`, plus profiles saved through the outbox since), saving a profile
 * (`invoiceProfile.save`) and creating a request (`invoiceRequest.submit`), both through the
 * outbox under the idempotency key the form made when the user pressed the button: pressing again
 * with the same key answers the same outbox item instead of queueing a second one.
 *
 * Errors (PortalError codes): session.signedOut; resource.notFound (an order not cached);
 * invoice.amountAboveInvoiceable {invoiceable (fen)}; invoice.profileNotFound {profileId};
 * invoice.profileNotSaved (the gateway's answer to a new profile was unreadable); the profile rules
 * of shared/domain validateInvoiceProfile; outbox.notResubmittable (the corrected request is no
 * longer refused); outbox.saveFailed.
 * A request with a new profile made offline is queued too: the profile waits in the outbox, and the
 * request carries it (`newProfile`) so the sender creates it first under the same key and uses its id.
 * A request the gateway refused can be corrected: `draft` gives back what was asked, and `create`
 * with `replacesOutboxId` resubmits that item with the new values.
 */
import type {
  CreateInvoiceProfileRequest,
  CreateInvoiceRequestRequest,
  InvoiceProfile,
} from '../../../shared/api'
import { InvoiceProfile as InvoiceProfileSchema } from '../../../shared/api'
import type {
  CreateInvoiceRequestInput,
  InvoiceableOrder,
  InvoiceActionOutcome,
  InvoiceRequestDraft,
  InvoiceListPage,
  SaveInvoiceProfileOutcome,
  SaveInvoiceProfileRequest,
} from '../../../shared/contract/invoices'
import type { InvoiceRequest } from '../../../shared/api'
import { PortalError } from '../../../shared/contract/result'
import { validateInvoiceProfile } from '../../../shared/domain/invoices'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox, OutboxItem, OutboxKind } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { findRefused, isUnsent, pendingFirstPage } from '../outbox/unsent'
import {
  countInvoiceRequests,
  listInvoiceableOrders,
  listInvoiceRequests,
  pendingInvoiceRequestSummaries,
  readInvoiceRequest,
} from './invoiceQueries'

export interface InvoicesDependencies {
  database(): CacheDatabase | null
  /** The signed-in dealer, its server key and its invoice profiles as `me` last reported them. */
  dealer(): { dealerId: string; serverKey?: string; profiles: readonly InvoiceProfile[] } | null
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'resubmit'>
  /** Sends what waits in the outbox now, then syncs what it changed (core's sendOutbox). */
  sendOutbox(): Promise<void>
}

export interface InvoicesService {
  list(request: { offset: number; limit: number }): Promise<InvoiceListPage>
  get(id: string): Promise<InvoiceRequest | null>
  invoiceableOrders(): Promise<InvoiceableOrder[]>
  profiles(): Promise<InvoiceProfile[]>
  saveProfile(request: SaveInvoiceProfileRequest): Promise<SaveInvoiceProfileOutcome>
  create(request: CreateInvoiceRequestInput): Promise<InvoiceActionOutcome>
  draft(outboxId: string): Promise<InvoiceRequestDraft | null>
}

const isWaiting = (item: OutboxItem) => item.status === 'pending' || item.status === 'sending'

/** Splits `amount` (fen) over the orders in the given order, each at most its invoiceable amount. */
export function splitInvoiceAmount(
  orders: readonly InvoiceableOrder[],
  amount: number,
): { orderId: string; amount: number }[] {
  const parts: { orderId: string; amount: number }[] = []
  let rest = amount
  for (const order of orders) {
    if (rest <= 0) break
    const part = Math.min(rest, order.invoiceable)
    if (part > 0) parts.push({ orderId: order.id, amount: part })
    rest -= part
  }
  return parts
}

export function createInvoicesService(deps: InvoicesDependencies): InvoicesService {
  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, ...dealer }
  }

  async function dealerItems(dealerId: string, kind: OutboxKind): Promise<OutboxItem[]> {
    return (await deps.outbox.list({ dealerId })).filter((item) => item.kind === kind)
  }

  function outcomeOf(item: OutboxItem | undefined, outboxId: string): InvoiceActionOutcome {
    if (!item || item.status === 'sent') return { outboxId, state: 'sent' }
    if (item.status === 'failed')
      return { outboxId, state: 'failed', ...(item.lastError ? { error: item.lastError } : {}) }
    return { outboxId, state: 'pending' }
  }

  /**
   * Enqueues once per idempotency key (or, with `replaces`, resubmits that refused item with this
   * payload), sends now when online and answers the item's state.
   */
  async function submit(
    kind: OutboxKind,
    context: ReturnType<typeof open>,
    payload: OutboxPayload,
    key: string,
    replaces?: string,
  ) {
    const existing = (await dealerItems(context.dealerId, kind)).find(
      (item) => item.idempotencyKey === key,
    )
    const item =
      existing ??
      (replaces ? await deps.outbox.resubmit(replaces, payload) : undefined) ??
      (await deps.outbox.enqueue({
        kind,
        dealerId: context.dealerId,
        ...(context.serverKey ? { serverUrl: context.serverKey } : {}),
        payload,
        idempotencyKey: key,
      }))
    await deps.sendOutbox()
    const after = (await dealerItems(context.dealerId, kind)).find(
      (candidate) => candidate.id === item.id,
    )
    return { item: after, outcome: outcomeOf(after, item.id) }
  }

  async function invoiceable(context: ReturnType<typeof open>): Promise<InvoiceableOrder[]> {
    const waiting = new Map<string, number>()
    for (const item of await dealerItems(context.dealerId, 'invoiceRequest.submit')) {
      if (!isWaiting(item)) continue
      const body = (item.payload as OutboxPayload | undefined)?.body as
        Partial<CreateInvoiceRequestRequest> | undefined
      for (const part of body?.orders ?? [])
        waiting.set(part.orderId, (waiting.get(part.orderId) ?? 0) + part.amount)
    }
    return (await listInvoiceableOrders(context.db))
      .map((order) => {
        const queued = waiting.get(order.id) ?? 0
        return {
          ...order,
          requestedAmount: order.requestedAmount + queued,
          invoiceable: Math.max(0, order.invoiceable - queued),
        }
      })
      .filter((order) => order.invoiceable > 0)
  }

  async function profiles(context: ReturnType<typeof open>): Promise<InvoiceProfile[]> {
    const byId = new Map(context.profiles.map((profile) => [profile.id, profile]))
    for (const item of await dealerItems(context.dealerId, 'invoiceProfile.save')) {
      const saved = item.status === 'sent' ? InvoiceProfileSchema.safeParse(item.result) : null
      if (saved?.success && !byId.has(saved.data.id)) byId.set(saved.data.id, saved.data)
    }
    return [...byId.values()]
  }

  async function saveProfile(
    context: ReturnType<typeof open>,
    request: SaveInvoiceProfileRequest,
  ): Promise<SaveInvoiceProfileOutcome> {
    const problem = validateInvoiceProfile(request.profile.type, request.profile)[0]
    if (problem) throw new PortalError(problem.code, { ...problem.params, field: problem.field })
    const { item, outcome } = await submit(
      'invoiceProfile.save',
      context,
      { body: request.profile },
      request.idempotencyKey,
    )
    const saved = item?.status === 'sent' ? InvoiceProfileSchema.safeParse(item.result) : null
    return { ...outcome, profile: saved?.success ? saved.data : null }
  }

  return {
    async list({ offset, limit }) {
      const context = open()
      const waiting = (await deps.outbox.list({ dealerId: context.dealerId })).filter((item) =>
        isUnsent(item, 'invoiceRequest.submit', context.serverKey),
      )
      const pending = await pendingInvoiceRequestSummaries(
        context.db,
        waiting,
        await profiles(context),
      )
      const items = await pendingFirstPage(pending, offset, limit, (from, count) =>
        listInvoiceRequests(context.db, from, count),
      )
      return { total: pending.length + (await countInvoiceRequests(context.db)), items }
    },

    async get(id) {
      return await readInvoiceRequest(open().db, id)
    },

    async invoiceableOrders() {
      return invoiceable(open())
    },

    async profiles() {
      return profiles(open())
    },

    async saveProfile(request) {
      return saveProfile(open(), request)
    },

    async create(request) {
      const context = open()
      const replaces = request.replacesOutboxId
      if (
        replaces &&
        !(await findRefused(deps.outbox, context.dealerId, 'invoiceRequest.submit', replaces))
      )
        throw new PortalError('outbox.notResubmittable', { id: replaces })
      const send = (payload: OutboxPayload) =>
        submit('invoiceRequest.submit', context, payload, request.idempotencyKey, replaces)
      const available = await invoiceable(context)
      const chosen = request.orderIds.map((id) => available.find((order) => order.id === id))
      if (chosen.some((order) => order === undefined)) throw new PortalError('resource.notFound')
      const orders = (chosen as InvoiceableOrder[]).sort((a, b) => a.createdAt - b.createdAt)
      const total = orders.reduce((sum, order) => sum + order.invoiceable, 0)
      if (request.amount > total)
        throw new PortalError('invoice.amountAboveInvoiceable', { invoiceable: total })
      const body: Omit<CreateInvoiceRequestRequest, 'profileId'> = {
        type: request.type,
        orders: splitInvoiceAmount(orders, request.amount),
        ...(request.remark?.trim() ? { remark: request.remark.trim() } : {}),
      }
      const profileId = request.profileId
      if (profileId === undefined) {
        if (!request.profile) throw new PortalError('invoice.profileNotFound', { profileId: null })
        const profileKey = `${request.idempotencyKey.slice(0, 120)}-profile`
        const saved = await saveProfile(context, {
          profile: request.profile,
          idempotencyKey: profileKey,
        })
        if (saved.state === 'failed' && saved.error)
          throw new PortalError(saved.error.code, saved.error.params ?? {})
        if (saved.state === 'pending') {
          return (
            await send({ body, newProfile: { body: request.profile, idempotencyKey: profileKey } })
          ).outcome
        }
        if (!saved.profile) throw new PortalError('invoice.profileNotSaved')
        return (await send({ body: { ...body, profileId: saved.profile.id } })).outcome
      }
      if (!(await profiles(context)).some((profile) => profile.id === profileId))
        throw new PortalError('invoice.profileNotFound', { profileId })
      return (await send({ body: { ...body, profileId } })).outcome
    },

    async draft(outboxId) {
      const item = await findRefused(
        deps.outbox,
        open().dealerId,
        'invoiceRequest.submit',
        outboxId,
      )
      if (!item) return null
      const payload = (item.payload ?? {}) as OutboxPayload
      const body = (payload.body ?? {}) as Partial<CreateInvoiceRequestRequest>
      const parts = body.orders ?? []
      return {
        outboxId,
        orderIds: parts.map((part) => part.orderId),
        type: body.type ?? 'vatGeneral',
        profileId: body.profileId ?? null,
        profile: (payload.newProfile?.body as CreateInvoiceProfileRequest | undefined) ?? null,
        amount: parts.reduce((sum, part) => sum + part.amount, 0),
        remark: body.remark ?? '',
        error: item.lastError ?? null,
      }
    },
  }
}
