import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import QuickOrderDialog from '../../../renderer/components/catalog/QuickOrderDialog.vue'
import { fakePortal, mountWithApp } from '../helpers'
import {
  catalogProduct,
  emptyCartChange,
  quickOrderAnswer,
  quickOrderPicks,
  quickOrderRow,
} from './catalogFixtures'

afterEach(() => {
  document.body.innerHTML = ''
})

const bolt = catalogProduct('P2', {
  sku: 'HB-M8',
  nameZh: '六角螺栓 M8',
  price: {
    priceListId: 'pl_std',
    priceListNameZh: '标准价目表',
    priceListNameEn: 'Standard price list',
    price: 4600,
    tiers: [],
    minQuantity: 20,
    step: 10,
    previousPrice: null,
    priceChangedAt: null,
  },
})
const blackBolt = catalogProduct('P3', { sku: 'HB-M8-B', nameZh: '六角螺栓 M8 黑' })
const dome = catalogProduct('P1', { sku: 'YDJ-2200', nameZh: '圆顶机' })

const rows = [
  quickOrderRow(1, {
    reference: 'YDJ-2200',
    requestedQuantity: 2,
    status: 'matched',
    product: dome,
    quantity: 2,
  }),
  quickOrderRow(2, {
    reference: '六角螺栓',
    requestedQuantity: 25,
    status: 'ambiguous',
    candidates: [bolt, blackBolt],
  }),
  quickOrderRow(3, { reference: 'NOPE', requestedQuantity: 1, status: 'notFound' }),
  quickOrderRow(4, {
    reference: 'HB-M8',
    requestedQuantity: 25,
    status: 'matched',
    product: bolt,
    quantity: 30,
    adjustment: 'packStep',
  }),
  quickOrderRow(5, {
    reference: 'X',
    requestedQuantity: null,
    status: 'invalid',
    problem: 'quickOrder.quantityInvalid',
  }),
]

const $ = (selector: string) => document.body.querySelector<HTMLElement>(selector)

async function mountDialog() {
  const portal = fakePortal({
    catalog: {
      matchRows: vi.fn(() => Promise.resolve({ ok: true as const, data: quickOrderAnswer(rows) })),
      candidates: vi.fn(quickOrderPicks(rows)),
    },
    cart: { add: vi.fn(() => Promise.resolve({ ok: true as const, data: emptyCartChange })) },
  })
  const { wrapper } = mountWithApp(QuickOrderDialog, {
    mount: { props: { modelValue: true }, attachTo: document.body },
  })
  await flushPromises()
  // ElInput puts the test id on the textarea itself.
  const textarea = $('textarea[data-testid="quick-order-text"]') as HTMLTextAreaElement
  textarea.value = 'YDJ-2200\t2\n六角螺栓\t25\nNOPE\t1\nHB-M8\t25\nX\tabc'
  textarea.dispatchEvent(new Event('input'))
  await flushPromises()
  $('[data-testid="quick-order-match"]')!.click()
  await flushPromises()
  return { portal, wrapper }
}

/**
 * Clicks an ambiguous row's picker button: that row alone mounts an Element Plus select, opened,
 * and its candidates are asked for (the answer carries none); the select of that row.
 */
async function openPicker(wrapper: VueWrapper, line: number) {
  expect(wrapper.findAllComponents(ElSelect)).toHaveLength(0)
  $(`button[data-testid="quick-order-pick-${line}"]`)!.click()
  await flushPromises()
  const selects = wrapper.findAllComponents(ElSelect)
  expect(selects).toHaveLength(1)
  expect(selects[0]!.attributes('data-testid')).toBe(`quick-order-pick-${line}`)
  await vi.waitFor(() =>
    expect(document.body.querySelectorAll('.el-select-dropdown__item').length).toBe(2),
  )
  return selects[0]!
}

const quantityInput = (line: number) =>
  $(`input[data-testid="quick-order-quantity-${line}"]`) as HTMLInputElement

