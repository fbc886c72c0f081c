/**
 * Home: the signed-in dealer's business at a glance, computed from its cache and the outbox (no
 * network, so it works offline and answers at once): balances, the to-do list, the monthly charts,
 * the top products of this year and the recent orders; and any chart's numbers as XLSX.
 *
 * Definitions (the view and the README say the same):
 * - purchases: totals of orders not cancelled or rejected, by the Beijing month they were created;
 * - balances over time: each account's balance-after of its last movement before the month's end;
 * - rebate earned / used: rebateGrant / rebateUse movements of the rebate account per month;
 * - top products: order-line amounts of this Beijing calendar year's orders (not void), ties by SKU;
 * - credit near its limit: available < CREDIT_NEAR_LIMIT_PERCENT % of a non-zero limit.
 *
 * Errors (PortalError codes): session.signedOut from exportChart when no dealer cache is open.
 */
import type { Language } from '../../../shared/contract'
import {
  HOME_CHART_MONTHS,
  HOME_RECENT_ORDERS,
  HOME_TODO_PER_KIND,
  HOME_TOP_PRODUCTS,
  type HomeExportRequest,
  type HomeOverview,
} from '../../../shared/contract/home'
import type { ExportedFile } from '../../../shared/contract/orders'
import { PortalError } from '../../../shared/contract/result'
import type { Translate } from '../../../shared/i18n/translate'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { Outbox } from '../outbox/outbox'
import {
  balanceByMonth,
  buildTodo,
  monthEnds,
  monthWindows,
  purchasesByMonth,
  rebateByMonth,
  recentOrderRows,
  yearWindow,
} from './homeAggregates'
import { homeCache } from './homeCache'
import { chartFileName, chartTable, chartXlsx } from './homeExport'

export interface HomeDependencies {
  /** The signed-in dealer's cache, or null when signed out. */
  database(): CacheDatabase | null
  /** `roles`: held orders are an admin's to-do (they decide on them); absent: no admin items. */
  dealer(): { dealerId: string; serverKey?: string; roles?: readonly string[] } | null
  outbox: Pick<Outbox, 'list'>
  translator(language: Language): Translate
  /**
   * Statement periods (`YYYY-MM`) issued to the dealer and waiting for its confirmation (the
   * cached `statement_periods` issued or resolved); one with a confirmation or dispute in the
   * outbox is left out.
   */
  statementsAwaitingConfirmation?(dealerId: string): Promise<readonly string[]>
  clock?: () => number
}

export interface HomeService {
  /** null when signed out. */
  overview(): Promise<HomeOverview | null>
  exportChart(request: HomeExportRequest): Promise<ExportedFile>
}

/** The charts of `db` at `now` (also what the exports are made of). */
export async function computeCharts(
  db: CacheDatabase,
  now: number,
): Promise<HomeOverview['charts']> {
  const cache = homeCache(db)
  const windows = monthWindows(now, HOME_CHART_MONTHS)
  const periods = windows.map((window) => window.period)
  const { year } = yearWindow(now)
  const [purchases, balancesAt, rebates, totals] = await Promise.all([
    cache.purchasesInMonths(periods),
    cache.balancesBefore(monthEnds(windows, now)),
    cache.rebateInMonths(periods),
    cache.productTotals(year, HOME_TOP_PRODUCTS),
  ])
  return {
    purchasesByMonth: purchasesByMonth(purchases, windows),
    balanceByMonth: balanceByMonth(balancesAt, windows, now),
    rebateByMonth: rebateByMonth(rebates, windows),
    topProductsYear: year,
    topProducts: totals.map((row) => ({
      productId: String(row.productId),
      sku: String(row.sku ?? ''),
      nameZh: String(row.nameZh ?? ''),
      nameEn: String(row.nameEn ?? ''),
      quantity: Number(row.quantity),
      amount: Number(row.amount),
    })),
  }
}

const isPendingConfirmation = (item: { kind: string; status: string }) =>
  item.kind === 'delivery.confirmReceipt' && item.status !== 'sent'

export function createHomeService(deps: HomeDependencies): HomeService {
  const clock = deps.clock ?? Date.now

  return {
    async overview() {
      const db = deps.database()
      const dealer = deps.dealer()
      if (!db || !dealer) return null
      const { dealerId, serverKey } = dealer
      const outbox = (await deps.outbox.list({ dealerId })).filter(
        (item) => !item.serverUrl || !serverKey || item.serverUrl === serverKey,
      )
      if (deps.database() !== db) return null
      const now = clock()
      const cache = homeCache(db)
      const [
        balances,
        deliveriesToConfirm,
        ordersUnderReview,
        ordersAwaitingApproval,
        statementsIssued,
        lastSyncedAt,
        counts,
        hasFlow,
        charts,
        recentOrders,
      ] = await Promise.all([
        cache.balances(),
        cache.documentsInStatus(
          'deliveries',
          'has_delivered',
          HOME_TODO_PER_KIND + outbox.filter(isPendingConfirmation).length,
        ),
        cache.documentsInStatus('orders', 'under_review', HOME_TODO_PER_KIND),
        dealer.roles?.includes('admin')
          ? cache.documentsInStatus('orders', 'awaiting_approval', HOME_TODO_PER_KIND)
          : { total: 0, records: [] },
        deps.statementsAwaitingConfirmation?.(dealerId) ?? [],
        cache.lastSyncedAt(),
        cache.counts(),
        cache.hasFlow(),
        computeCharts(db, now),
        cache.recentOrders(HOME_RECENT_ORDERS),
      ])
      const todo = buildTodo({
        balances,
        deliveriesToConfirm,
        ordersUnderReview,
        ordersAwaitingApproval,
        // A confirmation or dispute waiting in the outbox is listed there, not here again.
        statementsAwaitingConfirmation: statementsIssued.filter(
          (period) =>
            !outbox.some(
              (item) =>
                item.kind.startsWith('statement.') &&
                item.status !== 'sent' &&
                (item.payload as { params?: { period?: string } } | undefined)?.params?.period ===
                  period,
            ),
        ),
        outbox,
        perKind: HOME_TODO_PER_KIND,
      })
      return {
        dealerId,
        asOf: now,
        lastSyncedAt,
        balances,
        counts,
        todo: todo.items,
        todoCounts: todo.counts,
        hasFlow,
        charts,
        recentOrders: recentOrderRows(recentOrders),
      }
    },

    async exportChart({ chart, language }) {
      const db = deps.database()
      if (!db || !deps.dealer()) throw new PortalError('session.signedOut')
      const now = clock()
      const t = deps.translator(language)
      const charts = await computeCharts(db, now)
      const content = await chartXlsx(chartTable(chart, charts, language, t), t)
      return { fileName: chartFileName(chart, now, t), contentBase64: content.toString('base64') }
    },
  }
}
