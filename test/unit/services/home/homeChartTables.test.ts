import { describe, expect, it } from 'vitest'
import type { Language } from '../../../../shared/contract'
import { HOME_CHARTS, type HomeOverview } from '../../../../shared/contract/home'
import { homeChartTable } from '../../../../shared/contract/homeChartTables'
import { translatorFor } from '../../../../electron/main/messages'
import { chartTable } from '../../../../electron/services/home/homeExport'
import {
  chartOption,
  chartTableData,
  clipLabel,
  type ChartText,
} from '../../../../renderer/components/home/homeCharts'

const periods = Array.from(
  { length: 12 },
  (_, index) => `2026-${String(index + 1).padStart(2, '0')}`,
)
const charts: HomeOverview['charts'] = {
  purchasesByMonth: periods.map((period, index) => ({
    period,
    orders: index,
    amount: index * 1_000,
  })),
  balanceByMonth: periods.map((period, index) => ({
    period,
    deposit: index * 100,
    rebate: index === 0 ? null : 50,
    creditUsed: 7,
  })),
  rebateByMonth: periods.map((period, index) => ({ period, earned: index, used: 2 * index })),
  topProductsYear: 2026,
  topProducts: [
    {
      productId: 'P1',
      sku: 'A-1',
      nameZh: '圆顶机',
      nameEn: 'Dome riveter',
      quantity: 3,
      amount: 9_000,
    },
    { productId: 'P2', sku: 'B-2', nameZh: '铆钉', nameEn: 'Rivet', quantity: 9, amount: 4_000 },
  ],
}

function text(language: Language): ChartText {
  const t = translatorFor(language)
  return {
    t: (key, params) => t(key, params as Record<string, string | number> | undefined),
    money: (fen) => `¥${fen / 100}`,
    locale: language,
  }
}

describe('Home chart tables (one definition for the chart, its table and its export)', () => {
  const cases = HOME_CHARTS.flatMap((chart) =>
    (['zh-CN', 'en-US'] as const).map((language) => [chart, language] as const),
  )
  it.each(cases)(
    'the %s table in %s has the same columns and cells on screen and in the XLSX export',
    (chart, language) => {
      const onScreen = chartTableData(chart, charts, text(language))
      const exported = chartTable(chart, charts, language, translatorFor(language))
      expect(exported.columns.map((column) => column.kind)).toEqual(
        onScreen.columns.map((column) => column.kind),
      )
      expect(exported.rows).toEqual(
        onScreen.rows.map((row) => onScreen.columns.map((column) => row[column.key])),
      )
      // Money headers of the export say the currency; the screen's do not.
      const money = onScreen.columns.findIndex((column) => column.kind === 'money')
      expect(exported.columns[money]!.header).not.toBe(onScreen.columns[money]!.label)
    },
  )

  it('draws the money columns of a monthly table as its series, named by the chart when alone', () => {
    const purchases = chartOption('purchasesByMonth', charts, text('en-US'))
    expect(purchases.series).toEqual([
      expect.objectContaining({
        type: 'bar',
        name: 'Purchases',
        data: periods.map((_, i) => i * 1_000),
      }),
    ])
    expect(purchases.legend).toBeUndefined()
    const balances = chartOption('balanceByMonth', charts, text('en-US'))
    expect(balances.xAxis).toEqual(expect.objectContaining({ data: periods }))
    expect(
      (balances.series as { type: string; name: string; data: unknown[] }[]).map((series) => [
        series.type,
        series.name,
        series.data[0],
      ]),
    ).toEqual([
      ['line', 'Deposit', 0],
      ['line', 'Rebate', null],
      ['line', 'Credit used', 7],
    ])
    expect(balances.legend).toEqual({ top: 0 })
    expect(homeChartTable('rebateByMonth', charts, 'en-US').columns.map((c) => c.key)).toEqual([
      'month',
      'earned',
      'used',
    ])
  })

  it('ranks the top products largest on top with labels in the UI language', () => {
    const option = chartOption('topProducts', charts, text('zh-CN'))
    expect(option.yAxis).toEqual(expect.objectContaining({ data: ['B-2 铆钉', 'A-1 圆顶机'] }))
    expect((option.series as { data: number[] }[])[0]!.data).toEqual([4_000, 9_000])
  })

  it('clips a label to its width, a CJK character counting twice, with an ellipsis', () => {
    expect(clipLabel('A-1 圆顶机', 10)).toBe('A-1 圆顶机')
    expect(clipLabel('A-1 圆顶机抽芯', 10)).toBe('A-1 圆顶…')
    expect(clipLabel('ABCDEFGHIJKL', 10)).toBe('ABCDEFGHI…')
    expect(clipLabel('ｱｲｳｴｵ', 5)).toBe('ｱｲｳｴｵ')
  })
})
