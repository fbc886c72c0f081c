/**
 * Six months of demo history, replayed through the real backend operations with the clock set
 * to each event's time, so every document, balance and transaction row obeys the same rules as
 * live traffic. Each order gets a fate when it is planned (cancelled, rejected, shipped at once or
 * in two parts, receipt confirmed, returned, invoiced); events later than the seed time are
 * dropped, which leaves the most recent orders in every intermediate status.
 */
import type { Order } from '../../../../shared/api'
import type { SandboxEngine } from '../index'
import type { Random } from '../prng'
import { productId } from './catalog'
import { DEALERS } from './people'

const HOUR = 3_600_000
const DAY = 24 * HOUR

interface Event {
  at: number
  sequence: number
  run(): void
}

const ORDERERS: Record<string, string[]> = {
  d_sh: ['李强', '王芳'],
  d_cd: ['李强'],
  d_hk: ['Kelvin Chan'],
}
const ORDERS_PER_DAY: Record<string, number> = { d_sh: 0.8, d_cd: 0.5, d_hk: 0.35 }
const PROFILE_TYPES = {
  d_sh: ['ipf_sh_1', 'vatSpecial'],
  d_cd: ['ipf_cd_1', 'vatGeneral'],
  d_hk: ['ipf_hk_1', 'electronicGeneral'],
} as const

