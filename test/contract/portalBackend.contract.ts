/**
 * The contract every PortalBackend (server/backend.ts) honours, as a suite a backend's test file
 * runs with its own factory: `describePortalBackendContract('sandbox', openSandboxSubject)` now,
 * the ShareCRM backend (against its simulator) next. The cases talk to the port directly, no HTTP:
 * what the gateway's routes rely on.
 *
 * A subject supplies the backend and what the cases cannot know about its data: an account with
 * the orderer role at one dealer, a dealer it may not act for, an orderable product, an address,
 * the manufacturer-side steps (approve and ship, a top-up), and a restart over the same durable
 * state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ApprovalRuleState,
  ApproveOrderResult,
  Me,
  Order,
  StatementPeriod,
  StatementPeriodList,
  ProductFeedPage,
  Quote,
  Return,
  TokenPair,
  type Delivery,
  type FeedPage,
} from '../../shared/api'
import {
  feedJsonText,
  type PortalBackend,
  type Principal,
  type WriteContext,
} from '../../server/backend'
import { ApiError } from '../../server/errors'
import { chinaPeriod, chinaPeriodBounds } from '../../shared/domain'

export interface ContractFixture {
  /** Signs in with the orderer role (or admin) at `dealerId`. */
  account: string
  password: string
  dealerId: string
  /** A dealer `account` is not a member of. */
  otherDealerId: string
  addressId: string
  /** Orderable at `dealerId` with minimum quantity 1 and step 1. */
  productId: string
  /**
   * Orders approved inside the dealer: a dealer where `account` is an orderer (not an admin) and
   * `adminAccount` (same password) an admin, with an address and a product as above.
   */
  approval: { dealerId: string; addressId: string; productId: string; adminAccount: string }
}

export interface ContractSubject {
  backend: PortalBackend
  fixture: ContractFixture
  /** Manufacturer side: approves the order and ships the given quantities (all when omitted). */
  approveAndShip(
    orderId: string,
    lines?: { orderLineId: string; quantity: number }[],
  ): Promise<Delivery>
  /** Manufacturer side: adds deposit (fen) so that the cases can pay. */
  topUp(dealerId: string, amount: number): Promise<void>
  /** Manufacturer side: issues (or re-issues) the dealer's statement of `period` (YYYY-MM). */
  issueStatement(dealerId: string, period: string): Promise<void>
  /** Manufacturer side: resolves the dealer's dispute of `period`. */
  resolveDispute(dealerId: string, period: string, resolution: string): Promise<void>
  /**
   * Backends that write the state upstream (ShareCRM: `dd_statement__c`): the upstream records of
   * the dealer's period, to check what was written and that it was written once.
   */
  upstreamStatements?(
    dealerId: string,
    period: string,
  ): Promise<{ status: string; by: string | null; note: string | null }[]>
  /** Closes the backend and opens a new one over the same durable state (a restart). */
  restart(): Promise<PortalBackend>
  close(): Promise<void>
}

let keys = 0
const newKey = () => `contract-${process.pid}-${Date.now()}-${++keys}`

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (caught: unknown) => caught,
  )
  expect(error, String(error)).toBeInstanceOf(ApiError)
  return error as ApiError
}

