/**
 * The signed-in dealer's cart: kept in the dealer's cache (cartStore.ts),
 * priced from it (cartPricing.ts), compared with the gateway's quote (cartQuote.ts) and submitted
 * through the outbox.
 *
 * Quantities: `add` merges with what is in the cart and `setQuantity` replaces; both snap to the
 * item's minimum and pack step (shared/domain snapQuantity) and report each line changed and why.
 * Products that cannot be ordered (not in the cache, off sale, not on a price list) are refused.
 *
 * Submit: validated locally (lines, address, date, shared/domain validateAllocation), then queued
 * as `order.submit` with the user's idempotency key and durably on disk BEFORE the cart is
 * cleared, and the cleared cart is on disk before submit answers; then the outbox is asked to
 * send. The same key twice (a double click, a retry after a crash) answers the first
 * submission's state and never queues twice; a crash between the two writes is caught by the
 * `cart.submission` marker, so a second Submit of the still-full cart makes no second order.
 * Errors: session.signedOut, cart.empty, cart.lineNotFound, cart.tooManyLines {max},
 * cart.addressRequired, cart.deliveryDateInPast, cart.remarkTooLong {max}, cart.quoteOutdated,
 * cart.reviewUnavailable, the `order.*` rule codes, outbox.* from the queue, upstream.* from quote.
 */
import type { SubmitOrderRequest } from '../../../shared/api'
import {
  MAX_CART_LINES,
  type CartChange,
  type CartLineChange,
  type CartView,
  type PriceDifference,
  type QuantityAdjustment,
  type SubmitCartInput,
  type SubmitCartResult,
} from '../../../shared/contract/cart'
import { PortalError } from '../../../shared/contract/result'
import { snapQuantity, validateAllocation } from '../../../shared/domain'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createPriceBook } from '../catalog/priceBook'
import type { Outbox } from '../outbox/outbox'
import type { SessionService } from '../session/sessionService'
import { describeSubmission, refusedOrder, refusedOrderBody } from './cartOutbox'
import { buildCartView, readProducts, sellabilityProblem } from './cartPricing'
import { bodyAtQuote, outboxDifference, priceDifference } from './cartQuote'
import { createCartStore, type CartStore } from './cartStore'
import { readOrder } from '../orders/orderQueries'
import { waitForOutcome } from '../outbox/waitForOutcome'

export interface CartDependencies {
  /** The signed-in dealer's cache, or null when signed out. */
  database(): CacheDatabase | null
  session: Pick<SessionService, 'state' | 'me' | 'server' | 'client'>
  outbox: Pick<Outbox, 'enqueue' | 'list' | 'resubmit' | 'discard'>
  /** Asks the outbox to send now (core's sendOutbox); not awaited. */
  sendOutbox(): unknown
  clock?: () => number
  /** How long submit waits for the gateway's answer when online, ms (default 4000). */
  submitWaitMs?: number
  onChange?(dealerId: string, lineCount: number): void
}

export interface CartService {
  get(): Promise<CartView>
  add(lines: ReadonlyArray<{ productId: string; quantity: number }>): Promise<CartChange>
  /** Replaces one line's quantity; answers that line and the new totals (see CartLineChange). */
  setQuantity(productId: string, quantity: number): Promise<CartLineChange>
  remove(productIds: readonly string[]): Promise<CartView>
  clear(): Promise<CartView>
  setDetails(patch: {
    addressId?: string
    remark?: string
    requestedDeliveryDate?: number | null
  }): Promise<CartView>
  quote(): Promise<PriceDifference>
  submit(input: SubmitCartInput): Promise<SubmitCartResult>
  reviewOutboxPrices(outboxId: string): Promise<PriceDifference>
  acceptOutboxPrices(outboxId: string): Promise<{ outboxId: string }>
  /**
   * Puts a refused order back into the cart to edit (its lines merged with what is there, its
   * address, date and remark when the cart was empty), then drops it from the outbox.
   */
  openRefusedOrder(outboxId: string): Promise<CartChange>
  /**
   * Puts an order the dealer's admin declined back into the cart to edit, as a refused one
   * (its lines merged, its address, date and remark when the cart was empty).
   */
  openDeclinedOrder(orderId: string): Promise<CartChange>
}

/** Largest quantity of one line the Portal API accepts. */
const MAX_QUANTITY = 1_000_000_000
const MAX_REMARK = 500
const REMEMBERED_SUBMITS = 100

