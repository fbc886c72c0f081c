import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { OrderStatusChange } from '../../../shared/contract/orders'
import { followOrderStatusChanges } from '../../../renderer/composables/orderStatusToasts'
import { createAppI18n } from '../../../renderer/i18n'
import { useSessionStore } from '../../../renderer/stores/session'
import { fakePortal } from '../helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

function setUp(runtime: 'web' | 'electron', language: 'zh-CN' | 'en-US' = 'zh-CN') {
  let push: (change: OrderStatusChange) => void = () => undefined
  fakePortal({
    app: { info: vi.fn(() => Promise.resolve({ ok: true as const, data: { runtime } as never })) },
    onOrdersStatusChanged: vi.fn((listener: (change: OrderStatusChange) => void) => {
      push = listener
      return () => undefined
    }),
    onDataChanged: vi.fn(() => () => undefined),
    onOutboxChanged: vi.fn(() => () => undefined),
  })
  setActivePinia(createPinia())
  useSessionStore().state.dealerId = 'd_sh'
  const stop = followOrderStatusChanges(createAppI18n(language))
  return {
    push: (change: Partial<OrderStatusChange>) =>
      push({
        dealerId: 'd_sh',
        orderId: 'o1',
        number: 'SO1',
        from: 'confirmed',
        to: 'delivered',
        ...change,
      }),
    stop,
  }
}

describe('order status toasts', () => {
  it('in the browser, shows the change in the UI language', async () => {
    const { push, stop } = setUp('web')
    await Promise.resolve()
    push({ number: 'SO202611200001' })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('订单 SO202611200001 已发货'),
    )
    stop()
  })

  it('in the desktop app, leaves it to the native notification; other dealers are ignored', async () => {
    const desktop = setUp('electron', 'en-US')
    await Promise.resolve()
    desktop.push({})
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(document.body.textContent).not.toContain('Order SO1')
    desktop.stop()
    const web = setUp('web', 'en-US')
    await Promise.resolve()
    web.push({ dealerId: 'd_cd' })
    web.push({ number: 'SO2', to: 'confirmed' })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('Order SO2 is now confirmed'),
    )
    expect(document.body.textContent).not.toContain('Order SO1')
    web.stop()
  })
})
