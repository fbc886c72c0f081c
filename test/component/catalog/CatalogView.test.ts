import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CatalogSearchInput } from '../../../shared/contract/catalog'
import CatalogView from '../../../renderer/views/catalog/CatalogView.vue'
import { useNoticeStore } from '../../../renderer/stores/notices'
import { fakePortal, mountWithApp } from '../helpers'
import { catalogProduct, emptyCartChange } from './catalogFixtures'

afterEach(() => {
  document.body.innerHTML = ''
})

const dome = catalogProduct('P1', { sku: 'YDJ-2200', nameZh: '圆顶机', nameEn: 'Dome machine' })
const bolt = catalogProduct('P2', {
  sku: 'HB-M8',
  nameZh: '六角螺栓 M8',
  nameEn: 'Hex bolt M8',
  price: {
    priceListId: 'pl_std',
    priceListNameZh: '标准价目表',
    priceListNameEn: 'Standard price list',
    price: 4600,
    tiers: [{ minQuantity: 100, price: 4370 }],
    minQuantity: 20,
    step: 10,
    previousPrice: 5000,
    priceChangedAt: 1_700_000_000_000,
  },
})
const old = catalogProduct('P3', { sku: 'AG-100', status: 'offSale' })

function mountView(language: 'zh-CN' | 'en-US' = 'zh-CN') {
  const search = vi.fn((input: CatalogSearchInput) => {
    const items = input.query.trim() === 'ydj' ? [dome] : [dome, bolt, old]
    return Promise.resolve({
      ok: true as const,
      data: { total: items.length, items: items.slice(input.offset, input.offset + input.limit) },
    })
  })
  const portal = fakePortal({
    catalog: {
      categories: vi.fn(() =>
        Promise.resolve({
          ok: true as const,
          data: [{ id: 'cat_machines', nameZh: '机械', nameEn: 'Machines', count: 1 }],
        }),
      ),
      search,
    },
    cart: { add: vi.fn(() => Promise.resolve({ ok: true as const, data: emptyCartChange })) },
    onDataChanged: vi.fn(() => () => undefined),
  })
  const { wrapper } = mountWithApp(CatalogView, { language, mount: { attachTo: document.body } })
  return { portal, wrapper, search }
}

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 120))
  await flushPromises()
}