export function seedHistory(
  backend: SandboxEngine,
  random: Random,
  anchor: number,
  productCount: number,
): void {
  const start = anchor - 180 * DAY
  const events: Event[] = []
  let sequence = 0
  let replaying = false
  const before = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.sequence < b.sequence)
  const at = (time: number, run: () => void) => {
    if (time >= anchor) return
    const event = { at: time, sequence: sequence++, run }
    if (!replaying) return void events.push(event)
    // While replaying, keep the queue sorted (new events always lie in the future).
    let low = 0
    let high = events.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (before(events[middle] as Event, event)) low = middle + 1
      else high = middle
    }
    events.splice(low, 0, event)
  }
  /** Operator and dealer steps may legitimately fail (a state changed meanwhile): skip them. */
  const attempt = (work: () => void) => {
    try {
      work()
    } catch {
      // deterministic either way
    }
  }
  const pool = Array.from({ length: Math.min(productCount, 400) }, (_, index) =>
    productId(index + 1),
  )

  for (const dealer of DEALERS) {
    at(start, () => {
      backend.account.setCreditLimit(dealer.id, dealer.creditLimit, '年度授信 / annual credit line')
      backend.account.topUp(dealer.id, dealer.creditLimit, '期初预存 / opening deposit')
    })
    for (let month = 0; month < 6; month++) {
      const monthStart = start + month * 30 * DAY + 2 * HOUR
      at(monthStart, () =>
        backend.account.grantRebate(
          dealer.id,
          random.int(50, 150) * 10_000,
          `${month + 1} 月返利 / monthly rebate`,
        ),
      )
      at(monthStart + HOUR, () =>
        backend.account.topUp(dealer.id, random.int(5, 20) * 1_000_000, '银行转账 / bank transfer'),
      )
      at(monthStart + 2 * HOUR, () => {
        const occupied = backend.ledger.account(dealer.id, 'credit').balance
        if (occupied > 0)
          backend.account.settleCredit(dealer.id, occupied, '信用还款 / credit settlement')
      })
    }
    // So the demo starts with money on every account.
    at(anchor - DAY, () => backend.account.topUp(dealer.id, 20_000_000, '银行转账 / bank transfer'))
    at(anchor - DAY + HOUR, () =>
      backend.account.grantRebate(dealer.id, 800_000, '季度返利 / quarterly rebate'),
    )
    for (let day = 0; day < 180; day++) {
      if (!random.chance(ORDERS_PER_DAY[dealer.id] ?? 0.3)) continue
      planOrder(dealer.id, start + day * DAY + random.int(1, 9) * HOUR + random.int(0, 59) * 60_000)
    }
  }

  function planOrder(dealerId: string, created: number): void {
    const lineCount = random.int(2, 6)
    const candidates = Array.from({ length: lineCount }, () => random.pick(pool))
    const multipliers = candidates.map(() => random.int(0, 5))
    const createdBy = random.pick(ORDERERS[dealerId] ?? ['李强'])
    const useCredit = random.chance(0.3)
    const fate = random.next()
    const partial = random.chance(0.3)
    const confirms = random.chance(0.85)
    const returns = random.chance(0.12)
    const returnRejected = random.chance(0.15)
    const invoices = random.chance(0.6)
    const invoiceIssued = random.chance(0.9)
    const reviewDays = random.int(1, 4)
    let order: Order | undefined

    at(created, () => {
      const lines = [...new Set(candidates)].map((id) => ({ productId: id, quantity: 1 }))
      const probe = backend.orders.quote(dealerId, { lines })
      const priced = probe.lines
        .map((line, index) => ({ line, multiplier: multipliers[index] ?? 1 }))
        .filter(
          ({ line }) =>
            line.step !== null &&
            line.minQuantity !== null &&
            !line.problems.some(
              (problem) =>
                problem.code !== 'order.belowMinQuantity' &&
                problem.code !== 'order.notPackMultiple',
            ),
        )
        .map(({ line, multiplier }) => ({
          productId: line.productId,
          quantity:
            Math.ceil((line.minQuantity ?? 1) / (line.step ?? 1)) * (line.step ?? 1) +
            multiplier * (line.step ?? 1),
        }))
      if (priced.length === 0) return
      let quote = backend.orders.quote(dealerId, { lines: priced })
      const short =
        quote.total -
        (quote.suggestedPayment.deposit +
          quote.suggestedPayment.rebate +
          quote.suggestedPayment.credit)
      if (short > 0) {
        backend.account.topUp(dealerId, short + 5_000_000, '银行转账 / bank transfer')
        quote = backend.orders.quote(dealerId, { lines: priced })
      }
      const payment = { ...quote.suggestedPayment }
      if (useCredit) {
        const moved = Math.min(
          payment.deposit,
          quote.balances.creditAvailable - payment.credit,
          Math.floor(quote.total * 0.4),
        )
        if (moved > 0) {
          payment.deposit -= moved
          payment.credit += moved
        }
      }
      const address = backend.dealers.addresses(dealerId)[0]
      if (!address) return
      order = backend.orders.submit(dealerId, createdBy, {
        lines: priced,
        addressId: address.id,
        payment,
      })
    })
    const step = (time: number, work: (current: Order) => void) =>
      at(time, () => order && attempt(() => work(backend.orders.load(order!.id))))

    if (fate < 0.05)
      return step(
        created + 3 * HOUR,
        (current) =>
          void backend.orders.cancel(dealerId, current.id, { reason: '客户改单 / changed order' }),
      )
    if (fate < 0.1)
      return step(
        created + reviewDays * DAY,
        (current) => void backend.orders.reject(current.id, '超出信用额度 / over credit policy'),
      )
    step(created + reviewDays * DAY, (current) => void backend.orders.approve(current.id, null))
    const firstShip = created + (reviewDays + 2) * DAY
    const lastShip = partial ? created + 6 * DAY : firstShip
    step(firstShip, (current) => {
      const lines = partial
        ? current.lines.slice(0, Math.max(1, Math.floor(current.lines.length / 2)))
        : current.lines
      const delivery = backend.deliveries.ship(current.id, {
        lines: lines.map((line) => ({ orderLineId: line.lineId, quantity: line.quantity })),
      })
      if (confirms)
        at(firstShip + 3 * DAY, () =>
          attempt(() => void backend.deliveries.confirmReceipt(dealerId, delivery.id, undefined)),
        )
    })
    if (partial) {
      step(lastShip, (current) => {
        const delivery = backend.deliveries.ship(current.id, {})
        if (confirms)
          at(lastShip + 3 * DAY, () =>
            attempt(() => void backend.deliveries.confirmReceipt(dealerId, delivery.id, undefined)),
          )
      })
    }
    if (returns) {
      const raised = lastShip + 10 * DAY
      let returnId = ''
      step(raised, (current) => {
        const line = current.lines.find(
          (candidate) => candidate.deliveredQuantity > candidate.returnedQuantity,
        )
        if (!line) return
        returnId = backend.returns.create(dealerId, createdBy, {
          lines: [{ orderId: current.id, orderLineId: line.lineId, quantity: 1 }],
          reason: random.pick(['quality', 'damagedInTransit', 'wrongItem'] as const),
          remark: '包装破损，见照片 / packaging damaged, photos attached',
        }).id
      })
      const returnStep = (time: number, work: () => void) =>
        at(time, () => returnId && attempt(work))
      if (returnRejected)
        returnStep(
          raised + DAY,
          () => void backend.returns.reject(returnId, '超过退货期限 / past the return period'),
        )
      else {
        returnStep(raised + DAY, () => void backend.returns.approve(returnId, null))
        returnStep(raised + 4 * DAY, () => void backend.returns.receive(returnId, null))
        returnStep(raised + 5 * DAY, () => void backend.returns.refund(returnId, null))
      }
    }
    if (invoices) {
      const requested = lastShip + 15 * DAY
      let requestId = ''
      const [profileId, type] = PROFILE_TYPES[dealerId as keyof typeof PROFILE_TYPES]
      step(requested, (current) => {
        if (current.invoiceableAmount <= 0) return
        requestId = backend.invoices.create(dealerId, '张敏', {
          type,
          profileId,
          orders: [{ orderId: current.id, amount: current.invoiceableAmount }],
        }).id
      })
      at(
        requested + 3 * DAY,
        () =>
          requestId &&
          attempt(
            () =>
              void (invoiceIssued
                ? backend.invoices.issue(requestId, undefined)
                : backend.invoices.reject(requestId, '抬头有误 / wrong title')),
          ),
      )
    }
  }

  events.sort((a, b) => a.at - b.at || a.sequence - b.sequence)
  replaying = true
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as Event
    backend.setClock(() => event.at)
    event.run()
  }
}
