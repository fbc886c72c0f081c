import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { OutboxEntry } from '../../../shared/contract'
import type { ReturnableLine, ReturnDraft } from '../../../shared/contract/returns'
import OutboxView from '../../../renderer/views/outbox/OutboxView.vue'
import ReturnCreateView from '../../../renderer/views/returns/ReturnCreateView.vue'
import { answerConfirm, fakePortal, mountWithApp } from '../helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const line = (overrides: Partial<ReturnableLine> = {}): ReturnableLine => ({
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
  returned: 8,
  returnable: 2,
  ...overrides,
})
const DRAFT: ReturnDraft = {
  outboxId: 'ob_7',
  orderIds: ['o1'],
  request: {
    lines: [{ orderId: 'o1', orderLineId: 'ol1', quantity: 5 }],
    reason: 'other',
    reasonText: '包装破损',
    remark: '请上门取件',
  },
  error: { code: 'return.quantityAboveReturnable', params: { returnable: 2, sku: 'SKU-1' } },
}
const REFUSED_RETURN: OutboxEntry = {
  id: 'ob_7',
  kind: 'return.submit',
  dealerId: 'd1',
  status: 'failed',
  createdAt: Date.UTC(2026, 10, 23),
  attempts: 1,
  summary: { lines: 1, amount: null, reference: null },
  lastError: DRAFT.error!,
}

function router() {
  const view = { template: '<div />' }
  return createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/outbox', component: view },
      { path: '/returns/new', component: ReturnCreateView },
      { path: '/:any(.*)', component: view },
    ],
  })
}

async function mountCreate(draft: ReturnDraft | null, language: 'zh-CN' | 'en-US' = 'zh-CN') {
  const create = vi.fn(() =>
    ok({ outboxId: 'ob_7', state: 'sent' as const, return: { id: 'r1', number: 'RT1' } }),
  )
  const draftCall = vi.fn(() => ok(draft))
  const returnableLines = vi.fn(() => ok([line()]))
  fakePortal({
    returns: {
      draft: draftCall,
      create,
      returnableLines,
      returnableOrders: vi.fn(() => ok([])),
      list: vi.fn(() => ok({ total: 0, items: [] })),
    },
  })
  const routing = router()
  await routing.push('/returns/new?fromOutbox=ob_7')
  const mounted = mountWithApp(ReturnCreateView, {
    language,
    mount: { global: { plugins: [routing] } },
  })
  await flushPromises()
  return { ...mounted, create, draftCall, returnableLines, routing }
}

describe('correcting a refused return', () => {
  it('offers Edit on a refused return in the outbox and opens the return form on it', async () => {
    fakePortal({
      outbox: {
        list: vi.fn(() => ok([REFUSED_RETURN])),
        counts: vi.fn(() => ok({ pending: 0, failed: 1 })),
      },
    })
    const routing = router()
    await routing.push('/outbox')
    const { wrapper } = mountWithApp(OutboxView, {
      language: 'en-US',
      mount: { global: { plugins: [routing] } },
    })
    await flushPromises()
    expect(wrapper.text()).toContain('Resubmit')
    await wrapper.get('[data-testid="outbox-edit-ob_7"]').trigger('click')
    await vi.waitFor(() =>
      expect(routing.currentRoute.value.fullPath).toBe('/returns/new?fromOutbox=ob_7'),
    )
  })

  it('offers Edit on a refused invoice request too, opening the invoice form on it', async () => {
    const refusedInvoice: OutboxEntry = {
      ...REFUSED_RETURN,
      id: 'ob_8',
      kind: 'invoiceRequest.submit',
      lastError: { code: 'invoice.amountAboveInvoiceable', params: { invoiceable: 100 } },
    }
    fakePortal({
      outbox: {
        list: vi.fn(() => ok([refusedInvoice])),
        counts: vi.fn(() => ok({ pending: 0, failed: 1 })),
      },
    })
    const routing = router()
    await routing.push('/outbox')
    const { wrapper } = mountWithApp(OutboxView, {
      language: 'zh-CN',
      mount: { global: { plugins: [routing] } },
    })
    await flushPromises()
    await wrapper.get('[data-testid="outbox-edit-ob_8"]').trigger('click')
    await vi.waitFor(() =>
      expect(routing.currentRoute.value.fullPath).toBe('/invoices/new?fromOutbox=ob_8'),
    )
  })

  it('starts from what was asked, says why it was refused, and resubmits the corrected return', async () => {
    const { wrapper, create, draftCall, returnableLines, routing } = await mountCreate(DRAFT)
    expect(draftCall).toHaveBeenCalledWith({ outboxId: 'ob_7' })
    expect(returnableLines).toHaveBeenCalledWith({ orderIds: ['o1'] })
    expect(wrapper.get('.return-create__title').text()).toBe('修改被拒绝的退货单')
    expect(wrapper.get('[data-testid="return-draft-refusal"]').text()).toContain('上次提交被拒绝')
    const quantity = wrapper.get('[data-testid="return-quantity-SKU-1"]')
    expect((quantity.element as HTMLInputElement).value).toBe('5')
    expect(wrapper.get('[data-testid="return-quantity-error"]').text()).toContain('2')
    expect(
      (wrapper.get('[data-testid="return-reason-text"]').element as HTMLInputElement).value,
    ).toBe('包装破损')
    const remark = wrapper.get('[data-testid="return-remark"]')
    expect(
      (
        (remark.element.tagName === 'TEXTAREA' ? remark : remark.get('textarea'))
          .element as HTMLTextAreaElement
      ).value,
    ).toBe('请上门取件')

    await quantity.setValue('2')
    await wrapper.get('[data-testid="return-form"]').trigger('submit')
    await answerConfirm()
    await flushPromises()
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        lines: [{ orderId: 'o1', orderLineId: 'ol1', quantity: 2 }],
        reason: 'other',
        reasonText: '包装破损',
        remark: '请上门取件',
        replacesOutboxId: 'ob_7',
      }),
    )
    await vi.waitFor(() => expect(routing.currentRoute.value.path).toBe('/returns/r1'))
  })

  it('says so when the refused return is gone, and makes a new return instead', async () => {
    const { wrapper, create } = await mountCreate(null, 'en-US')
    expect(wrapper.get('[data-testid="return-draft-gone"]').text()).toContain(
      'no longer in the outbox',
    )
    expect(wrapper.get('.return-create__title').text()).toBe('New return')
    expect(create).not.toHaveBeenCalled()
  })
})
