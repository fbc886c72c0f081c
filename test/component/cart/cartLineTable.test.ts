import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import CartLineTable from '../../../renderer/components/cart/CartLineTable.vue'
import { fakePortal, mountWithApp } from '../helpers'
import { cartLine } from './cartFixtures'

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountTable(lines = [cartLine(1)], language: 'zh-CN' | 'en-US' = 'en-US') {
  fakePortal()
  const { wrapper } = mountWithApp(CartLineTable, { language, mount: { props: { lines } } })
  await flushPromises()
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof mountTable>>

async function typeQuantity(wrapper: Wrapper, productId: string, text: string) {
  const input = wrapper.find(`[data-testid="cart-quantity-${productId}"]`)
  await input.setValue(text)
  await input.trigger('change')
  await flushPromises()
}
const note = (wrapper: Wrapper, productId: string) =>
  wrapper.find(`[data-testid="cart-note-${productId}"]`)

describe('cart line table: quantity snapping', () => {
  it('rounds a quantity up to the pack step and says so', async () => {
    const wrapper = await mountTable()
    await typeQuantity(wrapper, 'p1', '7')
    expect(wrapper.emitted('quantity')).toEqual([['p1', 12]])
    await wrapper.setProps({ lines: [cartLine(1, { quantity: 12 })] })
    await flushPromises()
    expect(note(wrapper, 'p1').text()).toBe('7 is not a whole number of packs of 6; changed to 12')
  })

  it('raises a quantity below the minimum to the minimum and says so', async () => {
    const wrapper = await mountTable([cartLine(1, { quantity: 12 })], 'zh-CN')
    await typeQuantity(wrapper, 'p1', '2')
    expect(wrapper.emitted('quantity')).toEqual([['p1', 6]])
    await wrapper.setProps({ lines: [cartLine(1, { quantity: 6 })] })
    await flushPromises()
    expect(note(wrapper, 'p1').text()).toBe('2 低于起订量，已调整为 6')
  })

  it('treats zero as below the minimum', async () => {
    const wrapper = await mountTable([cartLine(1, { quantity: 12, minQuantity: 10, step: 5 })])
    await typeQuantity(wrapper, 'p1', '0')
    expect(wrapper.emitted('quantity')).toEqual([['p1', 10]])
  })

  it('accepts a valid quantity as typed, with full-width digits and separators, without a note', async () => {
    const wrapper = await mountTable()
    await typeQuantity(wrapper, 'p1', '１，２００')
    expect(wrapper.emitted('quantity')).toEqual([['p1', 1200]])
    expect(note(wrapper, 'p1').exists()).toBe(false)
  })

  it('keeps the quantity and says why when the text is not a whole number', async () => {
    const wrapper = await mountTable()
    await typeQuantity(wrapper, 'p1', '1.5')
    expect(wrapper.emitted('quantity')).toBeUndefined()
    expect(note(wrapper, 'p1').text()).toBe('Enter a whole number')
    expect(
      (wrapper.find('[data-testid="cart-quantity-p1"]').element as HTMLInputElement).value,
    ).toBe('6')
  })

  it('shows a snap main reported when the lines were added', async () => {
    fakePortal()
    const wrapper = mountWithApp(CartLineTable, {
      language: 'en-US',
      mount: {
        props: {
          lines: [cartLine(1, { quantity: 6 })],
          adjustments: {
            p1: {
              productId: 'p1',
              requested: 1,
              quantity: 6,
              reason: 'belowMinimum',
              minQuantity: 6,
              step: 6,
            },
          },
        },
      },
    }).wrapper
    await flushPromises()
    expect(note(wrapper, 'p1').text()).toBe('1 is below the minimum; changed to 6')
  })

  it('shows the line problems, the tier and the previous price', async () => {
    const wrapper = await mountTable([
      cartLine(1, { problems: [{ code: 'order.productOffSale' }] }),
      cartLine(2, { tierApplied: true, previousPrice: 1200 }),
    ])
    expect(wrapper.find('[data-testid="cart-problem-p1"]').text()).toBe('This product is off sale.')
    expect(wrapper.text()).toContain('Tier price')
    expect(wrapper.text()).toContain('Was CN¥12.00')
  })

  it('pages 1,000 lines 50 at a time', async () => {
    const lines = Array.from({ length: 1000 }, (_, index) => cartLine(index))
    const wrapper = await mountTable(lines)
    await flushPromises()
    expect(wrapper.findAll('[data-testid^="cart-quantity-"]')).toHaveLength(50)
    expect(wrapper.find('[data-testid="cart-pages"]').text()).toContain('1000')
  })
})
