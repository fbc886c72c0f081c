import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { OrderDetail, OrderListPage, ReorderResult } from '../../../shared/contract/orders'
import { routes } from '../../../renderer/router'
import OrdersView from '../../../renderer/views/orders/OrdersView.vue'
import OrderDetailView from '../../../renderer/views/orders/OrderDetailView.vue'
import { fakePortal, mountWithApp } from '../helpers'
import { orderDetail, orderSummary } from './orderFixtures'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })

function appRouter() {
  return createRouter({ history: createMemoryHistory(), routes })
}

beforeEach(() => {
  URL.createObjectURL = vi.fn(() => 'blob:orders')
  URL.revokeObjectURL = vi.fn()
})
afterEach(() => {
  document.body.innerHTML = ''
})

function mountList(page: OrderListPage, language: 'zh-CN' | 'en-US' = 'zh-CN') {
  const list = vi.fn((input?: { offset?: number }) =>
    ok<OrderListPage>(input?.offset ? { total: page.total, items: [] } : page),
  )
  const exportList = vi.fn(() =>
    ok({ fileName: 'orders_20261123-1705.csv', contentBase64: btoa('a,b') }),
  )
  const portal = fakePortal({ orders: { list, export: exportList } })
  const router = appRouter()
  const mounted = mountWithApp(OrdersView, { language, mount: { global: { plugins: [router] } } })
  return { ...mounted, portal, list, exportList, router }
}

describe('order list', () => {
  it('shows numbers, translated statuses and a pending submission without a number', async () => {
    const { wrapper } = mountList({
      total: 2,
      items: [
        orderSummary(0, {
          id: 'ob_1',
          number: null,
          status: 'pending',
          outbox: { state: 'pending', error: null },
        }),
        orderSummary(1, { status: 'delivered' }),
      ],
    })
    await flushPromises()
    const row = wrapper.find('[data-testid="order-row-SO202600000001"]')
    expect(row.find('[data-testid="order-status"]').text()).toBe('已发货')
    // lineCount 3: the name and 2 more, 3 products in all.
    expect(row.text()).toContain('圆顶机 及另外 2 种商品')
    expect(row.text()).not.toContain('等 2 种')
    const pending = wrapper.find('[data-testid="order-row-pending-ob_1"]')
    expect(pending.text()).toContain('尚无单号')
    expect(pending.find('[data-testid="order-status"]').text()).toBe('待发送')
    expect(wrapper.find('[data-testid="orders-count"]').text()).toBe('共 2 个订单')
  })

  it('keeps thousands of orders out of the DOM and asks for the next page at the end', async () => {
    const items = Array.from({ length: 300 }, (_, index) => orderSummary(index + 1))
    const { wrapper, list } = mountList({ total: 5000, items })
    await flushPromises()
    const rendered = wrapper.findAll('[data-testid^="order-row-"]').length
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(60)
    await wrapper.find('[data-testid="orders-list"]').trigger('scroll')
    await flushPromises()
    expect(list).toHaveBeenLastCalledWith({ offset: 300, limit: 300 })
  })

  it('filters by typed text after a pause, and opens a row', async () => {
    const { wrapper, list, router } = mountList({ total: 1, items: [orderSummary(7)] })
    await flushPromises()
    await wrapper.find('input[data-testid="orders-filter-text"]').setValue('SKU-7')
    await vi.waitFor(() =>
      expect(list).toHaveBeenLastCalledWith({ text: 'SKU-7', offset: 0, limit: 300 }),
    )
    await wrapper.find('[data-testid="order-row-SO202600000007"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/orders/o_7')
  })

  it('exports the filtered list in the UI language and downloads it', async () => {
    const { wrapper, exportList } = mountList({ total: 1, items: [orderSummary(1)] }, 'en-US')
    await flushPromises()
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    await wrapper.find('[data-testid="orders-export-csv"]').trigger('click')
    await flushPromises()
    expect(exportList).toHaveBeenCalledWith({ format: 'csv', language: 'en-US', filter: {} })
    expect(URL.createObjectURL).toHaveBeenCalled()
    expect(click).toHaveBeenCalled()
    click.mockRestore()
  })
})

