import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { OutboxEntry } from '../../../shared/contract'
import type { PriceDifference } from '../../../shared/contract/cart'
import OutboxView from '../../../renderer/views/outbox/OutboxView.vue'
import { fakePortal, mountWithApp } from '../helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })

const REFUSED: OutboxEntry = {
  id: 'o1',
  kind: 'order.submit',
  dealerId: 'd1',
  status: 'failed',
  createdAt: Date.UTC(2026, 10, 23),
  attempts: 1,
  summary: { lines: 1, amount: 2000, reference: null },
  lastError: {
    code: 'order.pricesChanged',
    params: { expectedTotal: 2000, total: 2200, quote: '{}' },
  },
}

const DIFFERENCE: PriceDifference = {
  changed: true,
  lines: [
    {
      productId: 'p1',
      sku: 'SKU-1',
      nameZh: '圆顶机',
      nameEn: 'Dome machine',
      quantity: 2,
      oldPrice: 1000,
      newPrice: 1100,
      amountDelta: 200,
    },
  ],
  oldTotal: 2000,
  newTotal: 2200,
  rebateAllowance: { old: 0, new: 0 },
  problems: [],
  accepted: {
    total: 2200,
    rebateAllowance: 0,
    lines: [{ productId: 'p1', quantity: 2, unitPrice: 1100 }],
  },
  capacity: { depositAvailable: 100_000, rebateAvailable: 0, creditAvailable: 0 },
  rebateRule: null,
  suggestedPayment: { deposit: 2200, rebate: 0, credit: 0 },
  payment: {
    before: { deposit: 2000, rebate: 0, credit: 0 },
    after: { deposit: 2200, rebate: 0, credit: 0 },
  },
}

describe('outbox: review new prices', () => {
  it('offers the review on an order refused for changed prices, shows the difference and resubmits on accept', async () => {
    const list = vi.fn(() => ok([REFUSED]))
    const acceptOutboxPrices = vi.fn(() => ok({ outboxId: 'o1' }))
    const portal = fakePortal({
      outbox: { list, counts: vi.fn(() => ok({ pending: 0, failed: 1 })) },
      cart: { reviewOutboxPrices: vi.fn(() => ok(DIFFERENCE)), acceptOutboxPrices } as never,
    })
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:any(.*)', component: { template: '<div />' } }],
    })
    const { wrapper } = mountWithApp(OutboxView, {
      language: 'en-US',
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    expect(wrapper.text()).toContain(
      'Prices have changed: the order total is now CN¥22.00 instead of CN¥20.00',
    )
    await wrapper.find('[data-testid="outbox-review-o1"]').trigger('click')
    await flushPromises()
    expect(portal.cart.reviewOutboxPrices).toHaveBeenCalledWith({ outboxId: 'o1' })
    expect(wrapper.find('[data-testid="price-difference-lines"]').text()).toContain('+CN¥2.00')
    expect(wrapper.find('[data-testid="price-difference-payment"]').text()).toBe(
      'Deposit CN¥22.00, rebate CN¥0.00, credit CN¥0.00',
    )
    await wrapper.find('[data-testid="price-difference-accept"]').trigger('click')
    await flushPromises()
    expect(acceptOutboxPrices).toHaveBeenCalledWith({ outboxId: 'o1' })
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('puts an order refused for another reason back into the cart to edit, and says so', async () => {
    const refusedOther: OutboxEntry = {
      ...REFUSED,
      id: 'o2',
      lastError: { code: 'order.productNotSellable', params: { sku: 'SKU-1' } },
    }
    const emptyCart = vi.fn(() => ok({ lines: [] }))
    const openRefusedOrder = vi.fn(() => ok({ cart: { lines: [] }, adjusted: [], refused: [] }))
    fakePortal({
      outbox: {
        list: vi.fn(() => ok([refusedOther])),
        counts: vi.fn(() => ok({ pending: 0, failed: 1 })),
      },
      cart: { openRefusedOrder, get: emptyCart } as never,
    })
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:any(.*)', component: { template: '<div />' } }],
    })
    await router.push('/outbox')
    const { wrapper } = mountWithApp(OutboxView, {
      language: 'zh-CN',
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="outbox-review-o2"]').exists()).toBe(false)
    await wrapper.get('[data-testid="outbox-open-cart-o2"]').trigger('click')
    await flushPromises()
    expect(openRefusedOrder).toHaveBeenCalledWith({ outboxId: 'o2' })
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/cart'))
    expect(document.body.textContent).toContain('已放回购物车')
  })

  it('asks before merging a refused order into a cart that is not empty', async () => {
    const refusedOther: OutboxEntry = {
      ...REFUSED,
      id: 'o3',
      lastError: { code: 'order.productNotSellable', params: { sku: 'SKU-1' } },
    }
    const openRefusedOrder = vi.fn(() => ok({ cart: { lines: [] }, adjusted: [], refused: [] }))
    fakePortal({
      outbox: {
        list: vi.fn(() => ok([refusedOther])),
        counts: vi.fn(() => ok({ pending: 0, failed: 1 })),
      },
      cart: {
        openRefusedOrder,
        get: vi.fn(() => ok({ lines: [{ productId: 'p9' }, { productId: 'p8' }] })),
      } as never,
    })
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:any(.*)', component: { template: '<div />' } }],
    })
    await router.push('/outbox')
    const { wrapper } = mountWithApp(OutboxView, {
      language: 'en-US',
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    const dialogButton = (label: string) =>
      [...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find(
        (button) => button.textContent?.trim() === label,
      )

    await wrapper.get('[data-testid="outbox-open-cart-o3"]').trigger('click')
    await vi.waitFor(() =>
      expect(document.body.querySelector('.el-message-box')?.textContent).toContain(
        'already holds 2 products',
      ),
    )
    dialogButton('Not now')!.click()
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(openRefusedOrder).not.toHaveBeenCalled()

    document.body.querySelectorAll('.el-overlay').forEach((element) => element.remove())
    await wrapper.get('[data-testid="outbox-open-cart-o3"]').trigger('click')
    await vi.waitFor(() => expect(dialogButton('Merge')).toBeDefined())
    dialogButton('Merge')!.click()
    await vi.waitFor(() => expect(openRefusedOrder).toHaveBeenCalledWith({ outboxId: 'o3' }))
  })
})