/** Types a quantity into a row's box and commits it (change), as a user tabbing out does. */
async function typeQuantity(line: number, text: string): Promise<void> {
  const input = quantityInput(line)
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

describe('QuickOrderDialog', () => {
  it('sends the pasted text to be matched and shows each row with its status and note', async () => {
    const { portal } = await mountDialog()
    expect(portal.catalog.matchRows).toHaveBeenCalledWith({
      text: 'YDJ-2200\t2\n六角螺栓\t25\nNOPE\t1\nHB-M8\t25\nX\tabc',
    })
    const status = (line: number) =>
      $(`[data-testid="quick-order-status-${line}"]`)?.getAttribute('data-status')
    expect([1, 2, 3, 4, 5].map(status)).toEqual([
      'matched',
      'ambiguous',
      'notFound',
      'matched',
      'invalid',
    ])
    expect($('[data-testid="quick-order-row-4"]')!.textContent).toContain(
      '按整包数 10 调整（原 25）',
    )
    expect($('[data-testid="quick-order-row-5"]')!.textContent).toContain('数量不是正整数')
    // Rows needing attention come first.
    const order = [...document.body.querySelectorAll('[data-testid^="quick-order-row-"]')].map(
      (row) => row.getAttribute('data-testid'),
    )
    expect(order[0]).toBe('quick-order-row-2')
    expect($('[data-testid="quick-order-add"]')!.textContent).toContain('将 2 行加入购物车')
  })

  it('resolves an ambiguous row by picking a candidate (Element Plus select), snapping its quantity', async () => {
    const { portal, wrapper } = await mountDialog()
    expect(document.body.querySelector('select')).toBeNull()
    expect(portal.catalog.candidates).not.toHaveBeenCalled()
    const picker = await openPicker(wrapper, 2)
    // Asked when the picker opened, for the row's reference; shown with their spec.
    expect(portal.catalog.candidates).toHaveBeenCalledWith({ reference: '六角螺栓' })
    expect(document.body.querySelector('.el-select-dropdown')!.textContent).toContain('标准')
    picker.vm.$emit('update:modelValue', 'P2')
    await flushPromises()
    expect($('[data-testid="quick-order-status-2"]')!.getAttribute('data-status')).toBe('matched')
    expect(quantityInput(2).value).toBe('30')
    expect($('[data-testid="quick-order-add"]')!.textContent).toContain('将 3 行加入购物车')
  })

  it('removes a row and adds every matched line in one cart.add', async () => {
    const { portal, wrapper } = await mountDialog()
    $('[data-testid="quick-order-remove-1"]')!.click()
    await flushPromises()
    expect($('[data-testid="quick-order-row-1"]')).toBeNull()
    $('[data-testid="quick-order-add"]')!.click()
    await flushPromises()
    expect(portal.cart.add).toHaveBeenCalledTimes(1)
    expect(portal.cart.add).toHaveBeenCalledWith({ lines: [{ productId: 'P2', quantity: 30 }] })
    expect(wrapper.emitted('added')).toEqual([[1]])
    // What still needs the user stays; the added line is gone.
    expect($('[data-testid="quick-order-row-4"]')).toBeNull()
    expect($('[data-testid="quick-order-row-3"]')).not.toBeNull()
  })

  it('edits a quantity in the table: snapped to the minimum and pack step as the cart does, then added', async () => {
    const { portal } = await mountDialog()
    // HB-M8: minimum 20, packs of 10. 45 → 50 with the note; the pasted text is not touched.
    await typeQuantity(4, '45')
    expect(quantityInput(4).value).toBe('50')
    expect($('[data-testid="quick-order-row-4"]')!.textContent).toContain(
      '按整包数 10 调整（原 45）',
    )
    expect($('[data-testid="quick-order-row-4"]')!.textContent).toContain('起订 20，按 10 的倍数')
    // Below the minimum → the minimum; full-width digits are fine.
    await typeQuantity(4, '５')
    expect(quantityInput(4).value).toBe('20')
    expect($('[data-testid="quick-order-row-4"]')!.textContent).toContain('提高到起订量 20（原 5）')
    await typeQuantity(1, '1,200')
    expect(quantityInput(1).value).toBe('1200')
    expect(($('textarea[data-testid="quick-order-text"]') as HTMLTextAreaElement).value).toBe(
      'YDJ-2200\t2\n六角螺栓\t25\nNOPE\t1\nHB-M8\t25\nX\tabc',
    )
    $('[data-testid="quick-order-add"]')!.click()
    await flushPromises()
    expect(portal.catalog.matchRows).toHaveBeenCalledTimes(1)
    expect(portal.cart.add).toHaveBeenCalledWith({
      lines: [
        { productId: 'P1', quantity: 1200 },
        { productId: 'P2', quantity: 20 },
      ],
    })
  })

  it('keeps a wrong quantity as typed, says why and leaves the row out until it is fixed', async () => {
    await mountDialog()
    await typeQuantity(4, '2.5')
    expect(quantityInput(4).value).toBe('2.5')
    expect($('[data-testid="quick-order-row-4"]')!.textContent).toContain('数量不是正整数')
    expect($('[data-testid="quick-order-add"]')!.textContent).toContain('将 1 行加入购物车')
    await typeQuantity(4, '30')
    expect($('[data-testid="quick-order-row-4"]')!.textContent).not.toContain('数量不是正整数')
    expect($('[data-testid="quick-order-add"]')!.textContent).toContain('将 2 行加入购物车')
  })

  it('fixes a row whose pasted quantity was invalid by typing one in the table', async () => {
    const withProduct = rows.map((row) =>
      row.line === 5 ? { ...row, reference: 'YDJ-2200', product: dome } : row,
    )
    fakePortal({
      catalog: {
        matchRows: vi.fn(() =>
          Promise.resolve({ ok: true as const, data: quickOrderAnswer(withProduct) }),
        ),
      },
    })
    mountWithApp(QuickOrderDialog, {
      mount: { props: { modelValue: true }, attachTo: document.body },
    })
    await flushPromises()
    const textarea = $('textarea[data-testid="quick-order-text"]') as HTMLTextAreaElement
    textarea.value = 'x'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-testid="quick-order-match"]')!.click()
    await flushPromises()
    expect($('[data-testid="quick-order-status-5"]')!.getAttribute('data-status')).toBe('invalid')
    await typeQuantity(5, '3')
    expect($('[data-testid="quick-order-status-5"]')!.getAttribute('data-status')).toBe('matched')
    expect($('[data-testid="quick-order-add"]')!.textContent).toContain('将 3 行加入购物车')
  })

  it('says so when the candidates asked for are gone (the catalog changed since the match)', async () => {
    const { portal, wrapper } = await mountDialog()
    vi.mocked(portal.catalog.candidates).mockImplementation(() =>
      Promise.resolve({ ok: true as const, data: [] }),
    )
    $('button[data-testid="quick-order-pick-2"]')!.click()
    await flushPromises()
    expect(wrapper.findAllComponents(ElSelect)).toHaveLength(1)
    await vi.waitFor(() =>
      expect(document.body.querySelector('.el-select-dropdown')!.textContent).toContain(
        '已没有可订购的匹配商品',
      ),
    )
    expect($('[data-testid="quick-order-status-2"]')!.getAttribute('data-status')).toBe('ambiguous')
  })

  it('a quantity typed on an ambiguous row is kept for the product picked next', async () => {
    const { wrapper } = await mountDialog()
    await typeQuantity(2, '41')
    const picker = await openPicker(wrapper, 2)
    picker.vm.$emit('update:modelValue', 'P2')
    await flushPromises()
    expect(quantityInput(2).value).toBe('50')
    expect($('[data-testid="quick-order-row-2"]')!.textContent).toContain('原 41')
  })

  it('imports a chosen file as base64 and shows its rows', async () => {
    const importFile = vi.fn(() =>
      Promise.resolve({ ok: true as const, data: quickOrderAnswer(rows.slice(0, 1)) }),
    )
    fakePortal({ catalog: { importFile } })
    mountWithApp(QuickOrderDialog, {
      mount: { props: { modelValue: true }, attachTo: document.body },
    })
    await flushPromises()
    const input = $('[data-testid="quick-order-file"]') as HTMLInputElement
    const file = new File([new TextEncoder().encode('YDJ-2200,2')], 'order.csv', {
      type: 'text/csv',
    })
    Object.defineProperty(input, 'files', { value: [file], configurable: true })
    input.dispatchEvent(new Event('change'))
    await vi.waitFor(() =>
      expect(importFile).toHaveBeenCalledWith({
        fileName: 'order.csv',
        contentBase64: btoa('YDJ-2200,2'),
      }),
    )
    await flushPromises()
    expect($('[data-testid="quick-order-status-1"]')!.getAttribute('data-status')).toBe('matched')
  })
})