function mountDetail(detail: OrderDetail, overrides: Record<string, unknown> = {}) {
  const get = vi.fn(() => ok(detail))
  const portal = fakePortal({ orders: { get, ...overrides } })
  const router = appRouter()
  const mounted = mountWithApp(OrderDetailView, {
    mount: { props: { id: detail.order.id }, global: { plugins: [router] } },
  })
  return { ...mounted, portal, get, router }
}

describe('order detail', () => {
  it('shows the shortage of a short receipt per line, as the delivery does', async () => {
    const detail = orderDetail({ status: 'delivered' })
    const line = detail.order.lines[0]!
    const { wrapper } = mountDetail({
      ...detail,
      shortages: [{ orderLineId: line.lineId, quantity: 2 }],
    })
    await flushPromises()
    expect(wrapper.find(`[data-testid="order-line-short-${line.sku}"]`).text()).toBe('2')
    expect(wrapper.find('[data-testid="order-lines"]').text()).toContain('短收')
  })

  it('shows lines, the payment split and the history; Cancel only while under review', async () => {
    const { wrapper } = mountDetail(orderDetail())
    await flushPromises()
    expect(wrapper.find('[data-testid="order-status"]').text()).toBe('审核中')
    expect(wrapper.find('[data-testid="order-lines"]').text()).toContain('SKU-0002')
    expect(wrapper.find('[data-testid="order-payment-rebate"]').text()).toBe('¥120.00')
    expect(wrapper.find('[data-testid="order-total"]').text()).toBe('¥1,720.00')
    expect(wrapper.find('[data-testid="order-history"]').text()).toContain('审核中')
    expect(wrapper.find('[data-testid="order-cancel"]').exists()).toBe(true)

    const delivered = mountDetail(orderDetail({ id: 'o_2', status: 'delivered' }))
    await flushPromises()
    expect(delivered.wrapper.find('[data-testid="order-status"]').text()).toBe('已发货')
    expect(delivered.wrapper.find('[data-testid="order-cancel"]').exists()).toBe(false)
    expect(delivered.wrapper.find('[data-testid="order-reorder"]').exists()).toBe(true)
  })

  it('cancels only after the confirmation, and says when the cancel waits to be sent', async () => {
    const cancel = vi.fn(() => ok({ outboxId: 'ob_9', state: 'pending' as const }))
    const { wrapper } = mountDetail(orderDetail(), { cancel })
    await flushPromises()
    await wrapper.find('[data-testid="order-cancel"]').trigger('click')
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('确定撤销订单 SO202611200001 吗？'),
    )
    expect(cancel).not.toHaveBeenCalled()
    const confirm = [
      ...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button'),
    ].find((button) => button.textContent?.includes('撤销订单'))!
    confirm.click()
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledWith({ id: 'o_1' }))
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('撤销请求已保存，联网后自动发送'),
    )
  })

  it('reorders, lists what was skipped and why, and offers the cart', async () => {
    const result: ReorderResult = {
      added: 1,
      skipped: [
        {
          productId: 'P000002',
          sku: 'SKU-0002',
          nameZh: '枪机',
          nameEn: 'Bullet camera',
          reason: 'offSale',
        },
      ],
      adjusted: [{ productId: 'P000001', sku: 'SKU-0001', from: 20, to: 24 }],
    }
    const reorder = vi.fn(() => ok(result))
    const { wrapper, router } = mountDetail(orderDetail({ status: 'delivered' }), { reorder })
    await flushPromises()
    await wrapper.find('[data-testid="order-reorder"]').trigger('click')
    await flushPromises()
    expect(reorder).toHaveBeenCalledWith({ id: 'o_1' })
    await vi.waitFor(() =>
      expect(document.body.querySelector('[data-testid="reorder-added"]')?.textContent).toContain(
        '已将 1 种商品按今日价格加入购物车。',
      ),
    )
    expect(
      document.body.querySelector('[data-testid="reorder-skipped-SKU-0002"]')?.textContent,
    ).toContain('已下架')
    expect(
      document.body.querySelector('[data-testid="reorder-adjusted-SKU-0001"]')?.textContent,
    ).toContain('20 → 24')
    ;(document.body.querySelector('[data-testid="reorder-open-cart"]') as HTMLButtonElement).click()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/cart'), {
      timeout: 15_000,
    })
  })
})
