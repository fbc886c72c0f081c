import { flushPromises } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Balances, Role, Transaction } from '../../../shared/api'
import type { StatementView, TransactionListPage } from '../../../shared/contract/account'
import { buildStatement } from '../../../shared/domain/statement'
import { routes } from '../../../renderer/router'
import AccountView from '../../../renderer/views/account/AccountView.vue'
import AccountStatementPanel from '../../../renderer/components/account/AccountStatementPanel.vue'
import AccountBalanceCards from '../../../renderer/components/account/AccountBalanceCards.vue'
import { fakePortal, mountWithApp } from '../helpers'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const AT = Date.UTC(2026, 9, 10, 2)

const BALANCES: Balances = {
  asOf: AT,
  deposit: { balance: 1_000_000, available: 800_000, locked: 200_000 },
  rebate: {
    balance: 50_000,
    available: 50_000,
    locked: 0,
    rule: { minOrderAmount: 100_000, maxAmount: 20_000, maxPercent: 10 },
  },
  credit: {
    limit: 500_000,
    occupied: 120_000,
    available: 380_000,
    terms: { days: 30, descriptionZh: '月结30天', descriptionEn: 'Net 30' },
  },
}

function transaction(index: number, overrides: Partial<Transaction> = {}): Transaction {
  return {
    id: `t${String(index).padStart(6, '0')}`,
    at: AT + index * 60_000,
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

function statementView(
  transactions: Transaction[],
  crossCheck: StatementView['crossCheck']['state'] = 'matches',
): StatementView {
  return {
    ...buildStatement(transactions, { from: AT, to: AT + 86_400_000 }),
    crossCheck: { state: crossCheck, differences: [] },
  }
}

afterEach(() => {
  document.body.innerHTML = ''
})

function mountView(
  roles: Role[],
  page: TransactionListPage = { total: 0, items: [] },
  language: 'zh-CN' | 'en-US' = 'zh-CN',
) {
  const transactions = vi.fn(() => ok(page))
  const statement = vi.fn(() => ok(statementView(page.items)))
  const portal = fakePortal({
    account: {
      balances: vi.fn(() => ok(BALANCES)),
      transactions,
      statement,
      statementPeriods: vi.fn(() => ok([])),
    },
    sync: { status: vi.fn(() => ok(null)) },
  } as never)
  const router = createRouter({ history: createMemoryHistory(), routes })
  const session = {
    status: 'signedIn',
    user: null,
    dealers: [{ id: 'd_cd', code: 'CD', nameZh: '成都', nameEn: 'Chengdu', city: '成都', roles }],
    dealerId: 'd_cd',
    server: null,
    connectivity: 'online',
  }
  const mounted = mountWithApp(AccountView, {
    language,
    pinia: { initialState: { session: { state: session } } },
    mount: { global: { plugins: [router] } },
  })
  return { ...mounted, portal, transactions, statement }
}

describe('account balances', () => {
  it('shows the three accounts and the rebate rule in words', () => {
    const { wrapper } = mountWithApp(AccountBalanceCards, {
      language: 'zh-CN',
      mount: { props: { balances: BALANCES } },
    })
    expect(wrapper.find('[data-testid="deposit-locked"]').text()).toBe('¥2,000.00')
    expect(wrapper.find('[data-testid="credit-available"]').text()).toBe('¥3,800.00')
    expect(wrapper.find('[data-testid="rebate-rule"]').text()).toBe(
      '订单金额满 ¥1,000.00 可用返利；每单最多 ¥200.00；不超过订单金额的 10%',
    )
    expect(wrapper.find('[data-testid="credit-terms"]').text()).toContain('月结30天')
  })

  it('words a rule without limits, and no rule, in English', () => {
    const open = {
      ...BALANCES,
      rebate: {
        ...BALANCES.rebate,
        rule: { minOrderAmount: null, maxAmount: null, maxPercent: null },
      },
    }
    const { wrapper } = mountWithApp(AccountBalanceCards, {
      language: 'en-US',
      mount: { props: { balances: open } },
    })
    expect(wrapper.find('[data-testid="rebate-rule"]').text()).toBe(
      'rebate may pay the whole order',
    )
    const none = mountWithApp(AccountBalanceCards, {
      language: 'en-US',
      mount: { props: { balances: { ...BALANCES, rebate: { ...BALANCES.rebate, rule: null } } } },
    })
    expect(none.wrapper.find('[data-testid="rebate-rule"]').text()).toBe(
      'No rebate rule is active.',
    )
  })
})

describe('account balances: credit terms in words', () => {
  it('reads the payment terms in the singular for one day (English plural forms)', () => {
    const terms = (days: number, language: 'zh-CN' | 'en-US') =>
      mountWithApp(AccountBalanceCards, {
        language,
        mount: {
          props: {
            balances: {
              ...BALANCES,
              credit: {
                ...BALANCES.credit,
                terms: { days, descriptionZh: '', descriptionEn: '' },
              },
            },
          },
        },
      })
        .wrapper.find('[data-testid="credit-terms"]')
        .text()
    expect(terms(1, 'en-US')).toContain('1 day')
    expect(terms(1, 'en-US')).not.toContain('days')
    expect(terms(30, 'en-US')).toContain('30 days')
    expect(terms(30, 'zh-CN')).toContain('账期 30 天')
  })
})

describe('account view', () => {
  it('an orderer sees the balances and a note instead of the flow', async () => {
    const { wrapper, transactions } = mountView(['orderer'])
    await flushPromises()
    expect(wrapper.find('[data-testid="deposit-balance"]').text()).toBe('¥10,000.00')
    expect(wrapper.find('[data-testid="account-accountants-only"]').text()).toBe(
      '收支流水和对账单仅对财务和管理员开放。',
    )
    expect(transactions).not.toHaveBeenCalled()
  })

  it('an accountant sees the flow with translated types and document links, and filters it', async () => {
    const items = [
      transaction(2, {
        type: 'orderDeduction',
        amount: -5_000,
        documentType: 'order',
        documentId: 'o_9',
        documentNumber: 'SO9',
      }),
      transaction(1),
    ]
    const { wrapper, transactions } = mountView(['accountant'], { total: 2, items })
    await flushPromises()
    expect(wrapper.find('[data-testid="flow-count"]').text()).toBe('共 2 条')
    const order = wrapper.find('[data-testid="flow-row-t000002"]')
    expect(order.find('[data-testid="flow-type"]').text()).toBe('订单扣款')
    expect(order.find('a[data-testid="flow-document-link"]').attributes('href')).toBe('/orders/o_9')
    const topUp = wrapper.find('[data-testid="flow-row-t000001"]')
    expect(topUp.find('a').exists()).toBe(false)
    expect(topUp.text()).toContain('TX1')

    const [accountSelect, typeSelect] = wrapper.findAllComponents(ElSelect)
    accountSelect!.vm.$emit('update:modelValue', 'rebate')
    await flushPromises()
    expect(transactions).toHaveBeenLastCalledWith({ accountType: 'rebate', offset: 0, limit: 300 })
    typeSelect!.vm.$emit('update:modelValue', 'rebateGrant')
    await flushPromises()
    expect(transactions).toHaveBeenLastCalledWith({
      accountType: 'rebate',
      type: 'rebateGrant',
      offset: 0,
      limit: 300,
    })
  })
})

describe('statement panel', () => {
  it('shows opening, totals, closing and the reconciliation line', () => {
    const flow = [
      transaction(1),
      transaction(2),
      transaction(3, { amount: -4_000, type: 'orderDeduction', balanceAfter: 16_000 }),
    ]
    const { wrapper } = mountWithApp(AccountStatementPanel, {
      language: 'zh-CN',
      mount: { props: { statement: statementView(flow) } },
    })
    const deposit = wrapper.find('[data-testid="statement-deposit"]')
    expect(deposit.find('[data-testid="statement-opening"]').text()).toBe('¥0.00')
    expect(deposit.find('[data-testid="statement-total-in"]').text()).toBe('¥200.00')
    expect(deposit.find('[data-testid="statement-total-out"]').text()).toBe('-¥40.00')
    expect(deposit.find('[data-testid="statement-closing"]').text()).toBe('¥160.00')
    expect(deposit.find('[data-testid="statement-reconciled"]').text()).toContain('账目平衡')
    expect(deposit.find('[data-testid="statement-equation"]').text()).toBe(
      '¥0.00 + ¥160.00 = ¥160.00',
    )
    expect(wrapper.find('[data-testid="statement-cross-matches"]').exists()).toBe(true)
    // A document: China dates whatever the computer's zone; the closing row is the period's last day.
    expect(wrapper.find('[data-testid="statement-period-label"]').text()).toBe(
      '期间：2026/10/10 至 2026/10/11（北京时间）',
    )
  })

  it('warns about a mismatch and labels the local copy', () => {
    const flow = [transaction(1), transaction(2, { balanceAfter: 99_000 })]
    const { wrapper } = mountWithApp(AccountStatementPanel, {
      language: 'en-US',
      mount: { props: { statement: statementView(flow, 'unavailable') } },
    })
    expect(
      wrapper.find('[data-testid="statement-deposit"] [data-testid="statement-mismatch"]').text(),
    ).toContain('1 transaction does not follow')
    expect(wrapper.find('[data-testid="statement-cross-unavailable"]').text()).toBe(
      'From the local copy (the server could not be reached to cross-check).',
    )
  })

  it('says when the server differs', () => {
    const { wrapper } = mountWithApp(AccountStatementPanel, {
      language: 'en-US',
      mount: { props: { statement: statementView([], 'differs') } },
    })
    expect(wrapper.find('[data-testid="statement-cross-differs"]').text()).toContain('differs')
  })
})