describe('QuickOrderDialog with the real paste parser', () => {
  it('shows rows pasted with a BOM, tabs and commas, full-width digits and spaces, thousands separators and empty lines', async () => {
    const { parsePastedOrder } = await import('../../../shared/domain/quickOrder')
    fakePortal({
      catalog: {
        // The main process parses with the same shared/domain parser; here it answers every row as not found.
        matchRows: vi.fn(({ text }: { text: string }) =>
          Promise.resolve({
            ok: true as const,
            data: quickOrderAnswer(
              parsePastedOrder(text).map((row) =>
                quickOrderRow(row.line, {
                  reference: row.reference,
                  requestedQuantity: row.quantity,
                  status: 'notFound',
                }),
              ),
            ),
          }),
        ),
      },
    })
    mountWithApp(QuickOrderDialog, {
      mount: { props: { modelValue: true }, attachTo: document.body },
    })
    await flushPromises()
    const textarea = $('textarea[data-testid="quick-order-text"]') as HTMLTextAreaElement
    textarea.value = '\uFEFFＹＤＪ－２２００\t１２\n\n  HB-M8 , 1,200\nＳＴ－４２　３\n\n螺栓;5\n'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    $('[data-testid="quick-order-match"]')!.click()
    await flushPromises()
    const row = (line: number) => $(`[data-testid="quick-order-row-${line}"]`)?.textContent ?? ''
    expect(row(1)).toContain('YDJ-2200')
    expect(row(1)).toContain('12')
    expect(row(3)).toContain('HB-M8')
    expect(row(3)).toContain('1200')
    expect(row(4)).toContain('ST-42')
    expect(row(6)).toContain('螺栓')
    expect(document.body.querySelectorAll('[data-testid^="quick-order-row-"]')).toHaveLength(4)
  })
})

