import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DocumentStatusChange, SubmissionAccepted } from '../../../shared/contract'
import type { OrderStatusChange } from '../../../shared/contract/orders'
import type { ApprovalsArrived } from '../../../shared/contract/approvals'
import { awaitingSubmission } from '../../../renderer/composables/awaitedSubmissions'
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

describe('toasts that lead somewhere', () => {
  function setUpLeading(language: 'zh-CN' | 'en-US' = 'zh-CN') {
    const listeners: {
      accepted?: (accepted: SubmissionAccepted) => void
      returns?: (change: DocumentStatusChange) => void
      invoices?: (change: DocumentStatusChange) => void
      approvals?: (arrived: ApprovalsArrived) => void
    } = {}
    fakePortal({
      app: {
        info: vi.fn(() =>
          Promise.resolve({ ok: true as const, data: { runtime: 'electron' } as never }),
        ),
      },
      onOrdersStatusChanged: vi.fn(() => () => undefined),
      onOutboxAccepted: vi.fn((listener) => {
        listeners.accepted = listener
        return () => undefined
      }),
      onReturnsStatusChanged: vi.fn((listener) => {
        listeners.returns = listener
        return () => undefined
      }),
      onInvoicesStatusChanged: vi.fn((listener) => {
        listeners.invoices = listener
        return () => undefined
      }),
      onApprovalsArrived: vi.fn((listener) => {
        listeners.approvals = listener
        return () => undefined
      }),
    })
    setActivePinia(createPinia())
    const session = useSessionStore()
    session.state.dealerId = 'd_sh'
    session.state.user = { account: 'agent.li' } as never
    const open = vi.fn()
    const stop = followOrderStatusChanges(createAppI18n(language), open)
    const accepted = (overrides: Partial<SubmissionAccepted> = {}) =>
      listeners.accepted!({
        dealerId: 'd_sh',
        account: 'agent.li',
        kind: 'order.submit',
        idempotencyKey: 'k1',
        document: { id: 'ord-9', number: 'SO202612030009' },
        ...overrides,
      })
    const change = (overrides: Partial<DocumentStatusChange> = {}) => ({
      dealerId: 'd_sh',
      id: 'r1',
      number: 'RT202612030001',
      from: 'received',
      to: 'refunded',
      ...overrides,
    })
    return { listeners, accepted, change, open, stop }
  }

  const link = (testId: string) =>
    document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`)

  it('an order that waited in the outbox is accepted: a toast with its number opens the order (desktop too)', async () => {
    const { accepted, open, stop } = setUpLeading()
    accepted()
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('待发送的订单已被接受：订单 SO202612030009'),
    )
    expect(link('toast-accepted-link')!.textContent).toBe('查看')
    link('toast-accepted-link')!.click()
    expect(open).toHaveBeenCalledWith('/orders/ord-9')
    stop()
  })

  it('says nothing for the submission a screen still waits for, nor for another user', async () => {
    const { accepted, stop } = setUpLeading('en-US')
    let release: () => void = () => undefined
    const waiting = awaitingSubmission(
      'k-wait',
      () => new Promise<void>((resolve) => (release = resolve)),
    )
    accepted({ idempotencyKey: 'k-wait', document: { id: 'o1', number: 'SO-WAITED' } })
    accepted({ account: 'sh.admin', document: { id: 'o2', number: 'SO-OTHER' } })
    release()
    await waiting
    // Once the screen stopped waiting (queued), its later acceptance is announced.
    accepted({
      idempotencyKey: 'k-wait',
      kind: 'return.submit',
      document: { id: 'r7', number: 'RT7' },
    })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain(
        'The return that was waiting was accepted: return RT7',
      ),
    )
    // Another of the user's dealers: said, but with no link (its documents are not on screen).
    accepted({ dealerId: 'd_cd', idempotencyKey: 'k-cd', document: { id: 'o3', number: 'SO-CD' } })
    await vi.waitFor(() => expect(document.body.textContent).toContain('order SO-CD'))
    const other = [...document.body.querySelectorAll('.el-notification')].find((toast) =>
      toast.textContent?.includes('SO-CD'),
    )!
    expect(other.querySelector('a')).toBeNull()
    expect(document.body.textContent).not.toContain('SO-WAITED')
    expect(document.body.textContent).not.toContain('SO-OTHER')
    stop()
  })

  it('a return refunded and an invoice issued raise toasts that open them; other changes do not', async () => {
    const { listeners, change, open, stop } = setUpLeading('en-US')
    listeners.returns!(change())
    listeners.invoices!(
      change({ id: 'iv1', number: 'IV202612030001', from: 'under_review', to: 'issued' }),
    )
    listeners.returns!(change({ number: 'RT-APPROVED', from: 'under_review', to: 'approved' }))
    listeners.invoices!(change({ dealerId: 'd_cd', number: 'IV-OTHER-DEALER', to: 'issued' }))
    await vi.waitFor(() => {
      expect(document.body.textContent).toContain('Return RT202612030001 has been refunded')
      expect(document.body.textContent).toContain(
        'Invoice request IV202612030001: the invoice has been issued',
      )
    })
    expect(document.body.textContent).not.toContain('RT-APPROVED')
    expect(document.body.textContent).not.toContain('IV-OTHER-DEALER')
    link('toast-return-link')!.click()
    expect(open).toHaveBeenCalledWith('/returns/r1')
    link('toast-invoice-link')!.click()
    expect(open).toHaveBeenCalledWith('/invoices/iv1')
    stop()
  })

  it('new orders awaiting approval raise a toast that opens the queue, in both languages', async () => {
    const zh = setUpLeading()
    zh.listeners.approvals!({
      dealerId: 'd_sh',
      orders: [{ id: 'ho1', number: 'HO202612030001', createdBy: '李强' }],
    })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('李强 的订单 HO202612030001 待您审批'),
    )
    expect(link('toast-approvals-link')!.textContent).toBe('查看')
    link('toast-approvals-link')!.click()
    expect(zh.open).toHaveBeenCalledWith('/approvals')
    zh.stop()
    document.body.innerHTML = ''

    const en = setUpLeading('en-US')
    en.listeners.approvals!({
      dealerId: 'd_cd',
      orders: [{ id: 'x', number: 'HO-CD', createdBy: 'x' }],
    })
    en.listeners.approvals!({
      dealerId: 'd_sh',
      orders: [
        { id: 'ho2', number: 'HO2', createdBy: 'Li' },
        { id: 'ho3', number: 'HO3', createdBy: 'Li' },
      ],
    })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('2 new orders await your approval'),
    )
    // Another dealer's orders are not on screen: nothing said.
    expect(document.body.textContent).not.toContain('HO-CD')
    link('toast-approvals-link')!.click()
    expect(en.open).toHaveBeenCalledWith('/approvals')
    en.stop()
  })
})
