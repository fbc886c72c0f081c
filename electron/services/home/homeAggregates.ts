/**
 * Home's figures as pure functions over rows read from the cache (homeCache.ts): month windows in
 * Beijing time, purchases per month, balances at month ends, rebate earned versus used, and the
 * to-do list. No I/O here; money is integer fen, times epoch ms.
 */
import type { AccountType, Balances, Delivery, Order } from '../../../shared/api'
import {
  CREDIT_NEAR_LIMIT_PERCENT,
  TODO_KINDS,
  type MonthBalances,
  type MonthPurchases,
  type MonthRebate,
  type RecentOrder,
  type TodoItem,
  type TodoKind,
} from '../../../shared/contract/home'
import { chinaDateParts, chinaMidnight, chinaPeriod } from '../../../shared/domain/chinaTime'
import type { OutboxItem } from '../outbox/outboxTypes'

/** A Beijing calendar month: `period` YYYY-MM and its bounds [from, to) in epoch ms. */
export interface MonthWindow {
  period: string
  from: number
  to: number
}

/** The `count` Beijing months up to and including the one containing `now`, oldest first. */
export function monthWindows(now: number, count: number): MonthWindow[] {
  const { year, month } = chinaDateParts(now)
  return Array.from({ length: count }, (_, index) => {
    const offset = month - 1 - (count - 1 - index)
    const from = chinaMidnight(year, offset)
    return { period: chinaPeriod(from), from, to: chinaMidnight(year, offset + 1) }
  })
}

/** [from, to) of the Beijing calendar year containing `now`. */
export function yearWindow(now: number): { year: number; from: number; to: number } {
  const { year } = chinaDateParts(now)
  return { year, from: chinaMidnight(year, 0), to: chinaMidnight(year + 1, 0) }
}

/** Orders and amounts per month; `between` is homeCache's purchasesBetween. */
export function purchasesByMonth(
  between: (from: number, to: number) => Promise<{ orders: number; amount: number }>,
  windows: readonly MonthWindow[],
): Promise<MonthPurchases[]> {
  return Promise.all(
    windows.map(async (window) => ({
      period: window.period,
      ...(await between(window.from, window.to)),
    })),
  )
}

/**
 * Per month, each account's booked figure at the month's end (at `now` for the current month):
 * the balance-after of its last movement before then. `balanceBefore` is homeCache's lookup.
 */
export function balanceByMonth(
  balanceBefore: (accountType: AccountType, at: number) => Promise<number | null>,
  windows: readonly MonthWindow[],
  now: number,
): Promise<MonthBalances[]> {
  return Promise.all(
    windows.map(async (window) => {
      const end = Math.min(window.to, now + 1)
      const [deposit, rebate, creditUsed] = await Promise.all([
        balanceBefore('deposit', end),
        balanceBefore('rebate', end),
        balanceBefore('credit', end),
      ])
      return { period: window.period, deposit, rebate, creditUsed }
    }),
  )
}

/** Per month: rebate granted and used; `between` is homeCache's rebateBetween. */
export function rebateByMonth(
  between: (from: number, to: number) => Promise<{ earned: number; used: number }>,
  windows: readonly MonthWindow[],
): Promise<MonthRebate[]> {
  return Promise.all(
    windows.map(async (window) => ({
      period: window.period,
      ...(await between(window.from, window.to)),
    })),
  )
}

/** Whether credit is near its limit: a limit is set and available < CREDIT_NEAR_LIMIT_PERCENT % of it. */
export function isCreditNearLimit(
  credit: Pick<Balances['credit'], 'limit' | 'available'>,
): boolean {
  return credit.limit > 0 && credit.available * 100 < credit.limit * CREDIT_NEAR_LIMIT_PERCENT
}

export function recentOrderRows(orders: readonly unknown[]): RecentOrder[] {
  return (orders as Order[]).map((order) => ({
    id: order.id,
    number: order.number,
    status: order.status,
    total: order.total,
    lineCount: order.lines.length,
    createdAt: order.createdAt,
  }))
}

export interface TodoSources {
  balances: Balances | null
  /** Deliveries in `has_delivered`, oldest first. */
  deliveriesToConfirm: { total: number; records: readonly unknown[] }
  ordersUnderReview: { total: number; records: readonly unknown[] }
  /** Orders held for the dealer's own approval (status `awaiting_approval`), when that exists. */
  ordersAwaitingApproval: { total: number; records: readonly unknown[] }
  /** Statement periods issued and not yet confirmed or disputed, when statements are confirmed in the app. */
  statementsAwaitingConfirmation: readonly string[]
  /** This dealer's outbox items (any status). */
  outbox: readonly OutboxItem[]
  perKind: number
}

