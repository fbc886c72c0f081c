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
import type { Language } from '../../../shared/contract'
import type { HomeChart, HomeOverview } from '../../../shared/contract/home'
import {
  homeChartTable,
  type HomeChartCell,
  type HomeChartColumn,
} from '../../../shared/contract/homeChartTables'

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

export type ChartCell = HomeChartCell
export interface ChartColumn extends HomeChartColumn {
  label: string
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

const compactFormats = new Map<string, Intl.NumberFormat>()
/** fen → `¥1.2万` / `CN¥12.3K` for axis labels (one formatter per locale: making one is slow). */
function compactYuan(locale: string): (fen: number) => string {
  let format = compactFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'CNY',
      notation: 'compact',
      maximumFractionDigits: 1,
    })
    compactFormats.set(locale, format)
  }
  return (fen) => format.format(fen / 100)
}

function moneyTooltip(text: ChartText): TooltipComponentOption {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    valueFormatter: (value) => (typeof value === 'number' ? text.money(value) : '—'),
  }
}

/**
 * Fixed margins, not ECharts' label-bounds layout (`containLabel` / `outerBounds`), which measures
 * every axis label once more before drawing: on Home's first paint that was the largest part of
 * the charts' time. LEFT fits a compact money label (`-¥1234.5万`, `-CN¥123.4M`).
 */
const GRID: GridComponentOption = {
  left: 84,
  right: 16,
  top: 36,
  bottom: 28,
  outerBoundsMode: 'none',
}
/** The top products' category labels: at most this many width units (a CJK character is 2). */
const PRODUCT_LABEL_UNITS = 28
const PRODUCT_GRID: GridComponentOption = { ...GRID, left: 16 + PRODUCT_LABEL_UNITS * 7 }

const widthUnits = (character: string) => {
  const code = character.codePointAt(0) ?? 0
  // CJK and full-width forms are about twice as wide as Latin letters; half-width forms are not.
  return code >= 0x2e80 && !(code >= 0xff61 && code <= 0xffdc) ? 2 : 1
}

/** `text` cut to at most `units` width units (a CJK character is 2), ending in an ellipsis. */
export function clipLabel(text: string, units: number): string {
  const characters = [...text]
  if (characters.reduce((sum, character) => sum + widthUnits(character), 0) <= units) return text
  let used = 1 // the ellipsis
  let kept = 0
  while (kept < characters.length && used + widthUnits(characters[kept]!) <= units)
    used += widthUnits(characters[kept++]!)
  return `${characters.slice(0, kept).join('')}…`
}

/** How each monthly chart draws the money columns of its table (homeChartTable). */
const MONTHLY_SERIES: Record<Exclude<HomeChart, 'topProducts'>, 'bar' | 'line'> = {
  purchasesByMonth: 'bar',
  balanceByMonth: 'line',
  rebateByMonth: 'bar',
}

export function chartOption(chart: HomeChart, charts: Charts, text: ChartText): HomeChartOption {
  const { t } = text
  const axisMoney = { type: 'value' as const, axisLabel: { formatter: compactYuan(text.locale) } }
  // Drawn at once: the figures are already on hand, and the first paint is what users wait for.
  const common = { animation: false, grid: GRID, tooltip: moneyTooltip(text) }
  const table = homeChartTable(chart, charts, text.locale as Language)
  if (chart === 'topProducts') {
    // Largest on top: a category axis draws its first item at the bottom.
    const rows = [...table.rows].reverse()
    return {
      ...common,
      grid: PRODUCT_GRID,
      xAxis: axisMoney,
      yAxis: {
        type: 'category',
        data: rows.map((row) => clipLabel(`${row.sku} ${row.product}`, PRODUCT_LABEL_UNITS)),
      },
      series: [
        {
          type: 'bar',
          name: t('home.charts.topProducts.series'),
          data: rows.map((row) => row.amount as number),
        },
      ],
    }
  }
  // A monthly chart: one series per money column, named by the column (or by the chart, if alone).
  const series = table.columns.filter((column) => column.kind === 'money')
  const single = series.length === 1
  return {
    ...common,
    ...(single ? {} : { legend: { top: 0 } }),
    xAxis: { type: 'category', data: table.rows.map((row) => String(row.month)) },
    yAxis: axisMoney,
    series: series.map(({ key }) => ({
      type: MONTHLY_SERIES[chart],
      name: single ? t(`home.charts.${chart}.series`) : t(`home.columns.${key}`),
      data: table.rows.map((row) => row[key] as number | null),
    })),
  }
}

/** The numbers behind a chart, as its table shows them (amounts in fen, formatted by the view). */
export function chartTableData(chart: HomeChart, charts: Charts, text: ChartText): ChartTableData {
  const table = homeChartTable(chart, charts, text.locale as Language)
  return {
    columns: table.columns.map((column) => ({
      ...column,
      label: text.t(`home.columns.${column.key}`),
    })),
    rows: table.rows,
  }
}
