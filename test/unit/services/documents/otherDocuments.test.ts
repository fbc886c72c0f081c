/** Order confirmation, return slip and account statement rendered in each language and read back. */
import { beforeAll, describe, expect, it } from 'vitest'
import type { DocumentLanguage } from '../../../../shared/contract'
import { buildStatement } from '../../../../shared/domain/statement'
import { renderPdf } from '../../../../electron/services/documents/pdfRenderer'
import { statementDocument } from '../../../../electron/services/documents/statementDocument'
import { orderConfirmation } from '../../../../electron/services/documents/orderConfirmation'
import { returnSlip } from '../../../../electron/services/documents/returnSlip'
import { context, NOVEMBER, order, pdfText, returnRecord, transactions } from './fixtures'

const squash = (text: string) => text.replace(/\s+/g, ' ')
const LANGUAGES: DocumentLanguage[] = ['zh-CN', 'en-US', 'bilingual']
const texts: Record<string, string> = {}

beforeAll(async () => {
  const statement = buildStatement(transactions(2), NOVEMBER)
  const broken = buildStatement(
    transactions(2).map((movement) =>
      movement.id === 'tx0002' ? { ...movement, balanceAfter: 1 } : movement,
    ),
    NOVEMBER,
  )
  for (const language of LANGUAGES) {
    const [confirmation, slip, printed, unbalanced] = await Promise.all([
      renderPdf([orderConfirmation(context(language), order())], { title: 'order' }),
      renderPdf([returnSlip(context(language), returnRecord())], { title: 'return' }),
      renderPdf([statementDocument(context(language), statement, NOVEMBER.from + 86_400_000)], {
        title: 'statement',
      }),
      renderPdf([statementDocument(context(language), broken, NOVEMBER.from)], {
        title: 'statement',
      }),
    ])
    texts[`order ${language}`] = squash(pdfText(confirmation.pdf))
    texts[`return ${language}`] = squash(pdfText(slip.pdf))
    texts[`statement ${language}`] = squash(pdfText(printed.pdf))
    texts[`broken ${language}`] = squash(pdfText(unbalanced.pdf))
  }
}, 60_000)

describe('order confirmation', () => {
  it.each(LANGUAGES)('prints the order, its lines, payment and totals (%s)', (language) => {
    const text = texts[`order ${language}`]!
    expect(text).toContain('SO20261120-0042')
    expect(text).toContain(language === 'en-US' ? 'Order confirmation' : '订单确认单')
    expect(text).toContain(language === 'zh-CN' ? '圆顶机' : 'Dome camera')
    expect(text).toContain('24,691.32')
    expect(text.replace(/\s+/g, '')).toContain(language === 'en-US' ? 'Page1of1' : '第1/1页')
    if (language === 'en-US') expect(text).not.toContain('大写')
    else expect(text).toContain('贰万肆仟陆佰玖拾壹元叁角贰分')
    if (language === 'bilingual') expect(text).toContain('订单确认单 Order confirmation')
  })
})

describe('return slip', () => {
  it.each(LANGUAGES)('prints the return, its reason and totals (%s)', (language) => {
    const text = texts[`return ${language}`]!
    expect(text).toContain('RT20261123-0003')
    expect(text).toContain(language === 'en-US' ? 'Return slip' : '退货单')
    expect(text).toContain(language === 'en-US' ? 'Damaged in transit' : '运输损坏')
    expect(text).toContain('10,000.10')
    if (language !== 'en-US') expect(text).toContain('壹万元零壹角')
  })
})

describe('account statement', () => {
  it.each(LANGUAGES)(
    'prints opening, every movement, closing, the reconciliation line and the confirmation block (%s)',
    (language) => {
      const text = texts[`statement ${language}`]!
      const zh = language !== 'en-US'
      expect(text).toContain(zh ? '对账单' : 'Account statement')
      expect(text).toContain('2026-11-01 — 2026-11-30')
      expect(text).toContain(zh ? '期初余额' : 'Opening balance')
      expect(text).toContain('1,000.00')
      expect(text).toContain('500.00')
      expect(text).toContain('-120.50')
      expect(text).toContain('DN20261101-0002')
      expect(text).toContain(zh ? '期末余额' : 'Closing balance')
      expect(text).toContain('1,379.50')
      expect(text).toContain(
        zh
          ? '期初 1,000.00 + 收入 500.00 − 支出 120.50 = 期末 1,379.50'
          : 'opening 1,000.00 + in 500.00 − out 120.50 = closing 1,379.50',
      )
      expect(text).toContain(
        zh ? '期初 + 本期变动 = 期末，账目平衡' : 'Opening + movements = closing: reconciled',
      )
      expect(text).toContain(zh ? '经销商公章' : "Dealer's company stamp")
      expect(text).toContain(zh ? '经销商财务（签字）' : "Dealer's accountant (signature)")
    },
  )

  it('says so when the flow does not reconcile', () => {
    expect(texts['broken zh-CN']).toContain('账目不平：')
    expect(texts['broken en-US']).toContain('Does not reconcile')
  })
})