const KIND_RANK = new Map<TodoKind, number>(TODO_KINDS.map((kind, index) => [kind, index]))

/**
 * The to-do list, most urgent kind first (the order of TODO_KINDS), oldest first within a kind, at
 * most `perKind` of each; `counts` says how many of each kind exist. A delivery whose receipt
 * confirmation already waits in the outbox is not listed again.
 */
export function buildTodo(sources: TodoSources): {
  items: TodoItem[]
  counts: Partial<Record<TodoKind, number>>
} {
  const items: TodoItem[] = []
  const counts: Partial<Record<TodoKind, number>> = {}
  const add = (kind: TodoKind, total: number, list: TodoItem[]) => {
    if (total <= 0) return
    counts[kind] = total
    items.push(...list.slice(0, sources.perKind))
  }

  const unsent = sources.outbox.filter((item) => item.status !== 'sent')
  const refused = unsent
    .filter((item) => item.status === 'failed')
    .sort((a, b) => a.createdAt - b.createdAt)
  add(
    'outbox.refused',
    refused.length,
    refused.map((item) => ({
      kind: 'outbox.refused',
      id: item.id,
      outboxKind: item.kind,
      errorCode: item.lastError?.code ?? null,
      at: item.createdAt,
      path: '/outbox',
    })),
  )

  const credit = sources.balances?.credit
  if (credit && isCreditNearLimit(credit)) {
    add('credit.nearLimit', 1, [
      {
        kind: 'credit.nearLimit',
        available: credit.available,
        limit: credit.limit,
        thresholdPercent: CREDIT_NEAR_LIMIT_PERCENT,
        path: '/account',
      },
    ])
  }

  const statements = [...sources.statementsAwaitingConfirmation].sort()
  add(
    'statement.awaitingConfirmation',
    statements.length,
    statements.map((period) => ({
      kind: 'statement.awaitingConfirmation',
      period,
      path: `/account?tab=statement&period=${period}`,
    })),
  )

  const confirming = new Set(
    unsent
      .filter((item) => item.kind === 'delivery.confirmReceipt')
      .map((item) => (item.payload as { params?: { id?: string } } | null)?.params?.id)
      .filter((id): id is string => typeof id === 'string'),
  )
  const deliveries = (sources.deliveriesToConfirm.records as Delivery[]).filter(
    (delivery) => !confirming.has(delivery.id),
  )
  const skipped = sources.deliveriesToConfirm.records.length - deliveries.length
  add(
    'delivery.toConfirm',
    sources.deliveriesToConfirm.total - skipped,
    deliveries.map((delivery) => ({
      kind: 'delivery.toConfirm',
      id: delivery.id,
      number: delivery.number,
      orderNumber: delivery.orderNumber,
      amount: delivery.amount,
      at: delivery.shippedAt,
      path: `/deliveries/${encodeURIComponent(delivery.id)}`,
    })),
  )

  const orderItem = (order: Order) => ({
    id: order.id,
    number: order.number,
    amount: order.total,
    at: order.createdAt,
    path: `/orders/${encodeURIComponent(order.id)}`,
  })
  add(
    'order.awaitingApproval',
    sources.ordersAwaitingApproval.total,
    (sources.ordersAwaitingApproval.records as Order[]).map((order) => ({
      kind: 'order.awaitingApproval',
      ...orderItem(order),
      createdBy: order.createdBy,
    })),
  )
  add(
    'order.underReview',
    sources.ordersUnderReview.total,
    (sources.ordersUnderReview.records as Order[]).map((order) => ({
      kind: 'order.underReview',
      ...orderItem(order),
    })),
  )

  const waiting = unsent.filter((item) => item.status !== 'failed')
  if (waiting.length > 0) {
    add('outbox.waiting', waiting.length, [
      {
        kind: 'outbox.waiting',
        count: waiting.length,
        oldestAt: Math.min(...waiting.map((item) => item.createdAt)),
        path: '/outbox',
      },
    ])
  }

  items.sort((a, b) => (KIND_RANK.get(a.kind) ?? 0) - (KIND_RANK.get(b.kind) ?? 0))
  return { items, counts }
}
