/**
 * The words and figures of a printed document in its language: Chinese, English, or bilingual
 * (both labels, "发货单 Shipping document"). Labels come from the locale files (documents.pdf.*
 * and the areas' own keys) through translators passed in; money is integer fen formatted here,
 * at the edge; dates are business time (Beijing, shared/domain/chinaTime).
 */
import type { DocumentLanguage } from '../../../shared/contract'
import { formatFen } from '../../../shared/domain/money'
import type { Translate, TranslationParams } from '../../../shared/i18n/translate'
import { chinaDate, chinaDateTime } from '../../../shared/domain/chinaTime'

export interface DocumentText {
  language: DocumentLanguage
  /** One line: zh, en, or "zh en". */
  label(key: string, params?: TranslationParams): string
  /** Table headings: zh, en, or zh above en. */
  stacked(key: string, params?: TranslationParams): string
  /** A record's own two-language value (product names, units). */
  pick(zh: string, en: string): string
  /** Chinese capital numerals are printed on Chinese and bilingual documents. */
  capitals: boolean
  money(fen: number): string
  moneyWithCurrency(fen: number): string
  date(epochMs: number): string
  dateTime(epochMs: number): string
}

export function createDocumentText(
  language: DocumentLanguage,
  translators: { zh: Translate; en: Translate },
): DocumentText {
  const both = language === 'bilingual'
  const single = language === 'en-US' ? translators.en : translators.zh
  const locale = language === 'en-US' ? 'en-US' : 'zh-CN'
  const join = (zh: string, en: string, separator: string) =>
    zh === en ? zh : `${zh}${separator}${en}`
  return {
    language,
    label: (key, params) =>
      both
        ? join(translators.zh(key, params), translators.en(key, params), ' ')
        : single(key, params),
    stacked: (key, params) =>
      both
        ? join(translators.zh(key, params), translators.en(key, params), '\n')
        : single(key, params),
    pick: (zh, en) => (both ? join(zh, en, '\n') : language === 'en-US' ? en || zh : zh || en),
    capitals: language !== 'en-US',
    money: (fen) => formatFen(fen, locale),
    moneyWithCurrency: (fen) => formatFen(fen, locale, { currency: true }),
    date: (epochMs) => chinaDate(epochMs),
    dateTime: (epochMs) => chinaDateTime(epochMs),
  }
}
