/**
 * Bridge schemas of Home: the business at a glance, computed by main from the signed-in dealer's
 * cache (and the outbox), so it answers offline and at once. Money is integer fen, times epoch ms,
 * months are Beijing calendar months `YYYY-MM` (shared/domain/chinaTime).
 *
 * The to-do list is a union of typed kinds. Every kind carries the router `path` of the record it
 * opens. `statement.awaitingConfirmation` and `order.awaitingApproval` belong to the statement
 * confirmation and dealer-internal approval features: their kinds are declared so those features
 * plug in, and items of them appear only when their data exists.
 */
import { z } from 'zod'
import { Balances } from '../api/account'
import { EpochMs, Fen, Id, NonNegativeFen } from '../api/common'
import { defineMethod } from './define'
import { ExportedFile } from './orders'
import { Language } from './schemas'
import { OUTBOX_KINDS } from './workspace'

/** Credit is "near its limit" when what is available is below this percent of the limit. */
export const CREDIT_NEAR_LIMIT_PERCENT = 10

/** How many months the monthly charts cover (the current one included). */
export const HOME_CHART_MONTHS = 12
export const HOME_TOP_PRODUCTS = 10
export const HOME_RECENT_ORDERS = 8
/** Most to-do items listed per kind (the count says how many there are). */
export const HOME_TODO_PER_KIND = 10

const Path = z.string().startsWith('/')
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)

export const TODO_KINDS = [
  'outbox.refused',
  'credit.nearLimit',
  'statement.awaitingConfirmation',
  'delivery.toConfirm',
  'order.awaitingApproval',
  'order.underReview',
  'outbox.waiting',
] as const
export type TodoKind = (typeof TODO_KINDS)[number]

const documentItem = {
  id: Id,
  number: z.string(),
  amount: NonNegativeFen,
  at: EpochMs,
  path: Path,
}

export const TodoItem = z.discriminatedUnion('kind', [
  /** A submission the gateway refused: it waits in the outbox for the user to correct it. */
  z.object({
    kind: z.literal('outbox.refused'),
    id: z.string(),
    outboxKind: z.enum(OUTBOX_KINDS),
    errorCode: z.string().nullable(),
    at: EpochMs,
    path: Path,
  }),
  z.object({
    kind: z.literal('credit.nearLimit'),
    available: Fen,
    limit: NonNegativeFen,
    thresholdPercent: z.number(),
    path: Path,
  }),
  z.object({ kind: z.literal('statement.awaitingConfirmation'), period: Period, path: Path }),
  /** Goods shipped, receipt not confirmed yet (`has_delivered`, no confirmation waiting to be sent). */
  z.object({ kind: z.literal('delivery.toConfirm'), ...documentItem, orderNumber: z.string() }),
  z.object({ kind: z.literal('order.awaitingApproval'), ...documentItem, createdBy: z.string() }),
  z.object({ kind: z.literal('order.underReview'), ...documentItem }),
  /** Submissions saved on this computer, not sent yet (one item for all of them). */
  z.object({
    kind: z.literal('outbox.waiting'),
    count: z.int().positive(),
    oldestAt: EpochMs,
    path: Path,
  }),
])
export type TodoItem = z.infer<typeof TodoItem>

export const MonthPurchases = z.object({
  period: Period,
  amount: NonNegativeFen,
  orders: z.int().nonnegative(),
})
export type MonthPurchases = z.infer<typeof MonthPurchases>

/**
 * Booked figures at the end of each month (now for the current one), from the transaction flow's
 * balance-after: deposit and rebate balances, credit used (occupied). null: no movement of that
 * account is cached up to then.
 */
export const MonthBalances = z.object({
  period: Period,
  deposit: Fen.nullable(),
  rebate: Fen.nullable(),
  creditUsed: Fen.nullable(),
})
export type MonthBalances = z.infer<typeof MonthBalances>

/** earned: rebate granted; used: rebate deducted for delivered orders (rebateUse), refunds not netted. */
export const MonthRebate = z.object({
  period: Period,
  earned: NonNegativeFen,
  used: NonNegativeFen,
})
export type MonthRebate = z.infer<typeof MonthRebate>

export const TopProduct = z.object({
  productId: Id,
  sku: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  quantity: z.int().nonnegative(),
  amount: NonNegativeFen,
})
export type TopProduct = z.infer<typeof TopProduct>

export const RecentOrder = z.object({
  id: Id,
  number: z.string(),
  status: z.string(),
  total: NonNegativeFen,
  lineCount: z.int().nonnegative(),
  createdAt: EpochMs,
})
export type RecentOrder = z.infer<typeof RecentOrder>

export const HOME_CHARTS = [
  'purchasesByMonth',
  'balanceByMonth',
  'rebateByMonth',
  'topProducts',
] as const
export const HomeChart = z.enum(HOME_CHARTS)
export type HomeChart = z.infer<typeof HomeChart>

export const HomeOverview = z.object({
  dealerId: z.string(),
  /** Epoch ms the figures were computed at. */
  asOf: EpochMs,
  lastSyncedAt: EpochMs.nullable(),
  balances: Balances.nullable(),
  counts: z.object({
    openOrders: z.int().nonnegative(),
    deliveriesInTransit: z.int().nonnegative(),
    pendingReturns: z.int().nonnegative(),
    pendingInvoiceRequests: z.int().nonnegative(),
  }),
  /** Most urgent first; at most HOME_TODO_PER_KIND per kind. */
  todo: z.array(TodoItem),
  /** How many items of each kind exist (the list may show fewer). */
  todoCounts: z.partialRecord(z.enum(TODO_KINDS), z.int().nonnegative()),
  /** Whether the transaction flow is cached (synced for accountants and admins only). */
  hasFlow: z.boolean(),
  charts: z.object({
    purchasesByMonth: z.array(MonthPurchases),
    balanceByMonth: z.array(MonthBalances),
    rebateByMonth: z.array(MonthRebate),
    /** The Beijing calendar year the top products are ranked in. */
    topProductsYear: z.int(),
    topProducts: z.array(TopProduct),
  }),
  /** Newest first. */
  recentOrders: z.array(RecentOrder),
})
export type HomeOverview = z.infer<typeof HomeOverview>

export const HomeExportRequest = z.strictObject({ chart: HomeChart, language: Language })
export type HomeExportRequest = z.infer<typeof HomeExportRequest>

export const homeMethods = {
  /** Everything Home shows; null when signed out (no dealer cache open). */
  overview: defineMethod(z.undefined(), HomeOverview.nullable()),
  /** One chart's numbers as an XLSX sheet (headers in `language`, amounts in yuan). */
  exportChart: defineMethod(HomeExportRequest, ExportedFile),
} as const
