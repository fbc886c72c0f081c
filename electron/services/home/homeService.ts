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
  statementsAwaitingConfirmation?(dealerId: string): readonly string[]
  clock?: () => number
}

export interface HomeService {
  /** null when signed out. */
  overview(): Promise<HomeOverview | null>
  exportChart(request: HomeExportRequest): Promise<ExportedFile>
}

/** The charts of `db` at `now` (also what the exports are made of). */
export function computeCharts(db: CacheDatabase, now: number): HomeOverview['charts'] {
  const cache = homeCache(db)
  const windows = monthWindows(now, HOME_CHART_MONTHS)
  const periods = windows.map((window) => window.period)
  const { year } = yearWindow(now)
  return {
    purchasesByMonth: purchasesByMonth(cache.purchasesInMonths(periods), windows),
    balanceByMonth: balanceByMonth(cache.balancesBefore(monthEnds(windows, now)), windows, now),
    rebateByMonth: rebateByMonth(cache.rebateInMonths(periods), windows),
    topProductsYear: year,
    topProducts: cache.productTotals(year, HOME_TOP_PRODUCTS).map((row) => ({
      productId: String(row.productId),
      sku: String(row.sku ?? ''),
      nameZh: String(row.nameZh ?? ''),
      nameEn: String(row.nameEn ?? ''),
      quantity: Number(row.quantity),
      amount: Number(row.amount),
    })),
  }
}

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
      // Read everything from the cache after the await: nothing can change it in between.
      if (deps.database() !== db) return null
      const now = clock()
      const cache = homeCache(db)
      const balances = cache.balances()
      const pendingConfirmations = outbox.filter(
        (item) => item.kind === 'delivery.confirmReceipt' && item.status !== 'sent',
      ).length
      const todo = buildTodo({
        balances,
        deliveriesToConfirm: cache.documentsInStatus(
          'deliveries',
          'has_delivered',
          HOME_TODO_PER_KIND + pendingConfirmations,
        ),
        ordersUnderReview: cache.documentsInStatus('orders', 'under_review', HOME_TODO_PER_KIND),
        ordersAwaitingApproval: dealer.roles?.includes('admin')
          ? cache.documentsInStatus('orders', 'awaiting_approval', HOME_TODO_PER_KIND)
          : { total: 0, records: [] },
        // A confirmation or dispute waiting in the outbox is listed there, not here again.
        statementsAwaitingConfirmation: (
          deps.statementsAwaitingConfirmation?.(dealerId) ?? []
        ).filter(
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
        lastSyncedAt: cache.lastSyncedAt(),
        balances,
        counts: cache.counts(),
        todo: todo.items,
        todoCounts: todo.counts,
        hasFlow: cache.hasFlow(),
        charts: computeCharts(db, now),
        recentOrders: recentOrderRows(cache.recentOrders(HOME_RECENT_ORDERS)),
      }
    },

    async exportChart({ chart, language }) {
      const db = deps.database()
      if (!db || !deps.dealer()) throw new PortalError('session.signedOut')
      const now = clock()
      const t = deps.translator(language)
      const content = await chartXlsx(chartTable(chart, computeCharts(db, now), language, t), t)
      return { fileName: chartFileName(chart, now, t), contentBase64: content.toString('base64') }
    },
  }
}
