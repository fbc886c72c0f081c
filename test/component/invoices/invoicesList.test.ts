import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { describe, expect, it, vi } from 'vitest'
import type { InvoiceRequestSummary } from '../../../shared/contract/invoices'
import { routes } from '../../../renderer/router'
import InvoicesView from '../../../renderer/views/invoices/InvoicesView.vue'
import { fakePortal, mountWithApp } from '../helpers'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const base = {
  type: 'vatGeneral' as const,
  title: '成都蓉泰',
  orderNumbers: ['SO202600000001'],
  invoiceNumber: null,
  createdAt: Date.UTC(2026, 10, 20),
}
const items: InvoiceRequestSummary[] = [
  {
    ...base,
    id: 'ob_1',
    number: null,
    status: 'pending',
    amount: 4_000,
    title: '成都蓉泰离线开票',
    outbox: { state: 'pending', error: null },
  },
  {
    ...base,
    id: 'ob_2',
    number: null,
    status: 'pending',
    amount: 2_000,
    outbox: { state: 'failed', error: { code: 'invoice.amountAboveInvoiceable' } },
  },
  {
    ...base,
    id: 'inv_1',
    number: 'KP202600000001',
    status: 'issued',
    amount: 10_000,
    invoiceNumber: '04419999',
    outbox: null,
  },
]

async function mountList(language: 'zh-CN' | 'en-US') {
  let outboxChanged: (() => void) | undefined
  const list = vi.fn(() => ok({ total: items.length, items }))
  fakePortal({
    invoices: { list },
    onOutboxChanged: vi.fn((listener: () => void) => {
      outboxChanged = listener
      return () => undefined
    }),
  } as never)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push('/invoices')
  const mounted = mountWithApp(InvoicesView, { language, mount: { global: { plugins: [router] } } })
  await flushPromises()
  return { ...mounted, router, list, outboxChanged: () => outboxChanged?.() }
}

describe('invoice request list', () => {
  it('shows requests waiting in the outbox on top, without a number, and marks a refused one', async () => {
    for (const [language, waiting, noNumber, refused] of [
      ['zh-CN', '待发送', '（尚未发送）', '已被拒绝'],
      ['en-US', 'Waiting to be sent', '(not sent yet)', 'Refused'],
    ] as const) {
      const { wrapper } = await mountList(language)
      const pending = wrapper.get('[data-testid="invoice-row-pending-ob_1"]').element.closest('tr')!
      expect(pending.textContent).toContain(noNumber)
      expect(pending.textContent).toContain(waiting)
      expect(pending.textContent).toContain('成都蓉泰离线开票')
      expect(pending.textContent).not.toContain(refused)
      expect(
        wrapper.get('[data-testid="invoice-row-pending-ob_2"]').element.closest('tr')!.textContent,
      ).toContain(refused)
      expect(
        wrapper.get('[data-testid="invoice-row-KP202600000001"]').element.closest('tr')!
          .textContent,
      ).toContain('04419999')
      wrapper.unmount()
    }
  })

  it('opens the outbox for a waiting request and the detail for a cached one; reloads on outbox changes', async () => {
    const { wrapper, router, list, outboxChanged } = await mountList('zh-CN')
    await wrapper.get('[data-testid="invoice-row-pending-ob_1"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/outbox'))
    await wrapper.get('[data-testid="invoice-row-KP202600000001"]').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/invoices/inv_1'))
    const calls = list.mock.calls.length
    outboxChanged()
    await flushPromises()
    expect(list.mock.calls.length).toBe(calls + 1)
  })
})
