/**
 * Orders approved inside the dealer in the renderer: the queue with why each order is held,
 * approve (straight, or after reviewing changed prices), decline with a required reason, the
 * rule form (formatted ¥ amount in fen), the sidebar badge, and the orderer's declined order
 * with its reason and Edit in cart.
 */
import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Order } from '../../../shared/api'
import { SIGNED_OUT, type SessionState } from '../../../shared/contract'
import type { ApprovalRequote, ApprovalRuleView } from '../../../shared/contract/approvals'
import AppSidebar from '../../../renderer/components/layout/AppSidebar.vue'
import { routes } from '../../../renderer/router'
import ApprovalsView from '../../../renderer/views/approvals/ApprovalsView.vue'
import OrderDetailView from '../../../renderer/views/orders/OrderDetailView.vue'
import { fakePortal, mountWithApp } from '../helpers'
import { orderDetail, orderRecord } from '../orders/orderFixtures'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })

afterEach(() => {
  document.body.innerHTML = ''
})

const held: Order = orderRecord({
  id: 'o_held',
  number: 'SO202611200009',
  status: 'awaiting_approval',
  createdBy: '李强',
  approval: {
    reasons: ['amountAbove', 'orderer'],
    amountAbove: 100_000,
    orderedBy: 'u_agent_li',
    decidedBy: null,
    decidedAt: null,
    declineReason: null,
    priceChanges: [],
  },
})

const ruleState: ApprovalRuleView = {
  cachedAt: null,
  waiting: null,
  rule: { amountAbove: 123_456, ordererIds: [] },
  members: [
    { userId: 'u_agent_li', displayName: '李强', roles: ['orderer'] },
    { userId: 'u_sh_admin', displayName: '王芳', roles: ['admin'] },
  ],
  modifiedBy: '王芳',
  modifiedAt: Date.UTC(2026, 10, 20, 2, 0),
}

function signedInAs(roles: ('orderer' | 'admin' | 'accountant')[]): SessionState {
  return {
    ...SIGNED_OUT,
    status: 'signedIn',
    connectivity: 'online',
    dealerId: 'd_sh',
    dealers: [{ id: 'd_sh', code: 'SH', nameZh: '上海', nameEn: 'Shanghai', city: '上海', roles }],
  } as unknown as SessionState
}

function mountQueue(
  requote: ApprovalRequote,
  options: { offline?: boolean; cached?: boolean; portal?: object } = {},
) {
  const cached = { ...ruleState, cachedAt: Date.UTC(2026, 10, 21, 1, 30) }
  const approvals = {
    queue: vi.fn(() => ok({ items: [{ order: held, waiting: null }] })),
    count: vi.fn(() => ok({ count: 1 })),
    rule: vi.fn(() =>
      options.offline
        ? Promise.resolve({ ok: false as const, error: { code: 'upstream.unreachable' } })
        : ok(options.cached ? cached : ruleState),
    ),
    setRule: vi.fn((rule: ApprovalRuleView['rule']) =>
      ok(options.cached ? { ...cached, waiting: rule } : { ...ruleState, rule }),
    ),
    requote: vi.fn(() => ok(requote)),
    approve: vi.fn(() => ok({ outboxId: 'x1', state: 'sent' as const })),
    decline: vi.fn(() => ok({ outboxId: 'x2', state: 'pending' as const })),
  }
  fakePortal({ approvals, ...options.portal } as never)
  const router = createRouter({ history: createMemoryHistory(), routes })
  const mounted = mountWithApp(ApprovalsView, {
    language: 'en-US',
    mount: { global: { plugins: [router] } },
  })
  return { ...mounted, approvals }
}

const unchanged: ApprovalRequote = {
  orderId: 'o_held',
  total: held.total,
  newTotal: held.total,
  changes: [],
  problems: [],
}

/** The queue, with a way to tell it (as a sync would) which feeds changed. */
function mountFollowingSyncs() {
  let listener: (event: { feeds: string[] }) => void = () => undefined
  const mounted = mountQueue(unchanged, {
    portal: {
      onDataChanged: vi.fn((given: typeof listener) => {
        listener = given
        return () => undefined
      }),
    },
  })
  return { ...mounted, dataChanged: (event: { feeds: string[] }) => listener(event) }
}

