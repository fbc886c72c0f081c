/**
 * The numbers behind each Home chart as one table definition, shared by the chart itself (its
 * series are the money columns of a monthly table), the table shown under "Table" in the renderer
 * and the XLSX export in main: so the three can never disagree on which figures a chart shows.
 * Column keys are `home.columns.<key>` in the locales. Money stays integer fen here; the UI formats
 * it as ¥ and the export writes yuan.
 */
import type { Language } from './schemas'
import type { HomeChart, HomeOverview } from './home'

export type HomeChartCell = string | number | null
export interface HomeChartColumn {
  key: string
  kind: 'text' | 'money' | 'count'
}
export interface HomeChartTable {
  columns: HomeChartColumn[]
  rows: Record<string, HomeChartCell>[]
}

type Charts = HomeOverview['charts']
const month: HomeChartColumn = { key: 'month', kind: 'text' }
const money = (key: string): HomeChartColumn => ({ key, kind: 'money' })

/** The months' rows of a monthly chart: `month` plus the named fields of each row. */
function monthly<Row extends { period: string }>(
  rows: readonly Row[],
  columns: HomeChartColumn[],
): HomeChartTable {
  return {
    columns: [month, ...columns],
    rows: rows.map((row) => {
      const cells: Record<string, HomeChartCell> = { month: row.period }
      for (const column of columns)
        cells[column.key] = row[column.key as keyof Row] as HomeChartCell
      return cells
    }),
  }
}

/** The table of `chart`; product names in `language`. */
export function homeChartTable(
  chart: HomeChart,
  charts: Charts,
  language: Language,
): HomeChartTable {
  switch (chart) {
    case 'purchasesByMonth':
      return monthly(charts.purchasesByMonth, [{ key: 'orders', kind: 'count' }, money('amount')])
    case 'balanceByMonth':
      return monthly(charts.balanceByMonth, [
        money('deposit'),
        money('rebate'),
        money('creditUsed'),
      ])
    case 'rebateByMonth':
      return monthly(charts.rebateByMonth, [money('earned'), money('used')])
    case 'topProducts':
      return {
        columns: [
          { key: 'rank', kind: 'count' },
          { key: 'sku', kind: 'text' },
          { key: 'product', kind: 'text' },
          { key: 'quantity', kind: 'count' },
          money('amount'),
        ],
        rows: charts.topProducts.map((row, index) => ({
          rank: index + 1,
          sku: row.sku,
          product: language === 'zh-CN' ? row.nameZh : row.nameEn,
          quantity: row.quantity,
          amount: row.amount,
        })),
      }
  }
}