describe('QuickOrderDialog with a long paste', () => {
  it(
    'draws the first rows of a page at once and the rest of the page frame by frame',
    { timeout: 60_000 },
    async () => {
      const many = Array.from({ length: 250 }, (_, index) =>
        quickOrderRow(index + 1, {
          reference: `SKU-${index + 1}`,
          requestedQuantity: 1,
          status: 'matched',
          product: catalogProduct(`P${index + 1}`, { sku: `SKU-${index + 1}` }),
          quantity: 1,
        }),
      )
      fakePortal({
        catalog: {
          matchRows: vi.fn(() =>
            Promise.resolve({ ok: true as const, data: quickOrderAnswer(many) }),
          ),
        },
      })
      mountWithApp(QuickOrderDialog, {
        mount: { props: { modelValue: true }, attachTo: document.body },
      })
      await flushPromises()
      const textarea = $('textarea[data-testid="quick-order-text"]') as HTMLTextAreaElement
      textarea.value = 'SKU-1\t1'
      textarea.dispatchEvent(new Event('input'))
      await flushPromises()
      $('[data-testid="quick-order-match"]')!.click()
      await flushPromises()
      const shown = () => document.body.querySelectorAll('[data-testid^="quick-order-row-"]').length
      expect(shown()).toBe(20)
      expect($('[data-testid="quick-order-summary"]')!.textContent).toContain('250')
      await vi.waitFor(() => expect(shown()).toBe(100), { timeout: 30_000 })
      expect($('[data-testid="quick-order-row-100"]')).not.toBeNull()
      expect($('[data-testid="quick-order-row-101"]')).toBeNull()
    },
  )
})