interface Context {
  db: CacheDatabase
  dealerId: string
  store: CartStore
}

export function createCartService(deps: CartDependencies): CartService {
  const clock = deps.clock ?? Date.now
  const submits = new Map<string, Promise<SubmitCartResult>>()

  function context(): Context {
    const db = deps.database()
    const dealerId = deps.session.state().dealerId
    if (!db || !dealerId || deps.session.state().status !== 'signedIn')
      throw new PortalError('session.signedOut')
    return { db, dealerId, store: createCartStore(db, clock) }
  }

  function addresses(dealerId: string) {
    return deps.session.me()?.dealers.find((dealer) => dealer.id === dealerId)?.addresses ?? []
  }

  async function view({ db, dealerId, store }: Context): Promise<CartView> {
    const [lines, details] = await Promise.all([store.lines(), store.details()])
    return buildCartView(db, { dealerId, lines, details, addresses: addresses(dealerId) }, clock)
  }

  // Cart changes read, then write: one at a time, so two quick changes never lose one.
  let queue: Promise<unknown> = Promise.resolve()
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work)
    queue = next.catch(() => undefined)
    return next
  }

  function changed(ctx: Context, cart: CartView): CartView {
    deps.onChange?.(ctx.dealerId, cart.lines.length)
    return cart
  }

  /** Snaps `requested` for each product and stores the result; refuses what cannot be ordered. */
  async function put(ctx: Context, requested: Map<string, number>): Promise<CartChange> {
    const ids = [...requested.keys()]
    const [products, prices, existing] = await Promise.all([
      readProducts(ctx.db, ids),
      createPriceBook(ctx.db, clock).pricesFor(ids),
      ctx.store.quantities(),
    ])
    let lineCount = existing.size
    const adjusted: QuantityAdjustment[] = []
    const refused: CartChange['refused'] = []
    const save: Array<{ productId: string; quantity: number }> = []
    for (const [productId, quantity] of requested) {
      const price = prices.get(productId)
      const refusal = sellabilityProblem(products.get(productId), price)
      if (refusal || !price) {
        refused.push({
          productId,
          code: refusal?.code ?? 'order.productNotInPriceList',
          params: { productId },
        })
        continue
      }
      if (!existing.has(productId) && lineCount >= MAX_CART_LINES) {
        refused.push({ productId, code: 'cart.tooManyLines', params: { max: MAX_CART_LINES } })
        continue
      }
      const snapped = snapQuantity(price, quantity)
      if (snapped.quantity > MAX_QUANTITY) {
        refused.push({ productId, code: 'order.quantityInvalid', params: { productId } })
        continue
      }
      if (snapped.adjusted && snapped.reason) {
        adjusted.push({
          productId,
          requested: Number.isFinite(quantity) ? quantity : 0,
          quantity: snapped.quantity,
          reason: snapped.reason,
          minQuantity: Math.max(1, price.minQuantity),
          step: Math.max(1, price.step),
        })
      }
      if (!existing.has(productId)) lineCount++
      save.push({ productId, quantity: snapped.quantity })
    }
    await ctx.store.save(save)
    return { cart: changed(ctx, await view(ctx)), adjusted, refused }
  }

  function startOfToday(): number {
    const today = new Date(clock())
    today.setHours(0, 0, 0, 0)
    return today.getTime()
  }

  /** Empties the cart (the address stays) and drops the marker; waits until that is on disk. */
  async function clearSubmitted(ctx: Context, addressId: string | null): Promise<void> {
    await ctx.store.clear()
    await ctx.store.saveDetails({ addressId, remark: '', requestedDeliveryDate: null })
    await ctx.store.markSubmission(null)
    changed(ctx, await view(ctx))
    await ctx.db.flush().catch(() => undefined)
  }

  async function submitOnce(input: SubmitCartInput): Promise<SubmitCartResult> {
    const earlier = (await deps.outbox.list()).find(
      (item) => item.idempotencyKey === input.idempotencyKey,
    )
    if (earlier) return describeSubmission(earlier)
    const ctx = context()
    // A crash between the outbox write and the emptied cart's save leaves the marker: that order
    // is queued, so a second Submit (new key) answers it and empties the cart, no second order.
    const interrupted = await ctx.store.submission()
    if (interrupted) {
      const made = (await deps.outbox.list()).find((item) => item.idempotencyKey === interrupted)
      if (made) {
        await clearSubmitted(ctx, (await ctx.store.details()).addressId)
        return describeSubmission(made)
      }
      await ctx.store.markSubmission(null)
    }
    const cart = await view(ctx)
    if (cart.lines.length === 0) throw new PortalError('cart.empty')
    const problem = cart.lines.flatMap((line) =>
      line.problems.map((entry) => ({ ...entry, sku: line.sku })),
    )[0]
    if (problem) throw new PortalError(problem.code, { ...problem.params, sku: problem.sku })
    const addressId = cart.details.addressId
    if (!addressId) throw new PortalError('cart.addressRequired')
    const date = cart.details.requestedDeliveryDate
    if (date !== null && date < startOfToday()) throw new PortalError('cart.deliveryDateInPast')

    let total = cart.total
    let allowance = cart.rebateAllowance
    let clientPrices = cart.lines.map((line) => ({
      productId: line.productId,
      unitPrice: line.unitPrice ?? 0,
    }))
    const accepted = input.acceptedQuote
    if (accepted) {
      const byProduct = new Map(accepted.lines.map((line) => [line.productId, line]))
      const matches =
        accepted.lines.length === cart.lines.length &&
        cart.lines.every((line) => byProduct.get(line.productId)?.quantity === line.quantity)
      if (!matches) throw new PortalError('cart.quoteOutdated')
      total = accepted.total
      allowance = accepted.rebateAllowance
      clientPrices = cart.lines.map((line) => ({
        productId: line.productId,
        unitPrice: byProduct.get(line.productId)?.unitPrice ?? 0,
      }))
    }
    const capacity = cart.capacity ?? {
      depositAvailable: 0,
      rebateAvailable: 0,
      creditAvailable: 0,
    }
    const errors = validateAllocation(total, input.payment, {
      depositAvailable: capacity.depositAvailable,
      rebateAllowance: allowance,
      creditAvailable: capacity.creditAvailable,
    })
    if (errors[0]) throw new PortalError(errors[0].code, errors[0].params)

    const remark = cart.details.remark.trim()
    const body: SubmitOrderRequest = {
      lines: cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      addressId,
      ...(remark ? { remark } : {}),
      ...(date !== null ? { requestedDeliveryDate: date } : {}),
      payment: {
        deposit: input.payment.deposit,
        rebate: input.payment.rebate,
        credit: input.payment.credit,
      },
      expectedTotal: total,
      clientPrices,
    }
    const server = deps.session.server()?.key
    await ctx.store.markSubmission(input.idempotencyKey) // on disk before the order is in the outbox
    await ctx.db.flush()
    const item = await deps.outbox.enqueue({
      kind: 'order.submit',
      dealerId: ctx.dealerId,
      ...(server ? { serverUrl: server } : {}),
      payload: { body, seen: { rebateAllowance: allowance } },
      idempotencyKey: input.idempotencyKey,
    })
    await clearSubmitted(ctx, cart.details.addressId) // the order is on disk: now the cart may go
    void Promise.resolve(deps.sendOutbox()).catch(() => undefined)
    if (deps.session.state().connectivity !== 'online') return describeSubmission(item)
    return describeSubmission(
      (await waitForOutcome(deps.outbox, item.id, { timeoutMs: deps.submitWaitMs, clock })) ?? item,
    )
  }

  async function setDetails(patch: Parameters<CartService['setDetails']>[0]): Promise<CartView> {
    const ctx = context()
    const details = await ctx.store.details()
    if (patch.addressId !== undefined) {
      if (!addresses(ctx.dealerId).some((address) => address.id === patch.addressId)) {
        throw new PortalError('order.addressNotFound', { addressId: patch.addressId })
      }
      details.addressId = patch.addressId
    }
    if (patch.remark !== undefined) {
      if (patch.remark.length > MAX_REMARK)
        throw new PortalError('cart.remarkTooLong', { max: MAX_REMARK })
      details.remark = patch.remark
    }
    if (patch.requestedDeliveryDate !== undefined) {
      if (patch.requestedDeliveryDate !== null && patch.requestedDeliveryDate < startOfToday())
        throw new PortalError('cart.deliveryDateInPast')
      details.requestedDeliveryDate = patch.requestedDeliveryDate
    }
    await ctx.store.saveDetails(details)
    return view(ctx)
  }

  const service: CartService = {
    get: async () => view(context()),

    add: (lines) =>
      serial(async () => {
        const ctx = context()
        const existing = await ctx.store.quantities()
        const requested = new Map<string, number>()
        for (const line of lines) {
          const already = requested.get(line.productId) ?? existing.get(line.productId) ?? 0
          requested.set(
            line.productId,
            already + (Number.isFinite(line.quantity) && line.quantity > 0 ? line.quantity : 0),
          )
        }
        return put(ctx, requested)
      }),

    setQuantity: (productId, quantity) =>
      serial(async () => {
        const ctx = context()
        if (!(await ctx.store.quantities()).has(productId))
          throw new PortalError('cart.lineNotFound', { productId })
        const { cart, adjusted, refused } = await put(ctx, new Map([[productId, quantity]]))
        const line = cart.lines.find((candidate) => candidate.productId === productId)
        if (!line) throw new PortalError('cart.lineNotFound', { productId })
        const { lines, addresses: _addresses, details: _details, ...totals } = cart
        return { line, summary: { ...totals, lineCount: lines.length }, adjusted, refused }
      }),

    remove: (productIds) =>
      serial(async () => {
        const ctx = context()
        await ctx.store.remove(productIds)
        return changed(ctx, await view(ctx))
      }),

    clear: () =>
      serial(async () => {
        const ctx = context()
        await ctx.store.clear()
        return changed(ctx, await view(ctx))
      }),

    setDetails: (patch) => serial(() => setDetails(patch)),

    async quote() {
      const ctx = context()
      const cart = await view(ctx)
      if (cart.lines.length === 0) throw new PortalError('cart.empty')
      const quote = await deps.session.client().call('quote', {
        params: { dealerId: ctx.dealerId },
        body: {
          lines: cart.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        },
      })
      const names = new Map(cart.lines.map((line) => [line.productId, line]))
      return priceDifference(cart.lines, cart.total, cart.rebateAllowance, quote, names)
    },

    submit(input) {
      const known = submits.get(input.idempotencyKey)
      if (known) return known
      const submission = submitOnce(input)
      submits.set(input.idempotencyKey, submission)
      // A refused submit queued nothing: the same key may be tried again after a fix.
      submission.catch(() => submits.delete(input.idempotencyKey))
      if (submits.size > REMEMBERED_SUBMITS) submits.delete(submits.keys().next().value as string)
      return submission
    },

    async reviewOutboxPrices(outboxId) {
      const { body, quote, seenAllowance } = await refusedOrder(deps.outbox, outboxId)
      const db = deps.database()
      const products = db
        ? await readProducts(
            db,
            body.lines.map((line) => line.productId),
          )
        : new Map()
      return outboxDifference(body, seenAllowance, quote, products)
    },

    async openRefusedOrder(outboxId) {
      const ctx = context()
      const body = await refusedOrderBody(deps.outbox, ctx.dealerId, outboxId)
      const change = await backIntoCart(ctx, body)
      await deps.outbox.discard(outboxId)
      return { ...change, cart: await view(context()) }
    },

    async openDeclinedOrder(orderId) {
      const ctx = context()
      const order = await readOrder(ctx.db, orderId)
      if (!order) throw new PortalError('resource.notFound')
      if (order.status !== 'declined')
        throw new PortalError('order.notDeclined', { status: order.status })
      const change = await backIntoCart(ctx, {
        lines: order.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
        addressId: order.address.id,
        remark: order.remark ?? undefined,
        requestedDeliveryDate: order.requestedDeliveryDate ?? undefined,
      })
      return { ...change, cart: await view(context()) }
    },

    async acceptOutboxPrices(outboxId) {
      const { item, body, quote } = await refusedOrder(deps.outbox, outboxId)
      const payload = {
        ...(item.payload as object),
        body: bodyAtQuote(body, quote),
        seen: { rebateAllowance: quote.rebateAllowance },
      }
      const again = await deps.outbox.resubmit(item.id, payload)
      void Promise.resolve(deps.sendOutbox()).catch(() => undefined)
      return { outboxId: again.id }
    },
  }
  /** A refused or declined order's lines merged into the cart; its details when it was empty. */
  async function backIntoCart(
    ctx: Context,
    body: Pick<SubmitOrderRequest, 'lines' | 'addressId' | 'remark' | 'requestedDeliveryDate'>,
  ): Promise<CartChange> {
    const wasEmpty = (await view(ctx)).lines.length === 0
    const change = await service.add(body.lines)
    if (wasEmpty)
      await service.setDetails({
        addressId: body.addressId,
        remark: body.remark ?? '',
        requestedDeliveryDate: body.requestedDeliveryDate ?? null,
      })
    return change
  }

  return service
}
