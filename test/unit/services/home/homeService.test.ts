import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { HomeOverview } from '../../../../shared/contract/home'
import { chinaMidnight } from '../../../../shared/domain/chinaTime'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import { loadExcel } from '../../../../electron/services/export/spreadsheet'
import { isCreditNearLimit, monthWindows } from '../../../../electron/services/home/homeAggregates'
import {
  createHomeService,
  type HomeDependencies,
} from '../../../../electron/services/home/homeService'
import type { OutboxItem } from '../../../../electron/services/outbox/outboxTypes'
import { translatorFor } from '../../../../electron/main/messages'
import {
  balancesRecord,
  deliveryRecord,
  flowBuilder,
  orderRecord,
  writeHomeRecords,
} from '../../../fixtures/homeRecords'

const HOUR = 3_600_000
/** 2026-11-20 10:00 Beijing. */
const NOW = chinaMidnight(2026, 10, 20) + 10 * HOUR

let db: CacheDatabase
let outboxItems: OutboxItem[]

async function freshCache(): Promise<CacheDatabase> {
  const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-home-'))
  return openCacheDatabase({ file: join(directory, 'cache.sqlite'), migrations: CACHE_MIGRATIONS })
}

function service(overrides: Partial<HomeDependencies> = {}) {
  return createHomeService({
    database: () => db,
    dealer: () => ({ dealerId: 'd_sh', serverKey: 'http://gateway' }),
    outbox: { list: async () => outboxItems.map((item) => ({ ...item })) },
    translator: translatorFor,
    clock: () => NOW,
    ...overrides,
  })
}

function outboxItem(overrides: Partial<OutboxItem>): OutboxItem {
  return {
    id: 'ob1',
    kind: 'order.submit',
    dealerId: 'd_sh',
    idempotencyKey: 'k1',
    payload: {},
    createdAt: NOW - HOUR,
    status: 'pending',
    attempts: 0,
    ...overrides,
  }
}

beforeEach(async () => {
  db = await freshCache()
  outboxItems = []
})

describe('home month windows (Beijing months)', { timeout: 60_000 }, () => {
  it('puts an instant in the Beijing month, not the UTC one', () => {
    // 2026-01-31 16:30 UTC is 2026-02-01 00:30 in Beijing.
    const windows = monthWindows(Date.UTC(2026, 0, 31, 16, 30), 12)
    expect(windows).toHaveLength(12)
    expect(windows.at(-1)).toEqual({
      period: '2026-02',
      from: Date.UTC(2026, 0, 31, 16),
      to: Date.UTC(2026, 1, 28, 16),
    })
    expect(windows[0]!.period).toBe('2025-03')
    for (let index = 1; index < windows.length; index++)
      expect(windows[index]!.from).toBe(windows[index - 1]!.to)
  })
})

