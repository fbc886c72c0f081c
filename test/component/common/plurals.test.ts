import { describe, expect, it } from 'vitest'
import enUS from '../../../locales/en-US.json'
import { flattenKeys, lookupMessage, type MessageTree } from '../../../shared/i18n/translate'
import { translatorFor } from '../../../electron/main/messages'
import { createAppI18n } from '../../../renderer/i18n'

const countKeys = flattenKeys(enUS as MessageTree).filter((key) =>
  lookupMessage(enUS as MessageTree, key)?.includes('{count}'),
)

describe('English plurals', () => {
  it('use plural forms: "1 delivery", "0 deliveries", "2 deliveries"', () => {
    const { t } = createAppI18n('en-US').global
    expect(t('deliveries.list.count', { count: 1 })).toBe('1 delivery')
    expect(t('deliveries.list.count', { count: 0 })).toBe('0 deliveries')
    expect(t('deliveries.list.count', { count: 2 })).toBe('2 deliveries')
    expect(t('outbox.detail.attempts', { count: 1 })).toBe('Tried once; will retry automatically')
    expect(t('cart.page.count', { count: 1 })).toBe('1 line')
  })

  it.each(countKeys)('%s reads right for one, in the app and in the main process', (key) => {
    const { t } = createAppI18n('en-US').global
    const main = translatorFor('en-US')
    for (const text of [
      t(key, { count: 1, limit: 500, name: 'X' }),
      main(key, { count: 1, limit: 500, name: 'X' }),
    ]) {
      expect(text).not.toMatch(/\b1 (?!more\b)[a-z]+(?<!s)s\b/)
      expect(text).not.toContain(' | ')
    }
  })

  it('the main-process translator picks the same forms as vue-i18n', () => {
    const main = translatorFor('en-US')
    expect(main('account.statement.mismatch', { count: 1 })).toContain('1 transaction does not')
    expect(main('account.statement.mismatch', { count: 3 })).toContain('3 transactions do not')
    expect(translatorFor('zh-CN')('deliveries.list.count', { count: 1 })).toBe('共 1 张发货单')
  })
})
