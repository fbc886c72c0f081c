import { defineComponent, h } from 'vue'
import { describe, expect, it } from 'vitest'
import { buildStatement } from '../../../shared/domain/statement'
import type { Transaction } from '../../../shared/api'
import { dateLocale, useFormatters } from '../../../renderer/composables/useFormatters'
import AccountStatementPanel from '../../../renderer/components/account/AccountStatementPanel.vue'
import { mountWithApp } from '../helpers'

/** 10:44 UTC = 18:44 Beijing time; the test process runs in UTC, not UTC+8. */
const AT = Date.UTC(2026, 11, 15, 10, 44)

const Probe = defineComponent(() => {
  const format = useFormatters()
  return () => h('span', { 'data-testid': 'probe' }, format.dateTime(AT))
})

describe('business time on screen', () => {
  it('shows the same Beijing clock in the flow formatter and the statement, whatever the PC zone', () => {
    expect(new Date(AT).getHours()).not.toBe(18) // the PC is not on Beijing time
    const probe = mountWithApp(Probe).wrapper
    expect(probe.text()).toContain('18:44')
    const transaction: Transaction = {
      id: 't1',
      at: AT,
      accountType: 'deposit',
      type: 'topUp',
      amount: 100,
      lockedChange: 0,
      balanceAfter: 100,
      availableAfter: 100,
      documentType: null,
      documentId: null,
      documentNumber: null,
      note: null,
    }
    const statement = {
      ...buildStatement([transaction], { from: AT - 3_600_000, to: AT + 3_600_000 }),
      crossCheck: { state: 'matches' as const, differences: [] },
    }
    const panel = mountWithApp(AccountStatementPanel, { mount: { props: { statement } } }).wrapper
    expect(panel.text()).toContain('18:44')
    expect(panel.text()).toContain('时间（北京时间）')
  })

  it('writes English dates in the user’s own English conventions', () => {
    expect(dateLocale('en-US', ['en-HK', 'zh-HK'])).toBe('en-HK')
    expect(dateLocale('en-US', ['zh-HK'])).toBe('en-HK')
    expect(dateLocale('en-US', ['zh-CN'])).toBe('en-US')
    expect(dateLocale('en-US', [])).toBe('en-US')
    expect(dateLocale('zh-CN', ['en-GB'])).toBe('zh-CN')
    const hongKong = new Intl.DateTimeFormat(dateLocale('en-US', ['en-HK']), {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      timeZone: 'Asia/Shanghai',
    })
    expect(hongKong.format(AT)).toBe('15/12/2026')
  })
})