describe('home overview over a cache', { timeout: 60_000 }, () => {
  it('buckets purchases by Beijing month at the month boundary and leaves out void and old orders', async () => {
    const febStart = chinaMidnight(2026, 1)
    await writeHomeRecords(db, {
      orders: [
        orderRecord({
          id: 'o_jan_last',
          createdAt: febStart - 1000,
          lines: [{ productId: 'P1', quantity: 1, unitPrice: 10_000 }],
        }),
        orderRecord({
          id: 'o_feb_first',
          createdAt: febStart,
          lines: [{ productId: 'P1', quantity: 2, unitPrice: 10_000 }],
        }),
        orderRecord({
          id: 'o_feb_cancelled',
          createdAt: febStart + HOUR,
          status: 'cancelled',
          lines: [{ productId: 'P1', quantity: 9, unitPrice: 10_000 }],
        }),
        orderRecord({
          id: 'o_nov',
          createdAt: NOW - HOUR,
          status: 'under_review',
          lines: [{ productId: 'P2', quantity: 3, unitPrice: 5_000 }],
        }),
        // 2025-11 is 13 months back: outside the chart.
        orderRecord({
          id: 'o_old',
          createdAt: chinaMidnight(2025, 10, 15),
          lines: [{ productId: 'P1', quantity: 1, unitPrice: 99_999 }],
        }),
      ],
    })
    const overview = (await service().overview())!
    const months = overview.charts.purchasesByMonth
    expect(months.map((month) => month.period)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ])
    expect(months.find((month) => month.period === '2026-01')).toEqual({
      period: '2026-01',
      amount: 10_000,
      orders: 1,
    })
    expect(months.find((month) => month.period === '2026-02')).toEqual({
      period: '2026-02',
      amount: 20_000,
      orders: 1,
    })
    expect(months.find((month) => month.period === '2026-11')).toEqual({
      period: '2026-11',
      amount: 15_000,
      orders: 1,
    })
    expect(months.reduce((sum, month) => sum + month.amount, 0)).toBe(45_000)
    expect(() => HomeOverview.parse(overview)).not.toThrow()
  })

  it('ranks the top 10 products of this Beijing year by amount, ties by SKU, over every order line', async () => {
    const jan1 = chinaMidnight(2026, 0)
    const orders = Array.from({ length: 12 }, (_, index) =>
      orderRecord({
        id: `o${index}`,
        createdAt: jan1 + index * 24 * HOUR,
        lines: [
          {
            productId: `P${index}`,
            sku: `SKU-${String(index).padStart(2, '0')}`,
            quantity: 1,
            unitPrice: 1000 * (index + 1),
          },
          { productId: 'PX', sku: 'SKU-X', quantity: 3, unitPrice: 500 },
        ],
      }),
    )
    // Same amount as P11 (12,000): SKU-11 sorts before SKU-TIE.
    orders.push(
      orderRecord({
        id: 'tie',
        createdAt: jan1 + HOUR,
        lines: [{ productId: 'PT', sku: 'SKU-TIE', quantity: 3, unitPrice: 4000 }],
      }),
    )
    // Last year (Beijing): 2025-12-31 23:00 Beijing is 2025-12-31 15:00 UTC, and a cancelled order: neither counts.
    orders.push(
      orderRecord({
        id: 'last_year',
        createdAt: jan1 - HOUR,
        lines: [{ productId: 'P0', quantity: 1000, unitPrice: 1000 }],
      }),
    )
    orders.push(
      orderRecord({
        id: 'void',
        createdAt: jan1 + HOUR,
        status: 'rejected',
        lines: [{ productId: 'P1', quantity: 1000, unitPrice: 1000 }],
      }),
    )
    await writeHomeRecords(db, { orders })
    const { charts } = (await service().overview())!
    expect(charts.topProductsYear).toBe(2026)
    expect(charts.topProducts).toHaveLength(10)
    expect(charts.topProducts.map((product) => product.sku)).toEqual([
      'SKU-X',
      'SKU-11',
      'SKU-TIE',
      'SKU-10',
      'SKU-09',
      'SKU-08',
      'SKU-07',
      'SKU-06',
      'SKU-05',
      'SKU-04',
    ])
    expect(charts.topProducts[0]).toMatchObject({ productId: 'PX', quantity: 36, amount: 18_000 })
    expect(charts.topProducts[1]).toMatchObject({
      productId: 'P11',
      quantity: 1,
      amount: 12_000,
      nameZh: '商品P11',
      nameEn: 'Product P11',
    })
  })

  it('charts each balance at the Beijing month end from the flow, with gaps before the first movement', async () => {
    const flow = flowBuilder()
    const oct = chinaMidnight(2026, 9)
    const nov = chinaMidnight(2026, 10)
    flow.add(oct + HOUR, 'deposit', 'topUp', 1_000_000)
    flow.add(nov - 1000, 'deposit', 'orderDeduction', -200_000) // 2026-10-31 23:59:59 Beijing
    flow.add(nov, 'deposit', 'topUp', 50_000) // 2026-11-01 00:00 Beijing
    flow.add(oct + 2 * HOUR, 'credit', 'creditOccupation', 300_000)
    flow.add(nov + HOUR, 'rebate', 'rebateGrant', 80_000)
    flow.add(nov + 2 * HOUR, 'rebate', 'rebateUse', -30_000)
    flow.add(nov + 3 * HOUR, 'rebate', 'refund', 5_000)
    flow.add(NOW + HOUR, 'deposit', 'topUp', 7) // after now: not shown
    await writeHomeRecords(db, { transactions: flow.items })
    const { charts, hasFlow } = (await service().overview())!
    expect(hasFlow).toBe(true)
    const byPeriod = new Map(charts.balanceByMonth.map((row) => [row.period, row]))
    expect(byPeriod.get('2026-09')).toEqual({
      period: '2026-09',
      deposit: null,
      rebate: null,
      creditUsed: null,
    })
    expect(byPeriod.get('2026-10')).toEqual({
      period: '2026-10',
      deposit: 800_000,
      rebate: null,
      creditUsed: 300_000,
    })
    expect(byPeriod.get('2026-11')).toEqual({
      period: '2026-11',
      deposit: 850_000,
      rebate: 55_000,
      creditUsed: 300_000,
    })
    const rebate = new Map(charts.rebateByMonth.map((row) => [row.period, row]))
    expect(rebate.get('2026-11')).toEqual({ period: '2026-11', earned: 80_000, used: 30_000 })
    expect(rebate.get('2026-10')).toEqual({ period: '2026-10', earned: 0, used: 0 })
  })

  it('lists the to-do items that open their records, most urgent first', async () => {
    const shipped = orderRecord({
      id: 'o_ship',
      createdAt: NOW - 48 * HOUR,
      status: 'delivered',
      lines: [{ productId: 'P1', quantity: 1, unitPrice: 100 }],
    })
    const review = orderRecord({
      id: 'o/review',
      createdAt: NOW - 5 * HOUR,
      status: 'under_review',
      lines: [{ productId: 'P1', quantity: 2, unitPrice: 100 }],
    })
    await writeHomeRecords(db, {
      orders: [shipped, review],
      deliveries: [
        deliveryRecord({ id: 'dv1', order: shipped, shippedAt: NOW - 24 * HOUR }),
        deliveryRecord({ id: 'dv2', order: shipped, shippedAt: NOW - 20 * HOUR }),
        deliveryRecord({
          id: 'dv3',
          order: shipped,
          shippedAt: NOW - 30 * HOUR,
          status: 'received',
        }),
      ],
      balances: balancesRecord({ creditLimit: 1_000_000, creditOccupied: 910_000 }),
    })
    outboxItems = [
      outboxItem({
        id: 'ob_confirm',
        kind: 'delivery.confirmReceipt',
        payload: { params: { id: 'dv2' }, body: {} },
      }),
      outboxItem({
        id: 'ob_refused',
        kind: 'return.submit',
        status: 'failed',
        lastError: { code: 'return.quantityAboveReturnable' },
      }),
      outboxItem({
        id: 'ob_other_server',
        kind: 'order.submit',
        status: 'failed',
        serverUrl: 'http://elsewhere',
      }),
      outboxItem({ id: 'ob_sent', kind: 'order.submit', status: 'sent' }),
    ]
    const overview = (await service({
      statementsAwaitingConfirmation: () => ['2026-10'],
    }).overview())!
    expect(overview.todo.map((item) => item.kind)).toEqual([
      'outbox.refused',
      'credit.nearLimit',
      'statement.awaitingConfirmation',
      'delivery.toConfirm',
      'order.underReview',
      'outbox.waiting',
    ])
    expect(overview.todo[0]).toMatchObject({
      id: 'ob_refused',
      outboxKind: 'return.submit',
      errorCode: 'return.quantityAboveReturnable',
      path: '/outbox',
    })
    expect(overview.todo[1]).toEqual({
      kind: 'credit.nearLimit',
      available: 90_000,
      limit: 1_000_000,
      thresholdPercent: 10,
      path: '/account',
    })
    expect(overview.todo[2]).toMatchObject({
      period: '2026-10',
      path: '/account?tab=statement&period=2026-10',
    })
    // dv2's receipt confirmation already waits in the outbox; dv3 is received.
    expect(overview.todo[3]).toMatchObject({
      id: 'dv1',
      number: 'DNDV1',
      orderNumber: 'SOO_SHIP',
      amount: 100,
      path: '/deliveries/dv1',
    })
    expect(overview.todo[4]).toMatchObject({
      id: 'o/review',
      amount: 200,
      path: '/orders/o%2Freview',
    })
    expect(overview.todo[5]).toMatchObject({ count: 1, path: '/outbox' })
    expect(overview.todoCounts).toEqual({
      'outbox.refused': 1,
      'credit.nearLimit': 1,
      'statement.awaitingConfirmation': 1,
      'delivery.toConfirm': 1,
      'order.underReview': 1,
      'outbox.waiting': 1,
    })
    expect(overview.recentOrders.map((order) => order.id)).toEqual(['o/review', 'o_ship'])
    expect(overview.recentOrders[0]).toMatchObject({
      status: 'under_review',
      total: 200,
      lineCount: 1,
    })
    expect(() => HomeOverview.parse(overview)).not.toThrow()
  })

  it('shows no approval or statement items while there is no such data, and caps each kind', async () => {
    await writeHomeRecords(db, {
      orders: Array.from({ length: 14 }, (_, index) =>
        orderRecord({
          id: `r${String(index).padStart(2, '0')}`,
          createdAt: NOW - (20 - index) * HOUR,
          status: 'under_review',
          lines: [{ productId: 'P', quantity: 1, unitPrice: 1 }],
        }),
      ),
      balances: balancesRecord({ creditLimit: 1_000_000, creditOccupied: 900_000 }),
    })
    const overview = (await service().overview())!
    expect(overview.todo.every((item) => item.kind === 'order.underReview')).toBe(true)
    expect(overview.todo).toHaveLength(10)
    expect(overview.todo[0]).toMatchObject({ id: 'r00' })
    expect(overview.todoCounts).toEqual({ 'order.underReview': 14 })
    expect(overview.hasFlow).toBe(false)
    expect(overview.recentOrders).toHaveLength(8)
    expect(overview.recentOrders[0]!.id).toBe('r13')
  })

  it('calls credit near its limit below 10% available, never without a limit', () => {
    expect(isCreditNearLimit({ limit: 1_000_000, available: 99_999 })).toBe(true)
    expect(isCreditNearLimit({ limit: 1_000_000, available: 100_000 })).toBe(false)
    expect(isCreditNearLimit({ limit: 1_000_000, available: -5 })).toBe(true)
    expect(isCreditNearLimit({ limit: 0, available: 0 })).toBe(false)
  })

  it('is null when signed out; an export then says so', async () => {
    const signedOut = service({ database: () => null, dealer: () => null })
    expect(await signedOut.overview()).toBeNull()
    await expect(
      signedOut.exportChart({ chart: 'topProducts', language: 'zh-CN' }),
    ).rejects.toMatchObject({ code: 'session.signedOut' })
  })

  it('exports a chart as XLSX in the requested language with amounts in yuan', async () => {
    await writeHomeRecords(db, {
      orders: [
        orderRecord({
          id: 'o1',
          createdAt: NOW - HOUR,
          lines: [
            {
              productId: 'P1',
              sku: 'A-1',
              nameZh: '圆顶机',
              nameEn: 'Dome camera',
              quantity: 3,
              unitPrice: 12_345,
            },
          ],
        }),
      ],
    })
    for (const [language, headers, name] of [
      ['zh-CN', ['排名', '编码', '商品', '数量', '金额（元）'], '圆顶机'],
      ['en-US', ['#', 'SKU', 'Product', 'Quantity', 'Amount (CNY)'], 'Dome camera'],
    ] as const) {
      const file = await service().exportChart({ chart: 'topProducts', language })
      expect(file.fileName).toMatch(
        language === 'zh-CN'
          ? /^商品采购排行_20261120-1000\.xlsx$/
          : /^Top products_20261120-1000\.xlsx$/,
      )
      const workbook = new (await loadExcel()).Workbook()
      await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as never)
      const sheet = workbook.worksheets[0]!
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers)
      expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([1, 'A-1', name, 3, 370.35])
    }
    const months = await service().exportChart({ chart: 'purchasesByMonth', language: 'en-US' })
    const workbook = new (await loadExcel()).Workbook()
    await workbook.xlsx.load(Buffer.from(months.contentBase64, 'base64') as never)
    const sheet = workbook.worksheets[0]!
    expect(sheet.rowCount).toBe(13)
    expect((sheet.getRow(13).values as unknown[]).slice(1)).toEqual(['2026-11', 1, 370.35])
  })
})
