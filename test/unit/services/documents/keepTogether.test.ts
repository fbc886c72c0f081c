import { describe, expect, it } from 'vitest'
import { buildStatement } from '../../../../shared/domain/statement'
import { statementDocument } from '../../../../electron/services/documents/statementDocument'
import { keepCodesTogether } from '../../../../electron/services/documents/documentContext'
import { shippingDocument } from '../../../../electron/services/documents/shippingDocument'
import { context, delivery, NOVEMBER, transactions } from './fixtures'

describe('what a printed document keeps together', () => {
  it('a standard number in the spec column never breaks inside ("GB/T 14")', () => {
    expect(keepCodesTogether('GB/T 14-2020 M8×20')).toBe('GB/T\u00a014-2020 M8×20')
    expect(keepCodesTogether('JB 1234 镀锌')).toBe('JB\u00a01234 镀锌')
    expect(keepCodesTogether('4MP 白色')).toBe('4MP 白色')
    const record = delivery(1)
    record.lines[0]!.specZh = 'GB/T 14-2020 M8×20'
    const document = shippingDocument(context('zh-CN'), record)
    expect(JSON.stringify(document.content)).toContain('GB/T\u00a014-2020')
  })

  it('the statement keeps its signature block with the last totals (one unbreakable block)', () => {
    const document = statementDocument(
      context('zh-CN'),
      buildStatement(transactions(40), NOVEMBER),
      NOVEMBER.from,
    )
    const last = document.content.at(-1) as { stack?: unknown[]; unbreakable?: boolean }
    expect(last.unbreakable).toBe(true)
    const text = JSON.stringify(last.stack)
    expect(text).toContain('对账确认')
    expect(text).toContain('期末')
    expect(text).toMatch(/签字|盖章/)
  })
})