describe('approvals queue', () => {
  it('lists held orders with why they are held, and approves one unchanged at once', async () => {
    const { wrapper, approvals } = mountQueue(unchanged)
    await flushPromises()
    const queue = wrapper.find('[data-testid="approvals-queue"]').text()
    expect(queue).toContain('SO202611200009')
    expect(queue).toContain('李强')
    expect(queue).toContain('Above CN¥1,000.00')
    expect(queue).toContain('Orderer needs approval')
    await wrapper.find('[data-testid="approval-approve"]').trigger('click')
    await flushPromises()
    expect(approvals.requote).toHaveBeenCalledWith({ id: 'o_held' })
    expect(approvals.approve).toHaveBeenCalledWith({ id: 'o_held' })
    expect(document.body.textContent).toContain(
      'Order SO202611200009 approved and sent to the manufacturer',
    )
  })

  it('shows changed prices line by line and approves at the new total', async () => {
    const line = held.lines[0]!
    const { wrapper, approvals } = mountQueue({
      ...unchanged,
      newTotal: held.total + line.quantity * 100,
      changes: [
        {
          productId: line.productId,
          quantity: line.quantity,
          before: line.unitPrice,
          after: line.unitPrice + 100,
        },
      ],
    })
    await flushPromises()
    await wrapper.find('[data-testid="approval-approve"]').trigger('click')
    await flushPromises()
    expect(approvals.approve).not.toHaveBeenCalled()
    const dialog = document.body.querySelector('[data-testid="approval-requote"]')
    expect(dialog?.textContent).toContain(`${line.sku} ${line.nameEn}`)
    expect(dialog?.textContent).toContain('CN¥46.00')
    expect(dialog?.textContent).toContain('CN¥47.00')
    ;(
      document.body.querySelector('[data-testid="approval-approve-new-prices"]') as HTMLElement
    ).click()
    await flushPromises()
    expect(approvals.approve).toHaveBeenCalledWith({
      id: 'o_held',
      expectedTotal: held.total + line.quantity * 100,
    })
  })

  it('declines only with a reason, and says when the decline waits to be sent', async () => {
    const { wrapper, approvals } = mountQueue(unchanged)
    await flushPromises()
    await wrapper.find('[data-testid="approval-decline"]').trigger('click')
    await flushPromises()
    const confirm = () =>
      (
        document.body.querySelector('[data-testid="approval-decline-confirm"]') as HTMLElement
      ).click()
    confirm()
    await flushPromises()
    expect(approvals.decline).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('Write the reason for the orderer.')
    // Element Plus puts the attributes on the native textarea.
    const input = document.body.querySelector(
      'textarea[data-testid="approval-decline-reason"]',
    ) as HTMLTextAreaElement
    input.value = 'Over this month’s budget'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    confirm()
    await flushPromises()
    expect(approvals.decline).toHaveBeenCalledWith({
      id: 'o_held',
      reason: 'Over this month’s budget',
    })
    expect(document.body.textContent).toContain(
      'Saved: it will be sent when the server is reachable',
    )
  })

  it('edits the rule: the ¥ amount is formatted, refused when invalid, saved in fen', async () => {
    const { wrapper, approvals } = mountQueue(unchanged)
    await flushPromises()
    const amount = wrapper.find('input[data-testid="approval-rule-amount"]')
    expect((amount.element as HTMLInputElement).value).toBe('1,234.56')
    expect(wrapper.find('[data-testid="approval-rule"]').text()).toContain('Last changed by 王芳')
    await amount.setValue('12.345')
    await wrapper.find('[data-testid="approval-rule-save"]').trigger('submit')
    await flushPromises()
    expect(approvals.setRule).not.toHaveBeenCalled()
    await amount.setValue('￥20,000')
    await amount.trigger('blur')
    expect((amount.element as HTMLInputElement).value).toBe('20,000.00')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(approvals.setRule).toHaveBeenCalledWith({ amountAbove: 2_000_000, ordererIds: [] })
  })

  it('says the rule needs the server when offline and never synced', async () => {
    const { wrapper } = mountQueue(unchanged, { offline: true })
    await flushPromises()
    expect(wrapper.find('[data-testid="approval-rule-offline"]').text()).toContain(
      'The approval rule has not been synced to this computer yet',
    )
  })

  it('keeps the change that waits when an older, slow read of the rule answers after the save', async () => {
    let sessionChanged: () => void = () => undefined
    const { wrapper, approvals } = mountQueue(unchanged, {
      cached: true,
      portal: {
        onSessionChanged: vi.fn((listener: () => void) => {
          sessionChanged = listener
          return () => undefined
        }),
      },
    })
    await flushPromises()
    // Going offline reads the rule again; that read answers only after the save.
    let answer: (value: unknown) => void = () => undefined
    approvals.rule.mockImplementationOnce(
      () =>
        new Promise<unknown>((resolve) => {
          answer = resolve
        }) as never,
    )
    sessionChanged()
    await wrapper.find('input[data-testid="approval-rule-amount"]').setValue('500')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    answer({ ok: true, data: { ...ruleState, cachedAt: 1, waiting: null } })
    await flushPromises()
    expect(wrapper.find('[data-testid="approval-rule-waiting"]').exists()).toBe(true)
    const amount = wrapper.find('input[data-testid="approval-rule-amount"]')
    expect((amount.element as HTMLInputElement).value).toBe('500.00')
  })

  it('keeps the saved rule when a sync’s read of the rule, sent during the save, answers the rule before it', async () => {
    const { wrapper, approvals, dataChanged } = mountFollowingSyncs()
    await flushPromises()
    const later = ruleState.modifiedAt! + 60_000
    const saved = { ...ruleState, rule: { amountAbove: 50_000, ordererIds: [] }, modifiedAt: later }
    const amount = () =>
      (wrapper.find('input[data-testid="approval-rule-amount"]').element as HTMLInputElement).value

    // 1. The read answers first (the gateway read the rule before the save reached it).
    let answerSave: (value: unknown) => void = () => undefined
    approvals.setRule.mockImplementationOnce(
      () => new Promise<unknown>((resolve) => (answerSave = resolve)) as never,
    )
    await wrapper.find('input[data-testid="approval-rule-amount"]').setValue('500')
    await wrapper.find('form').trigger('submit')
    dataChanged({ feeds: ['approvalRule'] })
    await flushPromises()
    answerSave({ ok: true, data: saved })
    await flushPromises()
    expect(amount()).toBe('500.00')

    // 2. The read answers last, with the rule before the save.
    let answerRead: (value: unknown) => void = () => undefined
    approvals.rule.mockImplementationOnce(
      () => new Promise<unknown>((resolve) => (answerRead = resolve)) as never,
    )
    await wrapper.find('input[data-testid="approval-rule-amount"]').setValue('600')
    approvals.setRule.mockImplementationOnce(() =>
      ok({ ...saved, rule: { amountAbove: 60_000, ordererIds: [] }, modifiedAt: later + 1 }),
    )
    dataChanged({ feeds: ['approvalRule'] })
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    answerRead({ ok: true, data: ruleState })
    await flushPromises()
    expect(amount()).toBe('600.00')

    // 3. A read of a newer rule (changed elsewhere since) is shown.
    approvals.rule.mockImplementationOnce(() =>
      ok({ ...ruleState, rule: { amountAbove: 70_000, ordererIds: [] }, modifiedAt: later + 2 }),
    )
    dataChanged({ feeds: ['approvalRule'] })
    await flushPromises()
    expect(amount()).toBe('700.00')
  })

  it('leaves what the admin is typing alone when a sync reads the same rule again', async () => {
    const { wrapper, approvals, dataChanged } = mountFollowingSyncs()
    approvals.rule.mockImplementation(() =>
      ok({ ...ruleState, rule: { amountAbove: null, ordererIds: [] } }),
    )
    dataChanged({ feeds: ['approvalRule'] })
    await flushPromises()
    const input = () =>
      wrapper.find('input[data-testid="approval-rule-amount"]').element as HTMLInputElement
    expect(input().disabled).toBe(true)
    await wrapper.find('[data-testid="approval-rule-amount-enabled"] input').setValue(true)
    await wrapper.find('input[data-testid="approval-rule-amount"]').setValue('1')
    // The first sync after sign-in brings the rule (the same one) while the admin types.
    dataChanged({ feeds: ['approvalRule'] })
    await flushPromises()
    expect(approvals.rule).toHaveBeenCalledTimes(3)
    expect(input().disabled).toBe(false)
    expect(input().value).toBe('1')
    // Another rule (changed elsewhere) replaces the form.
    approvals.rule.mockImplementation(() =>
      ok({ ...ruleState, rule: { amountAbove: 20_000, ordererIds: [] } }),
    )
    dataChanged({ feeds: ['approvalRule'] })
    await flushPromises()
    expect(input().value).toBe('200.00')
  })

  it('offline, shows the synced rule and saves a change that waits to be sent', async () => {
    const { wrapper, approvals } = mountQueue(unchanged, { cached: true })
    await flushPromises()
    expect(wrapper.find('[data-testid="approval-rule-cached"]').text()).toContain(
      'Offline: this is the rule as last synced',
    )
    expect(wrapper.find('[data-testid="approval-rule-waiting"]').exists()).toBe(false)
    const amount = wrapper.find('input[data-testid="approval-rule-amount"]')
    expect((amount.element as HTMLInputElement).value).toBe('1,234.56')
    await amount.setValue('500')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(approvals.setRule).toHaveBeenCalledWith({ amountAbove: 50_000, ordererIds: [] })
    expect(wrapper.find('[data-testid="approval-rule-waiting"]').text()).toContain(
      'Your change to the rule waits to be sent.',
    )
    // The form shows the change that waits, not the synced rule.
    expect((amount.element as HTMLInputElement).value).toBe('500.00')
    expect(document.body.textContent).toContain(
      'Saved: the rule is changed when the server is reachable',
    )
  })
})