export function describePortalBackendContract(
  name: string,
  open: () => Promise<ContractSubject>,
): void {
  describe(`PortalBackend contract: ${name}`, () => {
    let subject: ContractSubject
    let backend: PortalBackend
    let fixture: ContractFixture
    let principal: Principal
    let write: WriteContext

    /** Claims a fresh key, runs the write with it, completes the claim like the route table does. */
    async function idempotent<T>(
      dealerId: string,
      body: unknown,
      work: (context: WriteContext) => Promise<T>,
    ): Promise<T> {
      const key = newKey()
      const claim = await backend.idempotency.claim(dealerId, key, `hash-${key}`)
      if (claim.kind !== 'claimed') throw new Error(`fresh key not claimed: ${claim.kind}`)
      try {
        const result = await work({ principal, idempotencyKey: key, recovering: claim.recovering })
        await claim.complete({
          requestHash: `hash-${key}`,
          status: 201,
          body: JSON.stringify(result ?? body),
        })
        return result
      } catch (error) {
        await claim.release()
        throw error
      }
    }

    async function placeOrder(quantity = 10, productId = fixture.productId): Promise<Order> {
      const lines = [{ productId, quantity }]
      const quote = await backend.orders.quote(fixture.dealerId, { lines })
      await subject.topUp(fixture.dealerId, quote.total + 100_000)
      const fresh = await backend.orders.quote(fixture.dealerId, { lines })
      const request = { lines, addressId: fixture.addressId, payment: fresh.suggestedPayment }
      return idempotent(fixture.dealerId, request, (context) =>
        backend.orders.submit(fixture.dealerId, request, context),
      )
    }

    beforeAll(async () => {
      subject = await open()
      backend = subject.backend
      fixture = subject.fixture
      const tokens = await backend.auth.login(fixture.account, fixture.password)
      if (!tokens) throw new Error('the fixture account cannot sign in')
      principal = await backend.auth.authenticate(tokens.accessToken)
      write = { principal }
    })
    afterAll(() => subject?.close())

    describe('auth', () => {
      it('answers null for a wrong password or an unknown account, a token pair otherwise', async () => {
        expect(await backend.auth.login(fixture.account, `${fixture.password}-wrong`)).toBeNull()
        expect(await backend.auth.login(`nobody-${Date.now()}`, fixture.password)).toBeNull()
        const tokens = TokenPair.parse(await backend.auth.login(fixture.account, fixture.password))
        expect((await backend.auth.authenticate(tokens.accessToken)).account).toBe(
          principal.account,
        )
      })

      it('rotates refresh tokens once, revokes the family on reuse, and ends it on logout', async () => {
        const first = TokenPair.parse(await backend.auth.login(fixture.account, fixture.password))
        const second = await backend.auth.refresh(first.refreshToken)
        expect(second.refreshToken).not.toBe(first.refreshToken)
        expect((await refusal(backend.auth.refresh(first.refreshToken))).code).toBe(
          'auth.refreshTokenInvalid',
        )
        // Reuse of the spent token revoked the family: the newer pair is dead too.
        expect((await refusal(backend.auth.refresh(second.refreshToken))).code).toBe(
          'auth.refreshTokenInvalid',
        )
        const third = TokenPair.parse(await backend.auth.login(fixture.account, fixture.password))
        await backend.auth.logout(third.accessToken, third.refreshToken)
        expect((await refusal(backend.auth.authenticate(third.accessToken))).code).toBe(
          'auth.tokenInvalid',
        )
        expect((await refusal(backend.auth.authenticate('not-a-token'))).code).toBe(
          'auth.tokenInvalid',
        )
      })
    })

    describe('dealer scope', () => {
      it('lists the memberships with roles and answers no roles for another dealer', async () => {
        const me = Me.parse(await backend.dealers.me(principal.userId))
        expect(me.dealers.map((dealer) => dealer.id)).toContain(fixture.dealerId)
        expect(
          (await backend.dealers.roles(principal.userId, fixture.dealerId)).length,
        ).toBeGreaterThan(0)
        expect(await backend.dealers.roles(principal.userId, fixture.otherDealerId)).toEqual([])
      })

      it("treats another dealer's record exactly like a missing one", async () => {
        const order = await placeOrder(1)
        expect((await refusal(backend.orders.load(fixture.otherDealerId, order.id))).code).toBe(
          'resource.notFound',
        )
        expect((await refusal(backend.orders.load(fixture.dealerId, 'no-such-order'))).code).toBe(
          'resource.notFound',
        )
        expect((await backend.orders.load(fixture.dealerId, order.id)).id).toBe(order.id)
      })
    })

    describe('feeds', () => {
      it('answer FeedPage JSON in (modifiedAt, id) order strictly after the cursor', async () => {
        const page = ProductFeedPage.parse(
          JSON.parse(
            feedJsonText(
              await backend.catalog.productFeed(fixture.dealerId, { since: 0, limit: 5 }),
            ),
          ),
        )
        expect(page.items.length).toBe(5)
        expect(page.nextCursor).not.toBeNull()
        const after = (
          a: { modifiedAt: number; id: string },
          b: { modifiedAt: number; id: string },
        ) => a.modifiedAt > b.modifiedAt || (a.modifiedAt === b.modifiedAt && a.id > b.id)
        page.items
          .slice(1)
          .forEach((item, index) => expect(after(item, page.items[index]!)).toBe(true))
        const cursor = page.nextCursor!
        const next = ProductFeedPage.parse(
          JSON.parse(
            feedJsonText(
              await backend.catalog.productFeed(fixture.dealerId, { ...cursor, limit: 5 }),
            ),
          ),
        )
        for (const item of next.items)
          expect(after(item, { modifiedAt: cursor.since, id: cursor.after })).toBe(true)
      })

      it('show a new order in the dealer feed', async () => {
        const order = await placeOrder(2)
        const page = JSON.parse(
          feedJsonText(
            await backend.orders.feed(fixture.dealerId, {
              since: order.modifiedAt - 1,
              limit: 1000,
            }),
          ),
        ) as FeedPage<{ id: string }>
        expect(page.items.map((item) => item.id)).toContain(order.id)
      })
    })

    describe('orders', () => {
      it('quotes in integer fen and submits under review, reserving the payment', async () => {
        const quote = Quote.parse(
          await backend.orders.quote(fixture.dealerId, {
            lines: [{ productId: fixture.productId, quantity: 3 }],
          }),
        )
        expect(Number.isSafeInteger(quote.total)).toBe(true)
        const before = await backend.account.balances(fixture.dealerId)
        const order = Order.parse(await placeOrder(3))
        expect(order).toMatchObject({
          status: 'under_review',
          dealerId: fixture.dealerId,
          total: quote.total,
        })
        const after = await backend.account.balances(fixture.dealerId)
        expect(after.deposit.locked - before.deposit.locked).toBe(order.payment.deposit)
      })

      it('refuses with Portal problem codes, never English sentences', async () => {
        const quote = await backend.orders.quote(fixture.dealerId, {
          lines: [{ productId: fixture.productId, quantity: 1 }],
        })
        const request = {
          lines: [{ productId: fixture.productId, quantity: 1 }],
          addressId: 'no-such-address',
          payment: quote.suggestedPayment,
        }
        const error = await refusal(backend.orders.submit(fixture.dealerId, request, write))
        expect(error.code).toBe('order.addressNotFound')
      })

      it('never fails with a 5xx on amounts beyond safe integers (order.amountTooLarge)', async () => {
        // The 60 dearest orderable products at the largest valid quantity ≤ 1e9 (the schema allows
        // it): their total leaves the safe integer range.
        const feed = ProductFeedPage.parse(
          JSON.parse(
            feedJsonText(
              await backend.catalog.productFeed(fixture.dealerId, { since: 0, limit: 5000 }),
            ),
          ),
        )
        const ids = feed.items.filter((item) => !item.deleted).map((item) => item.id)
        const probe = await backend.orders.quote(fixture.dealerId, {
          lines: ids.slice(0, 2000).map((productId) => ({ productId, quantity: 1 })),
        })
        const lines = probe.lines
          .filter((line) => line.step !== null && line.listPrice !== null)
          .sort((a, b) => b.listPrice! - a.listPrice!)
          .map((line) => ({
            productId: line.productId,
            quantity: Math.floor(999_999_999 / line.step!) * line.step!,
          }))
          .slice(0, 60)
        expect(lines.length).toBe(60)
        const quote = await backend.orders
          .quote(fixture.dealerId, { lines })
          .catch((error: unknown) => error)
        if (quote instanceof ApiError) expect(quote.code).toBe('order.amountTooLarge')
        else
          expect((quote as Quote).problems.map((problem) => problem.code)).toContain(
            'order.amountTooLarge',
          )
        const request = {
          lines,
          addressId: fixture.addressId,
          payment: { deposit: 0, rebate: 0, credit: 0 },
        }
        const error = await refusal(backend.orders.submit(fixture.dealerId, request, write))
        expect(error.code).toBe('order.amountTooLarge')
      })
    })

    describe('idempotency store', () => {
      it('replays a completed key, refuses it for another request, and lets a released key be claimed again', async () => {
        const key = newKey()
        const first = await backend.idempotency.claim(fixture.dealerId, key, 'hash-a')
        expect(first).toMatchObject({ kind: 'claimed', recovering: false })
        if (first.kind !== 'claimed') return
        await first.release()
        const second = await backend.idempotency.claim(fixture.dealerId, key, 'hash-a')
        expect(second).toMatchObject({ kind: 'claimed', recovering: false })
        if (second.kind !== 'claimed') return
        await second.complete({ requestHash: 'hash-a', status: 201, body: '{"answer":1}' })
        expect(await backend.idempotency.claim(fixture.dealerId, key, 'hash-a')).toMatchObject({
          kind: 'replay',
          response: { requestHash: 'hash-a', status: 201, body: '{"answer":1}' },
        })
        expect(await backend.idempotency.claim(fixture.dealerId, key, 'hash-b')).toEqual({
          kind: 'conflict',
        })
        // Keys are per dealer.
        const elsewhere = await backend.idempotency.claim(fixture.otherDealerId, key, 'hash-a')
        expect(elsewhere).toMatchObject({ kind: 'claimed' })
        if (elsewhere.kind === 'claimed') await elsewhere.release()
      })

      it('makes a concurrent duplicate wait for the first claim and replay its answer', async () => {
        const key = newKey()
        const first = await backend.idempotency.claim(fixture.dealerId, key, 'hash-c')
        if (first.kind !== 'claimed') throw new Error('not claimed')
        let settled = false
        const duplicate = backend.idempotency
          .claim(fixture.dealerId, key, 'hash-c')
          .finally(() => (settled = true))
        await new Promise((resolve) => setTimeout(resolve, 50))
        expect(settled).toBe(false)
        await first.complete({ requestHash: 'hash-c', status: 201, body: '{"first":true}' })
        expect(await duplicate).toMatchObject({
          kind: 'replay',
          response: { body: '{"first":true}' },
        })
      })
    })

    describe('durability', () => {
      it('keeps every answered write across a restart, and a claim cut off mid-write recovers its record', async () => {
        const order = await placeOrder(4)
        // A write whose claim was never completed: the gateway died between the write and `complete`.
        const key = newKey()
        const claim = await backend.idempotency.claim(fixture.dealerId, key, 'hash-cut')
        if (claim.kind !== 'claimed') throw new Error('not claimed')
        const quote = await backend.orders.quote(fixture.dealerId, {
          lines: [{ productId: fixture.productId, quantity: 5 }],
        })
        const request = {
          lines: [{ productId: fixture.productId, quantity: 5 }],
          addressId: fixture.addressId,
          payment: quote.suggestedPayment,
        }
        const cut = await backend.orders.submit(fixture.dealerId, request, {
          principal,
          idempotencyKey: key,
          recovering: false,
        })

        backend = await subject.restart()
        expect((await backend.orders.load(fixture.dealerId, order.id)).number).toBe(order.number)
        const again = await backend.idempotency.claim(fixture.dealerId, key, 'hash-cut')
        expect(again).toMatchObject({ kind: 'claimed', recovering: true })
        if (again.kind !== 'claimed') return
        const recovered = await backend.orders.submit(fixture.dealerId, request, {
          principal,
          idempotencyKey: key,
          recovering: true,
        })
        await again.complete({
          requestHash: 'hash-cut',
          status: 201,
          body: JSON.stringify(recovered),
        })
        expect(recovered).toMatchObject({ id: cut.id, number: cut.number })
        const next = await placeOrder(1)
        expect([order.number, cut.number]).not.toContain(next.number)
      })
    })

    describe('returns', () => {
      it('limit the returnable quantity to what was received after a short receipt', async () => {
        const order = await placeOrder(12)
        const delivery = await subject.approveAndShip(order.id)
        const line = delivery.lines[0]!
        await backend.deliveries.confirmReceipt(
          fixture.dealerId,
          delivery.id,
          { lines: [{ deliveryLineId: line.deliveryLineId, receivedQuantity: 11 }] },
          write,
        )
        const request = {
          lines: [{ orderId: order.id, orderLineId: line.orderLineId, quantity: 12 }],
          reason: 'quality' as const,
        }
        const error = await refusal(
          idempotent(fixture.dealerId, request, (context) =>
            backend.returns.create(fixture.dealerId, request, context),
          ),
        )
        expect(error.code).toBe('return.quantityAboveReturnable')
        const ok = { ...request, lines: [{ ...request.lines[0]!, quantity: 11 }] }
        const made = Return.parse(
          await idempotent(fixture.dealerId, ok, (context) =>
            backend.returns.create(fixture.dealerId, ok, context),
          ),
        )
        expect(made.amount).toBe(11 * order.lines[0]!.unitPrice)
      })

      it('resolve order numbers to ids before checking duplicates: one line twice is refused', async () => {
        const order = await placeOrder(6)
        const delivery = await subject.approveAndShip(order.id)
        const lineId = delivery.lines[0]!.orderLineId
        const request = {
          lines: [
            { orderId: order.id, orderLineId: lineId, quantity: 4 },
            { orderId: order.number, orderLineId: lineId, quantity: 2 },
          ],
          reason: 'quality' as const,
        }
        const error = await refusal(
          idempotent(fixture.dealerId, request, (context) =>
            backend.returns.create(fixture.dealerId, request, context),
          ),
        )
        expect(error.code).toBe('return.duplicateLine')
      })
    })

    describe('invoice requests', () => {
      it('resolve order numbers to ids before checking duplicates: one order twice is refused', async () => {
        const order = await placeOrder(5)
        await subject.approveAndShip(order.id)
        const me = await backend.dealers.me(principal.userId)
        const profile = me.dealers.find((dealer) => dealer.id === fixture.dealerId)
          ?.invoiceProfiles[0]
        if (!profile) throw new Error('the fixture dealer needs an invoice profile')
        const amount = Math.floor(order.total / 2)
        const request = {
          profileId: profile.id,
          type: profile.type,
          orders: [
            { orderId: order.id, amount },
            { orderId: order.number, amount },
          ],
        }
        const error = await refusal(
          idempotent(fixture.dealerId, request, (context) =>
            backend.invoices.create(fixture.dealerId, request, context),
          ),
        )
        expect(error.code).toBe('invoice.duplicateOrder')
      })
    })

    describe('orders approved inside the dealer', () => {
      let admin: WriteContext
      let dealerId: string
      let amountAbove: number

      const lines = (quantity: number) => [{ productId: fixture.approval.productId, quantity }]
      const available = async () => (await subject.backend.account.balances(dealerId)).deposit

      async function order(quantity: number, as: WriteContext): Promise<Order> {
        const quote = await subject.backend.orders.quote(dealerId, { lines: lines(quantity) })
        const request = {
          lines: lines(quantity),
          addressId: fixture.approval.addressId,
          payment: { deposit: quote.total, rebate: 0, credit: 0 },
        }
        return idempotent(dealerId, request, (context) =>
          subject.backend.orders.submit(dealerId, request, { ...context, principal: as.principal }),
        )
      }

      beforeAll(async () => {
        dealerId = fixture.approval.dealerId
        const tokens = await subject.backend.auth.login(
          fixture.approval.adminAccount,
          fixture.password,
        )
        if (!tokens) throw new Error('the approval admin cannot sign in')
        admin = { principal: await subject.backend.auth.authenticate(tokens.accessToken) }
        const one = await subject.backend.orders.quote(dealerId, { lines: lines(1) })
        amountAbove = one.total
        await subject.topUp(dealerId, one.total * 20 + 100_000)
      })
      afterAll(async () => {
        await subject.backend.approvals.setRule(
          dealerId,
          { amountAbove: null, ordererIds: [] },
          admin,
        )
      })

      it('stores the rule an admin sets, with the dealer users to choose orderers from', async () => {
        const state = ApprovalRuleState.parse(
          await subject.backend.approvals.setRule(dealerId, { amountAbove, ordererIds: [] }, admin),
        )
        expect(state.rule).toEqual({ amountAbove, ordererIds: [] })
        expect(state.members.map((member) => member.userId)).toContain(principal.userId)
        expect(state.modifiedBy).toBe(admin.principal.displayName)
        expect((await subject.backend.approvals.rule(dealerId)).rule.amountAbove).toBe(amountAbove)
        const error = await refusal(
          subject.backend.approvals.setRule(
            dealerId,
            { amountAbove, ordererIds: ['no-such-user'] },
            admin,
          ),
        )
        expect(error.code).toBe('approval.ordererNotMember')
      })

      it('holds an order above the amount: awaiting approval, in the queue, nothing reserved', async () => {
        const before = await available()
        const small = await order(1, write)
        expect(small.status).toBe('under_review')
        const afterSmall = await available()
        expect(afterSmall.available).toBe(before.available - small.total)
        const held = Order.parse(await order(3, write))
        expect(held.status).toBe('awaiting_approval')
        expect(held.approval?.reasons).toEqual(['amountAbove'])
        expect(held.approval?.orderedBy).toBe(principal.userId)
        expect((await available()).available).toBe(afterSmall.available)
        const queue = await subject.backend.approvals.queue(dealerId)
        expect(queue.orders.map((entry) => entry.id)).toContain(held.id)
        expect((await subject.backend.orders.load(dealerId, held.id)).status).toBe(
          'awaiting_approval',
        )
        // An admin's own order is not held.
        expect((await order(3, admin)).status).toBe('under_review')
      })

      it('holds every order of a named orderer', async () => {
        await subject.backend.approvals.setRule(
          dealerId,
          { amountAbove: null, ordererIds: [principal.userId] },
          admin,
        )
        const held = await order(1, write)
        expect(held.status).toBe('awaiting_approval')
        expect(held.approval?.reasons).toEqual(['orderer'])
        await subject.backend.approvals.setRule(dealerId, { amountAbove, ordererIds: [] }, admin)
      })

      it('approves: re-quoted and submitted as usual, reserved, off the queue, once', async () => {
        const held = await order(3, write)
        const before = await available()
        const result = ApproveOrderResult.parse(
          await idempotent(dealerId, {}, (context) =>
            subject.backend.approvals.approve(dealerId, held.id, undefined, {
              ...context,
              principal: admin.principal,
            }),
          ),
        )
        expect(result.order.status).toBe('under_review')
        expect(result.priceChanges).toEqual([])
        expect(result.order.total).toBe(held.total)
        // The orderer's app sees the held order become this one, whatever id it now has.
        expect(result.order.heldOrderId).toBe(held.id)
        expect(result.order.approval?.decidedBy).toBe(admin.principal.displayName)
        const page = JSON.parse(
          feedJsonText(
            await subject.backend.orders.feed(dealerId, {
              since: held.modifiedAt - 1,
              limit: 1000,
            }),
          ),
        ) as FeedPage<Order>
        const latest = new Map(page.items.map((entry) => [entry.id, entry]))
        const approved = latest.get(result.order.id)
        expect(approved && !approved.deleted ? approved.record : null).toMatchObject({
          status: 'under_review',
          heldOrderId: held.id,
          approval: { decidedBy: admin.principal.displayName, reasons: ['amountAbove'] },
        })
        if (result.order.id !== held.id) {
          // A new id: the held entry is a tombstone after the new order (the feed's order).
          const tombstone = latest.get(held.id)
          expect(tombstone?.deleted).toBe(true)
          const ids = page.items.map((entry) => entry.id)
          expect(ids.lastIndexOf(held.id)).toBeGreaterThan(ids.lastIndexOf(result.order.id))
        }
        expect((await available()).available).toBe(before.available - held.total)
        const queue = await subject.backend.approvals.queue(dealerId)
        expect(queue.orders.map((entry) => entry.id)).not.toContain(held.id)
        // The manufacturer's steps later (ShareCRM: the order projected again) keep both.
        await subject.approveAndShip(result.order.id)
        expect(await subject.backend.orders.load(dealerId, result.order.id)).toMatchObject({
          heldOrderId: held.id,
          approval: { decidedBy: admin.principal.displayName },
        })
        const again = await refusal(
          idempotent(dealerId, { again: true }, (context) =>
            subject.backend.approvals.approve(dealerId, held.id, undefined, {
              ...context,
              principal: admin.principal,
            }),
          ),
        )
        expect(again.code).toBe('order.notAwaitingApproval')
      })

      it('declines with a reason the orderer sees; nothing reserved or released', async () => {
        const held = await order(3, write)
        const before = await available()
        const declined = Order.parse(
          await idempotent(dealerId, { reason: '超出本月预算' }, (context) =>
            subject.backend.approvals.decline(
              dealerId,
              held.id,
              { reason: '超出本月预算' },
              { ...context, principal: admin.principal },
            ),
          ),
        )
        expect(declined.status).toBe('declined')
        expect(declined.approval?.declineReason).toBe('超出本月预算')
        expect(declined.approval?.decidedBy).toBe(admin.principal.displayName)
        expect((await available()).available).toBe(before.available)
        const seen = await subject.backend.orders.load(dealerId, declined.id)
        expect(seen.status).toBe('declined')
        expect(seen.statusHistory.at(-1)?.note).toBe('超出本月预算')
      })

      it('lets the orderer cancel a held order without releasing anything', async () => {
        const held = await order(3, write)
        const before = await available()
        const cancelled = await subject.backend.orders.cancel(dealerId, held.id, undefined, write)
        expect(cancelled.status).toBe('cancelled')
        expect((await available()).available).toBe(before.available)
      })
    })

    describe('statement periods', () => {
      const period = chinaPeriod(Date.now())
      const previous = chinaPeriod(chinaPeriodBounds(period).from - 1)
      const periodOf = async (dealerId: string, key: string) =>
        StatementPeriodList.parse(await backend.statements.list(dealerId)).items.find(
          (item) => item.period === key,
        )
      const confirm = (key: string) =>
        idempotent(fixture.dealerId, { key }, (context) =>
          backend.statements.confirm(fixture.dealerId, key, context),
        )
      const dispute = (key: string, request: Parameters<typeof backend.statements.dispute>[2]) =>
        idempotent(fixture.dealerId, request, (context) =>
          backend.statements.dispute(fixture.dealerId, key, request, context),
        )

      it('lists issued periods newest first, with totals and entries as the statement had them', async () => {
        await subject.topUp(fixture.dealerId, 12_345)
        await subject.issueStatement(fixture.dealerId, previous)
        await subject.issueStatement(fixture.dealerId, period)
        const list = StatementPeriodList.parse(await backend.statements.list(fixture.dealerId))
        const keys = list.items.map((item) => item.period)
        expect(keys.indexOf(period)).toBeLessThan(keys.indexOf(previous))
        const issued = list.items.find((item) => item.period === period)!
        expect(issued.status).toBe('issued')
        const { from, to } = chinaPeriodBounds(period)
        expect([issued.from, issued.to]).toEqual([from, to])
        const statement = await backend.account.statement(fixture.dealerId, from, to)
        expect(issued.entries.map((entry) => entry.transactionId).sort()).toEqual(
          statement.accounts.flatMap((account) => account.movements.map((m) => m.id)).sort(),
        )
        expect(issued.entries.length).toBeGreaterThan(0)
        const deposit = issued.totals.find((totals) => totals.accountType === 'deposit')!
        const expected = statement.accounts.find((account) => account.accountType === 'deposit')!
        expect(deposit.closing).toBe(expected.closing)
        // Another dealer's periods are not this dealer's: not listed, not confirmable.
        expect(await periodOf(fixture.otherDealerId, 'x')).toBeUndefined()
        expect(
          (await refusal(backend.statements.confirm(fixture.otherDealerId, '2001-01', write))).code,
        ).toBe('resource.notFound')
      })

      it('refuses to confirm a period whose entries changed after it was issued, saying what changed', async () => {
        await subject.issueStatement(fixture.dealerId, period)
        await subject.topUp(fixture.dealerId, 500)
        const error = await refusal(confirm(period))
        expect(error.code).toBe('statement.changedSinceIssued')
        expect(error.params).toMatchObject({ added: 1, removed: 0, changed: 0 })
        expect(String(error.params.transactionIds)).toMatch(/\S/)
        expect((await periodOf(fixture.dealerId, period))?.status).toBe('issued')
      })

      it('dispute (entries of the period only, once each), resolve, then confirm', async () => {
        await subject.issueStatement(fixture.dealerId, period)
        const issued = (await periodOf(fixture.dealerId, period))!
        const entry = issued.entries[0]!.transactionId
        const unknown = await refusal(
          dispute(period, { note: 'x', entries: [{ transactionId: 'not-a-tx', note: '' }] }),
        )
        expect(unknown.code).toBe('statement.entryNotInPeriod')
        const twice = await refusal(
          dispute(period, {
            note: 'x',
            entries: [
              { transactionId: entry, note: 'a' },
              { transactionId: entry, note: 'b' },
            ],
          }),
        )
        expect(twice.code).toBe('statement.duplicateEntry')

        const disputed = StatementPeriod.parse(
          await dispute(period, {
            note: '金额不符 amount differs',
            entries: [{ transactionId: entry, note: '未收到 not received' }],
          }),
        )
        expect(disputed).toMatchObject({
          status: 'disputed',
          disputedBy: principal.displayName,
          disputeNote: '金额不符 amount differs',
          disputedEntries: [{ transactionId: entry, note: '未收到 not received' }],
        })
        const upstreamDispute = await subject.upstreamStatements?.(fixture.dealerId, period)
        if (upstreamDispute) {
          expect(upstreamDispute).toHaveLength(1)
          expect(upstreamDispute[0]?.status).toBe('disputed')
          expect(upstreamDispute[0]?.note).toContain('未收到 not received')
        }
        expect((await refusal(confirm(period))).code).toBe('statement.notConfirmable')
        expect((await refusal(dispute(period, { note: 'again', entries: [] }))).code).toBe(
          'statement.notDisputable',
        )

        await subject.resolveDispute(fixture.dealerId, period, '已补记 booked')
        const resolved = (await periodOf(fixture.dealerId, period))!
        expect(resolved).toMatchObject({ status: 'resolved', resolution: '已补记 booked' })
        const confirmed = StatementPeriod.parse(await confirm(period))
        expect(confirmed).toMatchObject({ status: 'confirmed', confirmedBy: principal.displayName })
        expect(confirmed.confirmedAt).toBeGreaterThan(0)
        // A retry of a cut-off attempt answers the confirmed period; a new confirm is refused.
        const recovered = await backend.statements.confirm(fixture.dealerId, period, {
          principal,
          idempotencyKey: newKey(),
          recovering: true,
        })
        expect(recovered.status).toBe('confirmed')
        expect((await refusal(confirm(period))).code).toBe('statement.notConfirmable')
        const upstream = await subject.upstreamStatements?.(fixture.dealerId, period)
        if (upstream) {
          expect(upstream).toHaveLength(1)
          expect(upstream[0]).toMatchObject({ status: 'confirmed', by: principal.displayName })
        }
      })

      it('keeps the state across a restart', async () => {
        backend = await subject.restart()
        expect((await periodOf(fixture.dealerId, period))?.status).toBe('confirmed')
      })
    })
  })
}
