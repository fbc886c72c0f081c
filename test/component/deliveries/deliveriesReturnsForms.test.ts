/**
 * Form rules of the deliveries and returns area: receipt quantities 0..shipped (non-numbers and
 * more than shipped refused at the field), return quantities above returnable refused at the field
 * with the translated reason, reason `other` needs a text, nothing selected; the detail shows the
 * discrepancy and the refund split.
 */
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type { Delivery, Return } from '../../../shared/api'
import type { ReturnableLine } from '../../../shared/contract/returns'
import ReceiptConfirmForm from '../../../renderer/components/deliveries/ReceiptConfirmForm.vue'
import ReturnForm from '../../../renderer/components/returns/ReturnForm.vue'
import DeliveryDetailView from '../../../renderer/views/deliveries/DeliveryDetailView.vue'
import ReturnCreateView from '../../../renderer/views/returns/ReturnCreateView.vue'
import ReturnDetailView from '../../../renderer/views/returns/ReturnDetailView.vue'
import { answerConfirm, fakePortal, mountWithApp } from '../helpers'

const AT = Date.UTC(2026, 10, 20, 2, 30)
const deliveryLine = (
  id: string,
  sku: string,
  quantity: number,
  receivedQuantity: number | null = null,
) => ({
  deliveryLineId: id,
  orderLineId: `ol_${id}`,
  productId: `p_${id}`,
  sku,
  nameZh: '圆顶机',
  nameEn: 'Dome camera',
  specZh: '4MP',
  specEn: '4MP',
  unitZh: '台',
  unitEn: 'pcs',
  quantity,
  unitPrice: 1000,
  amount: 1000 * quantity,
  receivedQuantity,
})
const LINES = [deliveryLine('dl1', 'SKU-1', 10), deliveryLine('dl2', 'SKU-2', 4)]

function delivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: 'dv1',
    number: 'DN1',
    dealerId: 'd_sh',
    orderId: 'o1',
    orderNumber: 'SO1',
    status: 'has_delivered',
    carrier: 'SF',
    trackingNumber: 'SF123',
    warehouse: 'WH',
    shippedAt: AT,
    address: {
      id: 'a',
      contact: 'C',
      phone: 'P',
      province: 'S',
      city: 'S',
      district: 'D',
      line: 'L',
      isDefault: true,
    },
    lines: LINES,
    amount: 14_000,
    receivedAt: null,
    receiptRemark: null,
    statusHistory: [{ status: 'has_delivered', at: AT, note: null }],
    createdAt: AT,
    modifiedAt: AT,
    ...overrides,
  }
}

const returnable = (overrides: Partial<ReturnableLine> = {}): ReturnableLine => ({
  orderId: 'o1',
  orderNumber: 'SO1',
  orderLineId: 'ol1',
  productId: 'p1',
  sku: 'SKU-1',
  nameZh: '圆顶机',
  nameEn: 'Dome camera',
  specZh: '',
  specEn: '',
  unitZh: '台',
  unitEn: 'pcs',
  unitPrice: 1000,
  delivered: 10,
  returned: 3,
  returnable: 7,
  ...overrides,
})

