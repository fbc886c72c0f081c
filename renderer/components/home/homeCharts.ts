/**
 * Home's charts: ECharts, tree-shaken (only the canvas renderer, bar and line charts and the grid,
 * tooltip and legend components are registered, so nothing else is bundled), the option of each
 * chart and the table behind it. Amounts stay in fen in the series; tooltips and the tables
 * format them as ¥ in the UI language. The canvas renderer needs no eval or inline script, so it
 * runs under the renderer's CSP.
 */
import { use, type ComposeOption } from 'echarts/core'
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { Role } from '../../../shared/api'
import type { HomeChart, HomeOverview } from '../../../shared/contract/home'

use([CanvasRenderer, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent])

export type HomeChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
>

export interface ChartText {
  t: (key: string, params?: Record<string, unknown>) => string
  /** fen → `¥1,234.56` in the UI language. */
  money: (fen: number) => string
  locale: string
}

export type ChartCell = string | number | null
export interface ChartColumn {
  key: string
  label: string
  kind: 'text' | 'money' | 'count'
}
export interface ChartTableData {
  columns: ChartColumn[]
  rows: Record<string, ChartCell>[]
}

type Charts = HomeOverview['charts']

/** The charts a role sees, in order: accountants start with balances, orderers with purchases. */
export function homeCharts(roles: readonly Role[], hasFlow: boolean): HomeChart[] {
  const accounting = roles.length === 0 || roles.includes('admin') || roles.includes('accountant')
  const ordering = roles.length === 0 || roles.includes('admin') || roles.includes('orderer')
  const money: HomeChart[] = accounting && hasFlow ? ['balanceByMonth', 'rebateByMonth'] : []
  const purchases: HomeChart[] = ['purchasesByMonth', 'topProducts']
  return ordering ? [...purchases, ...money] : [...money, ...purchases]
}

/** Whether a chart has anything to draw. */
export function chartHasData(chart: HomeChart, charts: Charts): boolean {
  switch (chart) {
    case 'purchasesByMonth':
      return charts.purchasesByMonth.some((row) => row.orders > 0)
    case 'balanceByMonth':
      return charts.balanceByMonth.some(
        (row) => row.deposit !== null || row.rebate !== null || row.creditUsed !== null,
      )
    case 'rebateByMonth':
      return charts.rebateByMonth.some((row) => row.earned > 0 || row.used > 0)
    case 'topProducts':
      return charts.topProducts.length > 0
  }
}

function compactYuan(locale: string): (fen: number) => string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    notation: 'compact',
    maximumFractionDigits: 1,
  })
  return (fen) => format.format(fen / 100)
}

function moneyTooltip(text: ChartText): TooltipComponentOption {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    valueFormatter: (value) => (typeof value === 'number' ? text.money(value) : '—'),
  }
}

const GRID: GridComponentOption = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true }

export function chartOption(chart: HomeChart, charts: Charts, text: ChartText): HomeChartOption {
  const { t } = text
  const axisMoney = { type: 'value' as const, axisLabel: { formatter: compactYuan(text.locale) } }
  // Drawn at once: the figures are already on hand, and the first paint is what users wait for.
  const common = { animation: false, grid: GRID, tooltip: moneyTooltip(text) }
  switch (chart) {
    case 'purchasesByMonth':
      return {
        ...common,
        xAxis: { type: 'category', data: charts.purchasesByMonth.map((row) => row.period) },
        yAxis: axisMoney,
        series: [
          {
            type: 'bar',
            name: t('home.charts.purchasesByMonth.series'),
            data: charts.purchasesByMonth.map((row) => row.amount),
          },
        ],
      }
    case 'balanceByMonth':
      return {
        ...common,
        legend: { top: 0 },
        xAxis: { type: 'category', data: charts.balanceByMonth.map((row) => row.period) },
        yAxis: axisMoney,
        series: (['deposit', 'rebate', 'creditUsed'] as const).map((key) => ({
          type: 'line' as const,
          name: t(`home.columns.${key}`),
          data: charts.balanceByMonth.map((row) => row[key]),
        })),
      }
    case 'rebateByMonth':
      return {
        ...common,
        legend: { top: 0 },
        xAxis: { type: 'category', data: charts.rebateByMonth.map((row) => row.period) },
        yAxis: axisMoney,
        series: (['earned', 'used'] as const).map((key) => ({
          type: 'bar' as const,
          name: t(`home.columns.${key}`),
          data: charts.rebateByMonth.map((row) => row[key]),
        })),
      }
    case 'topProducts': {
      // Largest on top: a category axis draws its first item at the bottom.
      const rows = [...charts.topProducts].reverse()
      const name = (row: (typeof rows)[number]) =>
        text.locale === 'zh-CN' ? row.nameZh : row.nameEn
      return {
        ...common,
        xAxis: axisMoney,
        yAxis: {
          type: 'category',
          data: rows.map((row) => `${row.sku} ${name(row)}`),
          axisLabel: { width: 180, overflow: 'truncate' },
        },
        series: [
          {
            type: 'bar',
            name: t('home.charts.topProducts.series'),
            data: rows.map((row) => row.amount),
          },
        ],
      }
    }
  }
}

/** The numbers behind a chart, as its table shows them (amounts in fen, formatted by the view). */
export function chartTableData(chart: HomeChart, charts: Charts, text: ChartText): ChartTableData {
  const column = (key: string, kind: ChartColumn['kind']): ChartColumn => ({
    key,
    label: text.t(`home.columns.${key}`),
    kind,
  })
  const month = column('month', 'text')
  switch (chart) {
    case 'purchasesByMonth':
      return {
        columns: [month, column('orders', 'count'), column('amount', 'money')],
        rows: charts.purchasesByMonth.map((row) => ({
          month: row.period,
          orders: row.orders,
          amount: row.amount,
        })),
      }
    case 'balanceByMonth':
      return {
        columns: [
          month,
          column('deposit', 'money'),
          column('rebate', 'money'),
          column('creditUsed', 'money'),
        ],
        rows: charts.balanceByMonth.map((row) => ({
          month: row.period,
          deposit: row.deposit,
          rebate: row.rebate,
          creditUsed: row.creditUsed,
        })),
      }
    case 'rebateByMonth':
      return {
        columns: [month, column('earned', 'money'), column('used', 'money')],
        rows: charts.rebateByMonth.map((row) => ({
          month: row.period,
          earned: row.earned,
          used: row.used,
        })),
      }
    case 'topProducts':
      return {
        columns: [
          column('rank', 'count'),
          column('sku', 'text'),
          column('product', 'text'),
          column('quantity', 'count'),
          column('amount', 'money'),
        ],
        rows: charts.topProducts.map((row, index) => ({
          rank: index + 1,
          sku: row.sku,
          product: text.locale === 'zh-CN' ? row.nameZh : row.nameEn,
          quantity: row.quantity,
          amount: row.amount,
        })),
      }
  }
}
