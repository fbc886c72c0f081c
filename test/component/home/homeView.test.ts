import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Role } from '../../../shared/api'
import type { SessionState } from '../../../shared/contract'
import type { HomeOverview } from '../../../shared/contract/home'
import HomeView from '../../../renderer/views/home/HomeView.vue'
import { routes } from '../../../renderer/router'
import { useHomeStore } from '../../../renderer/stores/home'
import { fakePortal, mountWithApp } from '../helpers'

/** happy-dom has no canvas: the chart component is replaced by one that keeps its option (drawn for real in the e2e). */
const drawn = vi.hoisted(() => [] as { option: Record<string, unknown> }[])
vi.mock('vue-echarts', () => ({
  default: defineComponent({
    name: 'ChartStub',
    props: { option: { type: Object, required: true } },
    emits: ['finished'],
    mounted() {
      drawn.push({ option: this.option as Record<string, unknown> })
      this.$emit('finished')
    },
    render() {
      return h('canvas', { 'data-testid': 'chart-stub' })
    },
  }),
}))

const AT = Date.UTC(2026, 10, 20, 2, 30)
const months = (value: (index: number) => number) =>
  Array.from({ length: 12 }, (_, index) => ({
    period: `2026-${String(index + 1).padStart(2, '0')}`,
    amount: value(index),
    orders: value(index) ? 1 : 0,
  }))

function overview(): HomeOverview {
  return {
    dealerId: 'd_sh',
    asOf: AT,
    lastSyncedAt: AT,
    balances: {
      asOf: AT,
      deposit: { balance: 5_000_000, available: 4_000_000, locked: 1_000_000 },
      rebate: { balance: 300_000, available: 300_000, locked: 0, rule: null },
      credit: {
        limit: 1_000_000,
        occupied: 950_000,
        available: 50_000,
        terms: { days: 30, descriptionZh: '月结', descriptionEn: 'Net 30' },
      },
    },
    counts: { openOrders: 3, deliveriesInTransit: 1, pendingReturns: 0, pendingInvoiceRequests: 0 },
    todo: [
      {
        kind: 'credit.nearLimit',
        available: 50_000,
        limit: 1_000_000,
        thresholdPercent: 10,
        path: '/account',
      },
      {
        kind: 'delivery.toConfirm',
        id: 'dv1',
        number: 'DN001',
        orderNumber: 'SO001',
        amount: 123_456,
        at: AT,
        path: '/deliveries/dv1',
      },
      {
        kind: 'order.underReview',
        id: 'o1',
        number: 'SO002',
        amount: 9_900,
        at: AT,
        path: '/orders/o1',
      },
    ],
    todoCounts: { 'credit.nearLimit': 1, 'delivery.toConfirm': 4, 'order.underReview': 1 },
    hasFlow: true,
    charts: {
      purchasesByMonth: months((index) => (index === 10 ? 123_456 : 0)),
      balanceByMonth: months(() => 0).map((row) => ({
        period: row.period,
        deposit: 100,
        rebate: null,
        creditUsed: 0,
      })),
      rebateByMonth: months(() => 0).map((row) => ({ period: row.period, earned: 0, used: 0 })),
      topProductsYear: 2026,
      topProducts: [
        {
          productId: 'P1',
          sku: 'A-1',
          nameZh: '圆顶机',
          nameEn: 'Dome camera',
          quantity: 3,
          amount: 123_456,
        },
      ],
    },
    recentOrders: [
      {
        id: 'o1',
        number: 'SO002',
        status: 'under_review',
        total: 9_900,
        lineCount: 2,
        createdAt: AT,
      },
    ],
  }
}

function session(roles: Role[]): SessionState {
  return {
    status: 'signedIn',
    user: { account: 'u', displayName: 'U', preferredLanguage: 'zh-CN' },
    dealers: [
      {
        id: 'd_sh',
        code: 'SH',
        nameZh: '上海明远',
        nameEn: 'Shanghai Mingyuan',
        city: '上海',
        roles,
      },
    ],
    dealerId: 'd_sh',
    server: { kind: 'sandbox', url: null },
    connectivity: 'online',
  }
}

