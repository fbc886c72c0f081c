/**
 * Statement confirmation (对账确认) in the account view: the state of an issued period, confirm
 * with a summary of the issued totals, dispute by ticking entries with notes, what changed since
 * issue, a submission waiting in the outbox; Home's link `?tab=statement&period=YYYY-MM` opens it.
 */
import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StatementPeriod, Transaction } from '../../../shared/api'
import type { StatementPeriodView, StatementView } from '../../../shared/contract/account'
import { chinaPeriodBounds } from '../../../shared/domain/chinaTime'
import { buildStatement } from '../../../shared/domain/statement'
import { routes } from '../../../renderer/router'
import StatementConfirmation from '../../../renderer/components/account/StatementConfirmation.vue'
import AccountView from '../../../renderer/views/account/AccountView.vue'
import { fakePortal, mountWithApp } from '../helpers'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const PERIOD = '2026-10'
const { from, to } = chinaPeriodBounds(PERIOD)

function transaction(index: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: `t${index}`,
    at: from + index * 3_600_000,
    accountType: 'deposit',
    type: 'topUp',
    amount: 10_000,
    lockedChange: 0,
    balanceAfter: 10_000 * index,
    availableAfter: 10_000 * index,
    documentType: 'topUp',
    documentId: null,
    documentNumber: `TX${index}`,
    note: null,
    ...overrides,
  }
}
const FLOW = [transaction(1), transaction(2)]

function record(overrides: Partial<StatementPeriod> = {}): StatementPeriod {
  return {
    period: PERIOD,
    status: 'issued',
    from,
    to,
    totals: [
      { accountType: 'deposit', opening: 0, closing: 20_000, totalIn: 20_000, totalOut: 0 },
      { accountType: 'rebate', opening: 500, closing: 500, totalIn: 0, totalOut: 0 },
    ],
    entries: FLOW.map((entry) => ({
      transactionId: entry.id,
      accountType: entry.accountType,
      amount: entry.amount,
    })),
    issuedBy: 'operator',
    issuedAt: to + 3_600_000,
    confirmedBy: null,
    confirmedAt: null,
    disputedBy: null,
    disputedAt: null,
    disputeNote: null,
    disputedEntries: [],
    resolvedBy: null,
    resolvedAt: null,
    resolution: null,
    modifiedAt: to + 3_600_000,
    ...overrides,
  }
}

function view(overrides: Partial<StatementPeriodView> = {}): StatementPeriodView {
  return {
    record: record(),
    changes: { added: [], removed: [], changed: [] },
    pending: null,
    ...overrides,
  }
}

const statement = (): StatementView => ({
  ...buildStatement(FLOW, { from, to }),
  crossCheck: { state: 'matches', differences: [] },
})

const $ = (selector: string) => document.body.querySelector<HTMLElement>(selector)
/** The input of an ElInput (its test id may sit on the wrapper or on the input itself). */
function field(testId: string): HTMLInputElement {
  const found = $(`[data-testid="${testId}"]`)!
  return (
    found.matches('input, textarea') ? found : found.querySelector('input, textarea')!
  ) as HTMLInputElement
}

afterEach(() => {
  document.body.innerHTML = ''
})

function mountPanel(periodView: StatementPeriodView, language: 'zh-CN' | 'en-US' = 'en-US') {
  const confirmStatement = vi.fn(() => ok({ outboxId: 'o1', state: 'pending' as const }))
  const disputeStatement = vi.fn(() => ok({ outboxId: 'o2', state: 'sent' as const }))
  const statementPeriods = vi.fn(() => ok([periodView]))
  fakePortal({ account: { confirmStatement, disputeStatement, statementPeriods } } as never)
  const mounted = mountWithApp(StatementConfirmation, {
    language,
    mount: { props: { view: periodView, statement: statement() }, attachTo: document.body },
  })
  return { ...mounted, confirmStatement, disputeStatement, statementPeriods }
}