describe('ReceiptConfirmForm', () => {
  const mountForm = () =>
    mountWithApp(ReceiptConfirmForm, { language: 'en-US', mount: { props: { lines: LINES } } })
      .wrapper

  it('defaults every line to the shipped quantity and emits it', async () => {
    const wrapper = mountForm()
    expect(
      (wrapper.get('[data-testid="receipt-quantity-SKU-1"]').element as HTMLInputElement).value,
    ).toBe('10')
    await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
    expect(wrapper.emitted('confirm')?.[0]).toEqual([
      [
        { deliveryLineId: 'dl1', receivedQuantity: 10 },
        { deliveryLineId: 'dl2', receivedQuantity: 4 },
      ],
      '',
    ])
  })

  it.each(['11', '-1', 'abc', '2.5', ''])(
    'refuses %j at the field and emits nothing',
    async (typed) => {
      const wrapper = mountForm()
      await wrapper.get('[data-testid="receipt-quantity-SKU-1"]').setValue(typed)
      await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
      expect(wrapper.emitted('confirm')).toBeUndefined()
      expect(wrapper.get('[data-testid="receipt-quantity-error"]').text()).toBe(
        'Enter a whole number from 0 to 10.',
      )
    },
  )

  it('accepts 0 and a short quantity with a remark', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="receipt-quantity-SKU-1"]').setValue('9')
    await wrapper.get('[data-testid="receipt-quantity-SKU-2"]').setValue('0')
    await wrapper.get('[data-testid="receipt-remark"]').setValue('box crushed')
    await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
    await answerConfirm()
    await flushPromises()
    expect(wrapper.emitted('confirm')?.[0]).toEqual([
      [
        { deliveryLineId: 'dl1', receivedQuantity: 9 },
        { deliveryLineId: 'dl2', receivedQuantity: 0 },
      ],
      'box crushed',
    ])
  })

  it('sums up the shortage live, takes a reason per short line, and confirms a short receipt first', async () => {
    const wrapper = mountForm()
    expect(wrapper.get('[data-testid="receipt-summary"]').text()).toBe(
      'Everything received as shipped',
    )
    await wrapper.get('[data-testid="receipt-quantity-SKU-1"]').setValue('9')
    expect(wrapper.get('[data-testid="receipt-summary"]').text()).toBe('Short on 1 line: 1 missing')
    await wrapper.get('[data-testid="receipt-quantity-SKU-2"]').setValue('1')
    expect(wrapper.get('[data-testid="receipt-summary"]').text()).toBe(
      'Short on 2 lines: 4 missing in all',
    )
    expect(wrapper.get('[data-testid="receipt-short-SKU-2"]').text()).toBe('3 short')
    await wrapper.get('[data-testid="receipt-reason-SKU-2"]').setValue('damaged in transit')
    await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
    const asked = await answerConfirm(false)
    expect(asked).toContain('Confirm a short receipt?')
    expect(asked).toContain('SKU-2: shipped 4, received 1, 3 short · damaged in transit')
    await flushPromises()
    expect(wrapper.emitted('confirm')).toBeUndefined()
    await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
    await answerConfirm()
    await flushPromises()
    expect(wrapper.emitted('confirm')?.[0]).toEqual([
      [
        { deliveryLineId: 'dl1', receivedQuantity: 9 },
        { deliveryLineId: 'dl2', receivedQuantity: 1 },
      ],
      'SKU-2: damaged in transit',
    ])
  })
})

describe('ReturnForm', () => {
  const mountForm = (
    lines = [
      returnable(),
      returnable({ orderLineId: 'ol2', sku: 'SKU-2', returned: 5, returnable: 0, delivered: 5 }),
    ],
    language: 'en-US' | 'zh-CN' = 'en-US',
  ) => mountWithApp(ReturnForm, { language, mount: { props: { lines } } }).wrapper

  async function chooseReason(wrapper: ReturnType<typeof mountForm>, reason: string) {
    ;(
      wrapper.findComponent({ name: 'ElSelect' }).vm as unknown as {
        $emit(event: string, value: string): void
      }
    ).$emit('update:modelValue', reason)
    await flushPromises()
  }

  it('shows delivered / returned / returnable per line; a fully returned line is disabled', () => {
    const wrapper = mountForm()
    const first = wrapper.get('[data-testid="return-line-SKU-1"]')
    expect(first.get('[data-testid="return-delivered"]').text()).toBe('10')
    expect(first.get('[data-testid="return-returned"]').text()).toBe('3')
    expect(first.get('[data-testid="return-returnable"]').text()).toBe('7')
    expect(
      wrapper.get('[data-testid="return-quantity-SKU-2"]').attributes('disabled'),
    ).toBeDefined()
  })

  it('refuses more than returnable right at the field, with the number, in both languages', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="return-quantity-SKU-1"]').setValue('8')
    expect(wrapper.get('[data-testid="return-quantity-error"]').text()).toBe(
      'The return quantity is above the 7 that can still be returned.',
    )
    await chooseReason(wrapper, 'quality')
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    expect(wrapper.emitted('submit')).toBeUndefined()
    const zh = mountForm(undefined, 'zh-CN')
    await zh.get('[data-testid="return-quantity-SKU-1"]').setValue('8')
    expect(zh.get('[data-testid="return-quantity-error"]').text()).toContain('7')
  })

  it('refuses a non-number quantity', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="return-quantity-SKU-1"]').setValue('two')
    expect(wrapper.get('[data-testid="return-quantity-error"]').text()).toBe(
      'The return quantity must be a positive whole number.',
    )
  })

  it('says nothing is selected and that a reason is needed', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="return-nothing-selected"]').text()).toBe(
      'Enter a return quantity for at least one line.',
    )
    expect(wrapper.get('[data-testid="return-reason-error"]').text()).toBe(
      'Choose a reason for the return.',
    )
    expect(wrapper.emitted('submit')).toBeUndefined()
  })

  it('reason other needs a text; then emits the request', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="return-quantity-SKU-1"]').setValue('7')
    await chooseReason(wrapper, 'other')
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="return-reason-error"]').text()).toBe(
      'Describe the reason for the return.',
    )
    expect(wrapper.emitted('submit')).toBeUndefined()
    await wrapper.get('[data-testid="return-reason-text"]').setValue('  scratched  ')
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    const asked = await answerConfirm()
    expect(asked).toContain('Submit the return?')
    expect(asked).toContain('SKU-1 × 7')
    expect(asked).toContain('CN¥70.00')
    expect(asked).toContain('scratched')
    await flushPromises()
    expect(wrapper.emitted('submit')?.[0]).toEqual([
      {
        lines: [{ orderId: 'o1', orderLineId: 'ol1', quantity: 7 }],
        reason: 'other',
        reasonText: 'scratched',
      },
    ])
    expect(wrapper.get('[data-testid="return-amount"]').text()).toContain('70')
  })

  it('emits nothing when the confirmation is declined', async () => {
    const wrapper = mountForm()
    await wrapper.get('[data-testid="return-quantity-SKU-1"]').setValue('2')
    await chooseReason(wrapper, 'quality')
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    expect(await answerConfirm(false)).toContain('Quality problem')
    await flushPromises()
    expect(wrapper.emitted('submit')).toBeUndefined()
  })
})