describe('CatalogView', () => {
  it('lists categories and products with price, tier hint, price change and off-sale state', async () => {
    const { wrapper } = mountView()
    await settle()
    expect(wrapper.find('[data-testid="catalog-category-cat_machines"]').text()).toContain('机械')
    expect(wrapper.find('[data-testid="catalog-total"]').text()).toBe('共 3 个商品')
    const boltRow = wrapper.find('[data-testid="catalog-row-1"]')
    expect(boltRow.text()).toContain('六角螺栓 M8')
    // Name over spec, the whole of both and the other language's name as the tooltip.
    expect(boltRow.find('.catalog-list__name').attributes('title')).toBe(
      '六角螺栓 M8\n标准\nHex bolt M8',
    )
    expect(boltRow.find('[data-testid="catalog-spec"]').text()).toBe('标准')
    expect(boltRow.find('.catalog-list__sku').attributes('title')).toBe('HB-M8')
    expect(boltRow.text()).toContain('≥100：¥43.70')
    expect(boltRow.find('[data-testid="catalog-price-changed"]').text()).toContain('¥50.00')
    expect(boltRow.text()).toContain('起订 20 · 整包 10')
    expect(
      wrapper.find('[data-testid="catalog-row-2"] [data-testid="catalog-off-sale"]').exists(),
    ).toBe(true)
    expect(wrapper.find('[data-testid="catalog-add-2"]').exists()).toBe(false)
  })

  it('in English, tells rows of one family apart by the spec under the name; actions stay aligned', async () => {
    const { wrapper } = mountView('en-US')
    await settle()
    const row = (index: number) => wrapper.find(`[data-testid="catalog-row-${index}"]`)
    expect(row(0).find('.catalog-list__name').text()).toContain('Dome machine')
    expect(row(0).find('[data-testid="catalog-spec"]').text()).toBe('standard')
    expect(row(0).find('.catalog-list__name').attributes('title')).toBe(
      'Dome machine\nstandard\n圆顶机',
    )
    // Detail sits in the same actions cell whether or not the row can be added.
    expect(row(0).find('.catalog-list__actions [data-testid="catalog-detail-0"]').exists()).toBe(
      true,
    )
    expect(row(2).find('.catalog-list__actions [data-testid="catalog-detail-2"]').exists()).toBe(
      true,
    )
  })

  it('searches as you type and focuses the search box on /', async () => {
    const { wrapper, search } = mountView()
    await settle()
    const input = wrapper.find('input[data-testid="catalog-search"]')
    await input.setValue('ydj')
    await settle()
    expect(search).toHaveBeenLastCalledWith({
      query: 'ydj',
      includeOffSale: false,
      offset: 0,
      limit: 200,
    })
    expect(wrapper.find('[data-testid="catalog-total"]').text()).toBe('共 1 个商品')
    ;(document.activeElement as HTMLElement | null)?.blur()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '/' }))
    expect(document.activeElement).toBe(input.element)
  })

  it('moves with the arrow keys and adds the selected product with its minimum on Enter', async () => {
    const { wrapper, portal } = mountView()
    await settle()
    const view = wrapper.find('[data-testid="catalog-view"]')
    await view.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.find('[data-testid="catalog-row-1"]').classes()).toContain('is-selected')
    await view.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(portal.cart.add).toHaveBeenCalledWith({ lines: [{ productId: 'P2', quantity: 20 }] })
    expect(useNoticeStore().queue.at(-1)).toMatchObject({
      level: 'success',
      code: 'catalog.toast.added',
      params: { quantity: 20 },
    })
  })

  it('snaps a typed quantity to the pack step with a visible note, and Enter in the box adds it', async () => {
    const { wrapper, portal } = mountView()
    await settle()
    const box = wrapper.find('[data-testid="catalog-quantity-1"]')
    await box.setValue('２５')
    await box.trigger('change')
    expect((box.element as HTMLInputElement).value).toBe('30')
    expect(wrapper.find('[data-testid="catalog-quantity-note-1"]').text()).toBe(
      '已按整包数 10 调整为 30',
    )
    await box.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(portal.cart.add).toHaveBeenCalledWith({ lines: [{ productId: 'P2', quantity: 30 }] })
  })

  it('opens the detail drawer with the tiers and the price history', async () => {
    const { wrapper } = mountView()
    await settle()
    await wrapper.find('[data-testid="catalog-detail-1"]').trigger('click')
    await flushPromises()
    expect(document.body.querySelector('[data-testid="catalog-detail-tiers"]')).not.toBeNull()
    expect(
      document.body.querySelector('[data-testid="catalog-detail-price-history"]')!.textContent,
    ).toContain('上次价格 ¥50.00')
    // The list's name, never its internal id.
    expect(
      document.body.querySelector('[data-testid="catalog-detail-price-list"]')!.textContent,
    ).toBe('标准价目表')
    expect(
      document.body.querySelector('[data-testid="catalog-detail"]')!.textContent,
    ).not.toContain('pl_std')
  })
})

describe('CatalogView during the first sync (issue 17, bug 9)', () => {
  it('says prices are loading instead of "not orderable", and that the catalog is still syncing', async () => {
    const unpriced = catalogProduct('P9', { sku: 'ZZ-1', price: null })
    let syncing = { products: true, prices: true }
    const search = vi.fn(() =>
      Promise.resolve({ ok: true as const, data: { total: 1, items: [unpriced], syncing } }),
    )
    fakePortal({
      catalog: {
        categories: vi.fn(() => Promise.resolve({ ok: true as const, data: [] })),
        search,
      },
      onDataChanged: vi.fn(() => () => undefined),
    })
    const { wrapper } = mountWithApp(CatalogView, { mount: { attachTo: document.body } })
    await settle()
    const row = wrapper.find('[data-testid="catalog-row-0"]')
    expect(row.find('[data-testid="catalog-price-loading"]').text()).toBe('价格加载中…')
    expect(row.text()).not.toContain('不可订购')
    expect(wrapper.find('[data-testid="catalog-total"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="catalog-syncing"]').text()).toBe(
      '商品目录同步中，已载入 1 个商品…',
    )

    // Products synced, prices still syncing: the list holds the priced products found so far.
    syncing = { products: false, prices: true }
    await wrapper.find('input[data-testid="catalog-search"]').setValue('z')
    await settle()
    expect(wrapper.find('[data-testid="catalog-syncing-prices"]').text()).toBe(
      '价格同步中：先列出已有价格的 1 个商品…',
    )
    expect(wrapper.find('[data-testid="catalog-total"]').exists()).toBe(false)

    // Synced: a product still without a price is really not orderable, and the total is final.
    syncing = { products: false, prices: false }
    await wrapper.find('input[data-testid="catalog-search"]').setValue('zz')
    await settle()
    expect(wrapper.find('[data-testid="catalog-row-0"]').text()).toContain('不可订购')
    expect(wrapper.find('[data-testid="catalog-total"]').text()).toBe('共 1 个商品')
  })
})