describe('statement confirmation', () => {
  it('an issued statement is confirmed after a summary of the issued totals', async () => {
    const { wrapper, confirmStatement } = mountPanel(view())
    expect(wrapper.find('[data-testid="statement-status-issued"]').text()).toContain(
      'Awaiting your confirmation',
    )
    expect(wrapper.find('[data-testid="statement-issued-by"]').text()).toContain(
      'Issued by operator on 11/01/2026',
    )
    await wrapper.find('[data-testid="statement-confirm"]').trigger('click')
    await flushPromises()
    expect($('[data-testid="statement-confirm-totals-deposit"]')?.textContent).toContain('¥200.00')
    expect($('[data-testid="statement-confirm-dialog"]')?.textContent).toContain('2 movements')
    $('[data-testid="statement-confirm-submit"]')!.click()
    await flushPromises()
    expect(confirmStatement).toHaveBeenCalledWith({ period: PERIOD })
  })

  it('a dispute ticks entries, each with its note, and needs a general note', async () => {
    const { wrapper, disputeStatement } = mountPanel(view(), 'zh-CN')
    await wrapper.find('[data-testid="statement-dispute"]').trigger('click')
    await flushPromises()
    const submit = $('[data-testid="statement-dispute-submit"]') as HTMLButtonElement
    expect(submit.disabled).toBe(true)
    expect($('[data-testid="statement-dispute-row-t2"]')?.textContent).toContain('TX2')
    field('statement-dispute-check-t2').click()
    await flushPromises()
    const note = field('statement-dispute-note-t2')
    note.value = '未到账'
    note.dispatchEvent(new Event('input'))
    const general = field('statement-dispute-general')
    general.value = '十月充值有误'
    general.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(submit.disabled).toBe(false)
    submit.click()
    await flushPromises()
    expect(disputeStatement).toHaveBeenCalledWith({
      period: PERIOD,
      note: '十月充值有误',
      entries: [{ transactionId: 't2', note: '未到账' }],
    })
  })

  it('shows what changed since issue', () => {
    const { wrapper } = mountPanel(
      view({ changes: { added: ['t2'], removed: ['t9'], changed: [] } }),
    )
    const changed = wrapper.find('[data-testid="statement-changed"]')
    expect(changed.text()).toContain('1 added, 1 removed, 0 changed')
    expect(wrapper.find('[data-testid="statement-change-t2"]').text()).toMatch(
      /^Added since issue: TX2/,
    )
    expect(wrapper.find('[data-testid="statement-change-t9"]').text()).toContain('t9')
  })

  it('a confirmation waiting in the outbox replaces the actions; a refused one says why', () => {
    const waiting = mountPanel(
      view({ pending: { kind: 'confirm', state: 'pending', error: null } }),
    ).wrapper
    expect(waiting.find('[data-testid="statement-pending"]').text()).toBe(
      'Your confirmation is saved and waits in the outbox to be sent.',
    )
    expect(waiting.find('[data-testid="statement-confirm"]').exists()).toBe(false)
    const refused = mountPanel(
      view({
        pending: {
          kind: 'confirm',
          state: 'failed',
          error: {
            code: 'statement.changedSinceIssued',
            params: { added: 1, removed: 0, changed: 0, transactionIds: 't3' },
          },
        },
      }),
    ).wrapper
    expect(refused.find('[data-testid="statement-refused"]').text()).toContain(
      'The statement changed after it was issued (1 added, 0 removed, 0 changed)',
    )
    expect(refused.find('[data-testid="statement-confirm"]').exists()).toBe(true)
  })

  it('a confirmed statement says by whom and when, with no actions', () => {
    const { wrapper } = mountPanel(
      view({
        record: record({ status: 'confirmed', confirmedBy: '张敏', confirmedAt: to + 86_400_000 }),
      }),
      'zh-CN',
    )
    expect(wrapper.find('[data-testid="statement-confirmed-by"]').text()).toBe(
      '张敏 于 2026/11/02 00:00 确认',
    )
    expect(wrapper.find('[data-testid="statement-confirm"]').exists()).toBe(false)
  })
})

describe('account view with an issued period', () => {
  it("opens Home's link on the period, shows its state and marks disputed rows", async () => {
    const disputed = view({
      record: record({
        status: 'disputed',
        disputedBy: '张敏',
        disputedAt: to + 7_200_000,
        disputeNote: '有误',
        disputedEntries: [{ transactionId: 't1', note: '重复' }],
      }),
    })
    const statementCall = vi.fn(() => ok(statement()))
    fakePortal({
      account: {
        balances: vi.fn(() => ok(null)),
        transactions: vi.fn(() => ok({ total: 0, items: [] })),
        statement: statementCall,
        statementPeriods: vi.fn(() => ok([disputed])),
      },
      sync: { status: vi.fn(() => ok(null)) },
    } as never)
    const router = createRouter({ history: createMemoryHistory(), routes })
    await router.push(`/account?tab=statement&period=${PERIOD}`)
    const session = {
      status: 'signedIn',
      user: null,
      dealers: [
        {
          id: 'd_cd',
          code: 'CD',
          nameZh: '成都',
          nameEn: 'Chengdu',
          city: '成都',
          roles: ['accountant'],
        },
      ],
      dealerId: 'd_cd',
      server: null,
      connectivity: 'online',
    }
    const { wrapper } = mountWithApp(AccountView, {
      language: 'en-US',
      pinia: { initialState: { session: { state: session } } },
      mount: { global: { plugins: [router] } },
    })
    await flushPromises()
    expect(statementCall).toHaveBeenCalledWith({ from, to })
    expect(wrapper.find('[data-testid="statement-status-disputed"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="statement-disputed-by"]').text()).toContain(
      'Dispute note: 有误',
    )
    expect(wrapper.find('[data-testid="statement-row-disputed-t1"]').text()).toBe('Disputed')
    expect(wrapper.find('[data-testid="statement-row-disputed-t2"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="statement-confirm"]').exists()).toBe(false)
  }, 30_000)
})
