import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PriceDifference } from '../../../shared/contract/cart'
import CartView from '../../../renderer/views/cart/CartView.vue'
import { routes } from '../../../renderer/router'
import { useCartStore } from '../../../renderer/stores/cart'
import { answerConfirm, fakePortal, mountWithApp } from '../helpers'
import { cartLine, cartView } from './cartFixtures'

afterEach(() => {
  document.body.innerHTML = ''
})

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })

async function mountCart(cart: Record<string, unknown>) {
  const portal = fakePortal({
    cart: cart as never,
    onCartChanged: vi.fn(() => () => undefined) as never,
  })
  const router = createRouter({ history: createMemoryHistory(), routes })
  const { wrapper } = mountWithApp(CartView, {
    language: 'en-US',
    mount: { global: { plugins: [router] } },
  })
  await flushPromises()
  return { portal, wrapper }
}

describe('cart view', () => {
  it('reprices a line and the total instantly when a quantity is typed (tier applied)', async () => {
    const line = cartLine(1, { tiers: [{ minQuantity: 12, price: 900 }] })
    const setQuantity = vi.fn(() => new Promise(() => undefined)) // main has not answered yet
    const { wrapper } = await mountCart({ get: vi.fn(() => ok(cartView([line]))), setQuantity })
    const input = wrapper.find('[data-testid="cart-quantity-p1"]')
    await input.setValue('12')
    await input.trigger('change')
    await flushPromises()
    expect(setQuantity).toHaveBeenCalledWith({ productId: 'p1', quantity: 12 })
    expect(wrapper.find('[data-testid="cart-amount-p1"]').text()).toBe('CN¥108.00')
    expect(wrapper.find('[data-testid="payment-total"]').text()).toContain('CN¥108.00')
  })

  it('applies the answer of main to a quantity change: that line and the totals, the other lines untouched (issue 16)', async () => {
    const first = cartLine(1)
    const second = cartLine(2)
    const confirmed = cartLine(1, {
      quantity: 12,
      unitPrice: 950,
      amount: 11_400,
      tierApplied: true,
    })
    const {
      lines: _lines,
      addresses: _addresses,
      details: _details,
      ...totals
    } = cartView([confirmed, second])
    const setQuantity = vi.fn(() =>
      ok({ line: confirmed, summary: { ...totals, lineCount: 2 }, adjusted: [], refused: [] }),
    )
    const { wrapper } = await mountCart({
      get: vi.fn(() => ok(cartView([first, second]))),
      setQuantity,
    })
    const store = useCartStore()
    const untouched = store.lines[1]
    const input = wrapper.find('[data-testid="cart-quantity-p1"]')
    await input.setValue('12')
    await input.trigger('change')
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-amount-p1"]').text()).toBe('CN¥114.00')
    expect(wrapper.find('[data-testid="payment-total"]').text()).toContain('CN¥174.00')
    expect(store.lines[1]).toBe(untouched)
  })

  it('writes the chosen ship-to address out in full, the municipality once, with the contact', async () => {
    const view = cartView([cartLine(1)])
    view.addresses = [
      {
        id: 'a1',
        contact: '周建国',
        phone: '021-58831234',
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
        line: '康桥东路 1288 弄 5 号仓库',
        isDefault: true,
      },
    ]
    const { wrapper } = await mountCart({ get: vi.fn(() => ok(view)) })
    const text = wrapper.find('[data-testid="cart-address-text"]')
    expect(text.text()).toContain('上海市浦东新区康桥东路 1288 弄 5 号仓库')
    expect(text.text()).not.toContain('上海市上海市')
    expect(text.text()).toContain('周建国 · 021-58831234')
  })

  it('keeps Submit disabled while a line has a problem', async () => {
    const { wrapper } = await mountCart({
      get: vi.fn(() =>
        ok(cartView([cartLine(1, { problems: [{ code: 'order.productOffSale' }] })])),
      ),
    })
    expect(wrapper.find('[data-testid="cart-submit"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid="payment-reason"]').text()).toContain(
      'Some lines cannot be ordered',
    )
  })

  it('asks for a quote, shows the price difference, and submits the accepted prices with an idempotency key', async () => {
    const view = cartView([cartLine(1), cartLine(2)])
    const difference: PriceDifference = {
      changed: true,
      lines: [
        {
          productId: 'p1',
          sku: 'SKU-1',
          nameZh: '圆顶机1',
          nameEn: 'Dome machine 1',
          quantity: 6,
          oldPrice: 1000,
          newPrice: 1100,
          amountDelta: 600,
        },
      ],
      oldTotal: 12_000,
      newTotal: 12_600,
      rebateAllowance: { old: 0, new: 0 },
      problems: [],
      accepted: {
        total: 12_600,
        rebateAllowance: 0,
        lines: [
          { productId: 'p1', quantity: 6, unitPrice: 1100 },
          { productId: 'p2', quantity: 6, unitPrice: 1000 },
        ],
      },
      capacity: { depositAvailable: 10_000_000, rebateAvailable: 0, creditAvailable: 0 },
      rebateRule: null,
      suggestedPayment: { deposit: 12_600, rebate: 0, credit: 0 },
      payment: null,
    }
    const quote = vi.fn(() => ok(difference))
    const submit = vi.fn(() =>
      ok({
        outboxId: 'o1',
        state: 'sent' as const,
        order: { id: 'ord-1', number: 'SO-20261123-0001' },
      }),
    )
    const { wrapper } = await mountCart({ get: vi.fn(() => ok(view)), quote, submit })

    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    await flushPromises()
    expect(quote).toHaveBeenCalledTimes(1)
    expect(submit).not.toHaveBeenCalled()
    const dialog = wrapper.find('[data-testid="price-difference-lines"]').text()
    expect(dialog).toContain('CN¥10.00')
    expect(dialog).toContain('CN¥11.00')
    expect(dialog).toContain('+CN¥6.00')
    await wrapper.find('[data-testid="price-difference-accept"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-accepted"]').text()).toContain('CN¥126.00')
    expect(wrapper.find('[data-testid="cart-amount-p1"]').text()).toBe('CN¥66.00')

    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    // Asked first, with the accepted total and the payment split.
    const asked = await answerConfirm()
    expect(asked).toContain('Submit the order?')
    expect(asked).toContain('Order totalCN¥126.00')
    expect(asked).toContain('DepositCN¥126.00')
    expect(asked).toContain('2 products')
    await flushPromises()
    expect(quote).toHaveBeenCalledTimes(1)
    expect(submit).toHaveBeenCalledWith({
      payment: { deposit: 12_600, rebate: 0, credit: 0 },
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
      acceptedQuote: difference.accepted,
    })
    expect(wrapper.find('[data-testid="cart-result"]').text()).toContain(
      'Order SO-20261123-0001 submitted',
    )
    // The success message leads to the order.
    expect(wrapper.find('[data-testid="cart-result-order"]').attributes('href')).toBe(
      '/orders/ord-1',
    )
    // An Element Plus link, navigating with the router.
    expect(wrapper.find('[data-testid="cart-result-order"]').classes()).toContain('el-link')
  })

  it('submits nothing when the confirmation is declined', async () => {
    const submit = vi.fn(() => ok({ outboxId: 'o1', state: 'pending' as const }))
    const { wrapper } = await mountCart({
      get: vi.fn(() => ok(cartView([cartLine(1)]))),
      quote: vi.fn(() => ok({ changed: false, problems: [] })),
      submit,
    })
    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    await answerConfirm(false)
    await flushPromises()
    expect(submit).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="cart-submit"]').attributes('disabled')).toBeUndefined()
  })

  it('offline: skips the quote and says the order will be sent when online', async () => {
    const quote = vi.fn()
    const submit = vi.fn(() => ok({ outboxId: 'o1', state: 'pending' as const }))
    const portal = fakePortal({
      cart: { get: vi.fn(() => ok(cartView([cartLine(1)]))), quote, submit } as never,
      onCartChanged: vi.fn(() => () => undefined) as never,
    })
    const router = createRouter({ history: createMemoryHistory(), routes })
    const { wrapper } = mountWithApp(CartView, {
      language: 'en-US',
      pinia: {
        initialState: {
          session: {
            state: {
              status: 'signedIn',
              user: null,
              dealers: [],
              dealerId: 'd1',
              server: null,
              connectivity: 'offline',
            },
          },
        },
      },
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    await answerConfirm()
    await flushPromises()
    expect(quote).not.toHaveBeenCalled()
    expect(portal.cart.submit).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="cart-result"]').text()).toContain(
      'Saved: the order will be sent when online',
    )
  })

  it('online but the gateway slow: says "submitting…" while waiting, then "queued, will be sent" (not an error)', async () => {
    let answer: (value: unknown) => void = () => undefined
    const submit = vi.fn(() => new Promise((resolve) => (answer = resolve)))
    const { wrapper } = await mountCart({
      get: vi.fn(() => ok(cartView([cartLine(1)]))),
      quote: vi.fn(() => ok({ changed: false, problems: [] })),
      submit,
    })
    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    await answerConfirm()
    await flushPromises()
    expect(submit).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="cart-sending"]').text()).toContain('Submitting the order…')
    expect(wrapper.find('[data-testid="cart-result"]').exists()).toBe(false)
    // Main's wait (15 s) ends without the gateway's answer: the order is queued in the outbox.
    answer({ ok: true, data: { outboxId: 'o1', state: 'pending' } })
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-sending"]').exists()).toBe(false)
    const result = wrapper.find('[data-testid="cart-result"]')
    expect(result.text()).toContain('Order queued: it will be sent automatically')
    expect(wrapper.find('.el-alert--info').text()).toContain('Order queued')
    expect(wrapper.find('[data-testid="cart-submit-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="cart-result-outbox"]').attributes('href')).toBe('/outbox')
  })
})