async function mountHome(roles: Role[], language: 'zh-CN' | 'en-US' = 'zh-CN') {
  const exportChart = vi.fn(async () => ({
    ok: true as const,
    data: { fileName: 'x.xlsx', contentBase64: '' },
  }))
  const overviewCall = vi.fn(async () => ({ ok: true as const, data: overview() }))
  fakePortal({ home: { overview: overviewCall, exportChart } })
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push('/')
  const mounted = mountWithApp(HomeView, {
    language,
    pinia: { initialState: { session: { state: session(roles), ready: true } } },
    mount: { global: { plugins: [router] }, attachTo: document.body },
  })
  await flushPromises()
  return { ...mounted, router, exportChart, overviewCall }
}

const sectionOrder = (wrapper: Awaited<ReturnType<typeof mountHome>>['wrapper']) =>
  wrapper
    .findAll('[data-testid^="home-section-"]')
    .map((section) => section.attributes('data-testid')!.replace('home-section-', ''))

afterEach(() => {
  document.body.innerHTML = ''
  drawn.length = 0
})

describe('Home', { timeout: 60_000 }, () => {
  it('puts balances and statements first for an accountant, the to-do list first for an orderer', async () => {
    const accountant = await mountHome(['accountant'])
    expect(sectionOrder(accountant.wrapper)).toEqual([
      'balances',
      'statements',
      'todo',
      'charts',
      'recentOrders',
    ])
    const accountantCharts = accountant.wrapper
      .findAll('.home-chart')
      .map((card) => card.attributes('data-testid'))
    expect(accountantCharts).toEqual([
      'home-chart-balanceByMonth',
      'home-chart-rebateByMonth',
      'home-chart-purchasesByMonth',
      'home-chart-topProducts',
    ])
    accountant.wrapper.unmount()

    const orderer = await mountHome(['orderer'])
    expect(sectionOrder(orderer.wrapper)).toEqual(['todo', 'recentOrders', 'charts', 'balances'])
    const ordererCharts = orderer.wrapper
      .findAll('.home-chart')
      .map((card) => card.attributes('data-testid'))
    expect(ordererCharts).toEqual(['home-chart-purchasesByMonth', 'home-chart-topProducts'])
    orderer.wrapper.unmount()

    const admin = await mountHome(['admin'])
    expect(sectionOrder(admin.wrapper)).toEqual([
      'todo',
      'balances',
      'statements',
      'charts',
      'recentOrders',
    ])
  })

  it('lists to-do items in words, each opening its record, with how many more there are', async () => {
    const { wrapper, router } = await mountHome(['orderer'], 'en-US')
    const delivery = wrapper.get('[data-testid="home-todo-delivery.toConfirm"]')
    expect(delivery.text()).toContain(
      'Confirm receipt of delivery DN001 (order SO001, CN¥1,234.56), shipped',
    )
    expect(wrapper.get('[data-testid="home-todo-credit.nearLimit"]').text()).toBe(
      'Credit nearly used up: CN¥500.00 available of a CN¥10,000.00 limit (below 10%)',
    )
    expect(wrapper.get('[data-testid="home-todo-more-delivery.toConfirm"]').text()).toBe('3 more')
    await delivery.trigger('click')
    // The detail view is loaded lazily: the navigation ends once it is.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/deliveries/dv1'), {
      timeout: 10_000,
    })
  })

  it("shows a chart's numbers as a table one click away and back, amounts in the UI language", async () => {
    const { wrapper } = await mountHome(['orderer'], 'zh-CN')
    const card = wrapper.get('[data-testid="home-chart-purchasesByMonth"]')
    expect(card.find('[data-testid="chart-stub"]').exists()).toBe(true)
    expect(card.find('[data-testid="home-chart-purchasesByMonth-table"]').exists()).toBe(false)
    await card.get('[data-testid="home-chart-purchasesByMonth-toggle"]').trigger('click')
    await flushPromises()
    const table = card.get('[data-testid="home-chart-purchasesByMonth-table"]')
    expect(table.text()).toContain('月份')
    expect(table.text()).toContain('2026-11')
    expect(table.text()).toContain('¥1,234.56')
    expect(card.find('[data-testid="chart-stub"]').exists()).toBe(false)
    expect(card.get('[data-testid="home-chart-purchasesByMonth-toggle"]').text()).toBe('图表')
    await card.get('[data-testid="home-chart-purchasesByMonth-toggle"]').trigger('click')
    await flushPromises()
    expect(card.find('[data-testid="chart-stub"]').exists()).toBe(true)
  })

  it("formats chart tooltips as ¥ in the user's locale and marks the home ready once every chart is drawn", async () => {
    const { wrapper } = await mountHome(['admin'], 'en-US')
    expect(drawn.length).toBeGreaterThanOrEqual(3)
    const tooltip = drawn[0]!.option.tooltip as { valueFormatter: (value: unknown) => string }
    expect(tooltip.valueFormatter(123_456)).toBe('CN¥1,234.56')
    // The rebate chart has no data: an empty state, no canvas, still counted as painted.
    expect(
      wrapper
        .get('[data-testid="home-chart-rebateByMonth"]')
        .find('[data-testid="chart-stub"]')
        .exists(),
    ).toBe(false)
    expect(wrapper.get('[data-testid="home-view"]').attributes('data-charts-ready')).toBe('true')
  })

  it('completes its first paint without the charts below the fold, then draws them when idle', async () => {
    // Every card sits below the viewport when Home mounts.
    const below = vi
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockReturnValue({ top: window.innerHeight + 500 } as DOMRect)
    const idle: (() => void)[] = []
    vi.stubGlobal('requestIdleCallback', (work: () => void) => idle.push(work))
    vi.stubGlobal('cancelIdleCallback', () => undefined)
    try {
      const { wrapper } = await mountHome(['admin'], 'en-US')
      const view = wrapper.get('[data-testid="home-view"]')
      expect(drawn).toHaveLength(0)
      expect(view.attributes('data-first-paint')).toBe('true')
      expect(view.attributes('data-charts-ready')).toBe('false')
      // The card keeps the canvas's place meanwhile.
      expect(wrapper.find('[data-testid="home-chart-purchasesByMonth-canvas"]').exists()).toBe(true)
      idle.splice(0).forEach((work) => work())
      await flushPromises()
      expect(drawn.length).toBeGreaterThanOrEqual(3)
      expect(view.attributes('data-charts-ready')).toBe('true')
    } finally {
      below.mockRestore()
      vi.unstubAllGlobals()
    }
  })

  it('draws a chart that had no data when Home opened once its data arrives', async () => {
    const { wrapper } = await mountHome(['admin'], 'en-US')
    const card = () => wrapper.get('[data-testid="home-chart-rebateByMonth"]')
    expect(card().find('[data-testid="chart-stub"]').exists()).toBe(false)
    const next = overview()
    next.charts.rebateByMonth[3] = { ...next.charts.rebateByMonth[3]!, earned: 5_000 }
    useHomeStore().overview = next
    await flushPromises()
    expect(card().find('[data-testid="chart-stub"]').exists()).toBe(true)
  })

  it('exports a chart in the UI language', async () => {
    const { wrapper, exportChart } = await mountHome(['accountant'], 'en-US')
    globalThis.URL.createObjectURL ??= () => 'blob:x'
    globalThis.URL.revokeObjectURL ??= () => undefined
    await wrapper.get('[data-testid="home-chart-topProducts-export"]').trigger('click')
    await flushPromises()
    expect(exportChart).toHaveBeenCalledWith({ chart: 'topProducts', language: 'en-US' })
  })

  it('reads the overview again on news only while Home is shown', async () => {
    const { wrapper, overviewCall } = await mountHome(['orderer'])
    expect(overviewCall).toHaveBeenCalledTimes(1)
    await useHomeStore().load()
    expect(overviewCall).toHaveBeenCalledTimes(2)
    wrapper.unmount()
    await useHomeStore().load()
    expect(overviewCall).toHaveBeenCalledTimes(2)
  })
})