describe('approvals badge', () => {
  it('shows how many orders await the admin', async () => {
    fakePortal({ approvals: { count: vi.fn(() => ok({ count: 2 })) } } as never)
    const router = createRouter({ history: createMemoryHistory(), routes })
    const { wrapper } = mountWithApp(AppSidebar, {
      mount: { global: { plugins: [router] } },
      pinia: { initialState: { session: { state: signedInAs(['admin']), ready: true } } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="nav-approvals"]').text()).toContain('订单审批')
    expect(wrapper.find('[data-testid="approvals-badge"]').text()).toBe('2')
  })
})

describe("the orderer's declined order", () => {
  it('shows who declined it and why, and puts it back into the cart', async () => {
    const detail = orderDetail({
      status: 'declined',
      approval: {
        ...held.approval!,
        decidedBy: '王芳',
        decidedAt: Date.UTC(2026, 10, 21, 1, 0),
        declineReason: '超出本月预算',
      },
    })
    const openDeclinedOrder = vi.fn(() =>
      ok({ cart: { dealerId: 'd_sh', lines: [] }, adjusted: [], refused: [] }),
    )
    fakePortal({
      orders: { get: vi.fn(() => ok(detail)) },
      cart: { openDeclinedOrder },
    } as never)
    const router = createRouter({ history: createMemoryHistory(), routes })
    const push = vi.spyOn(router, 'push')
    const { wrapper } = mountWithApp(OrderDetailView, {
      mount: { props: { id: detail.order.id }, global: { plugins: [router] } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="order-status"]').text()).toBe('审批未通过')
    expect(wrapper.find('[data-testid="order-decline-reason"]').text()).toContain(
      '王芳 于 2026/11/21 09:00 驳回：超出本月预算',
    )
    await wrapper.find('[data-testid="order-edit-in-cart"]').trigger('click')
    await flushPromises()
    expect(openDeclinedOrder).toHaveBeenCalledWith({ id: detail.order.id })
    expect(push).toHaveBeenCalledWith('/cart')
  })

  it('tells the orderer an order waits for the approval, with no decision buttons', async () => {
    fakePortal({ orders: { get: vi.fn(() => ok(orderDetail({ ...held }))) } } as never)
    const router = createRouter({ history: createMemoryHistory(), routes })
    const { wrapper } = mountWithApp(OrderDetailView, {
      mount: { props: { id: held.id }, global: { plugins: [router] } },
      pinia: { initialState: { session: { state: signedInAs(['orderer']), ready: true } } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="order-status"]').text()).toBe('待内部审批')
    expect(wrapper.find('[data-testid="order-approval-awaiting"]').text()).toContain(
      '等待本公司管理员审批',
    )
    expect(wrapper.find('[data-testid="approval-approve"]').exists()).toBe(false)
  })
})