describe('detail views', () => {
  it('shows the shipped vs received discrepancy, also for a confirmation still pending', async () => {
    const get = vi.fn(() =>
      Promise.resolve({
        ok: true as const,
        data: {
          delivery: delivery(),
          pendingReceipt: {
            lines: [
              { deliveryLineId: 'dl1', receivedQuantity: 8 },
              { deliveryLineId: 'dl2', receivedQuantity: 4 },
            ],
            remark: '',
            state: 'pending' as const,
            error: null,
          },
        },
      }),
    )
    fakePortal({
      deliveries: { get },
      onDataChanged: vi.fn(() => () => undefined),
      onOutboxChanged: vi.fn(() => () => undefined),
    })
    const { wrapper } = mountWithApp(DeliveryDetailView, {
      language: 'en-US',
      mount: { props: { id: 'dv1' }, global: { stubs: { RouterLink: true } } },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="delivery-receipt-pending"]').text()).toBe(
      'Receipt confirmation waiting to be sent',
    )
    expect(wrapper.get('[data-testid="delivery-discrepancy-SKU-1"]').text()).toBe('2 short')
    expect(wrapper.find('[data-testid="delivery-discrepancy-SKU-2"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="delivery-confirm"]').exists()).toBe(false)
  })

  it('says why a confirmation was refused and reopens the form on its quantities to correct it', async () => {
    const refused = {
      lines: [
        { deliveryLineId: 'dl1', receivedQuantity: 7 },
        { deliveryLineId: 'dl2', receivedQuantity: 4 },
      ],
      remark: '少一件',
      state: 'failed' as const,
      error: { code: 'delivery.alreadyReceived', params: { number: 'DN1' } },
    }
    const confirmReceipt = vi.fn(() =>
      Promise.resolve({ ok: true as const, data: { outboxId: 'ob1', state: 'sent' as const } }),
    )
    fakePortal({
      deliveries: {
        get: vi.fn(() =>
          Promise.resolve({
            ok: true as const,
            data: { delivery: delivery(), pendingReceipt: refused },
          }),
        ),
        confirmReceipt,
      },
    })
    const { wrapper } = mountWithApp(DeliveryDetailView, {
      language: 'zh-CN',
      mount: { props: { id: 'dv1' }, global: { stubs: { RouterLink: true } } },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="delivery-receipt-refusal"]').text()).toContain(
      '收货确认被拒绝',
    )
    await wrapper.get('[data-testid="delivery-confirm"]').trigger('click')
    const field = wrapper.get('[data-testid="receipt-quantity-SKU-1"]')
    expect((field.element as HTMLInputElement).value).toBe('7')
    await field.setValue('10')
    await wrapper.get('[data-testid="receipt-form"]').trigger('submit')
    await flushPromises()
    expect(confirmReceipt).toHaveBeenCalledWith({
      id: 'dv1',
      lines: [
        { deliveryLineId: 'dl1', receivedQuantity: 10 },
        { deliveryLineId: 'dl2', receivedQuantity: 4 },
      ],
      remark: '少一件',
    })
  })

  it('shows a refunded return with its refund split and translated history', async () => {
    const record: Return = {
      id: 'r1',
      number: 'RT1',
      dealerId: 'd_sh',
      status: 'refunded',
      reason: 'quality',
      reasonText: null,
      remark: null,
      lines: [
        {
          orderId: 'o1',
          orderNumber: 'SO1',
          orderLineId: 'ol1',
          productId: 'p1',
          sku: 'SKU-1',
          nameZh: '圆顶机',
          nameEn: 'Dome camera',
          unitZh: '台',
          unitEn: 'pcs',
          quantity: 2,
          unitPrice: 1000,
          amount: 2000,
        },
      ],
      amount: 2000,
      refund: { deposit: 1500, rebate: 300, credit: 200 },
      rejectReason: null,
      statusHistory: ['under_review', 'approved', 'received', 'refunded'].map((status, index) => ({
        status,
        at: AT + index,
        note: null,
      })),
      createdBy: 'sh.admin',
      createdAt: AT,
      modifiedAt: AT,
    }
    fakePortal({
      returns: { get: vi.fn(() => Promise.resolve({ ok: true as const, data: record })) },
      onDataChanged: vi.fn(() => () => undefined),
    })
    const { wrapper } = mountWithApp(ReturnDetailView, {
      language: 'en-US',
      mount: { props: { id: 'r1' } },
    })
    await flushPromises()
    expect(wrapper.get('[data-testid="return-refund-deposit"]').text()).toContain('15.00')
    expect(wrapper.get('[data-testid="return-refund-rebate"]').text()).toContain('3.00')
    expect(wrapper.get('[data-testid="return-refund-credit"]').text()).toContain('2.00')
    expect(wrapper.get('[data-testid="return-history"]').text()).toContain('Refunded')
  })

  it('a return not cached yet shows as missing, then appears when the data changes', async () => {
    const record = {
      id: 'r2',
      number: 'RT2',
      dealerId: 'd_sh',
      status: 'under_review',
      reason: 'quality',
      reasonText: null,
      remark: null,
      lines: [],
      amount: 0,
      refund: null,
      rejectReason: null,
      statusHistory: [],
      createdBy: 'sh.admin',
      createdAt: AT,
      modifiedAt: AT,
    } as unknown as Return
    let cached = false
    let dataChanged: (() => void) | undefined
    fakePortal({
      returns: {
        get: vi.fn(() => Promise.resolve({ ok: true as const, data: cached ? record : null })),
      },
      onDataChanged: vi.fn((listener: () => void) => {
        dataChanged = listener
        return () => undefined
      }) as never,
    })
    const { wrapper } = mountWithApp(ReturnDetailView, {
      language: 'en-US',
      mount: { props: { id: 'r2' } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="return-missing"]').exists()).toBe(true)
    cached = true
    dataChanged!()
    await flushPromises()
    expect(wrapper.find('[data-testid="return-missing"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="return-number"]').text()).toContain('RT2')
  })
})

describe('ReturnCreateView', () => {
  it('loads the lines of the preselected order, and a sync updates them without losing what was typed', async () => {
    let lines: ReturnableLine[] = []
    let dataChanged: (() => void) | undefined
    const returnableLines = vi.fn(() => Promise.resolve({ ok: true as const, data: lines }))
    fakePortal({
      returns: {
        returnableLines,
        returnableOrders: vi.fn(() => Promise.resolve({ ok: true as const, data: [] })),
      },
      onDataChanged: vi.fn((listener: () => void) => {
        dataChanged = listener
        return () => undefined
      }) as never,
    })
    const { createRouter, createMemoryHistory } = await import('vue-router')
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/returns/new', component: ReturnCreateView },
        { path: '/:any(.*)', component: { template: '<div />' } },
      ],
    })
    await router.push('/returns/new?orders=o1')
    const { wrapper } = mountWithApp(ReturnCreateView, {
      language: 'en-US',
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    expect(returnableLines).toHaveBeenCalledWith({ orderIds: ['o1'] })
    expect(wrapper.find('[data-testid="return-no-lines"]').exists()).toBe(true)

    lines = [returnable()]
    dataChanged!()
    await flushPromises()
    await wrapper.get('[data-testid="return-quantity-SKU-1"]').setValue('2')
    lines = [
      returnable(),
      returnable({ orderLineId: 'ol2', sku: 'SKU-2', returned: 0, returnable: 10 }),
    ]
    dataChanged!()
    await flushPromises()
    expect(wrapper.findAll('[data-testid^="return-line-"]')).toHaveLength(2)
    expect(
      (wrapper.get('[data-testid="return-quantity-SKU-1"]').element as HTMLInputElement).value,
    ).toBe('2')
  })
})
