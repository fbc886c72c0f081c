/**
 * vue-i18n, composition API, runtime-only: messages arrive precompiled (no eval under the CSP).
 * `MessageSchema` is the Chinese file's shape; the locale test keeps the English file identical.
 */
import { createI18n } from 'vue-i18n'
import messages from 'virtual:locale-messages'
import type zhCN from '../../locales/zh-CN.json'
import type { Language } from '../../shared/contract'

export type MessageSchema = typeof zhCN

const currency = { style: 'currency', currency: 'CNY', currencyDisplay: 'symbol' } as const
const numberFormat = { currency, decimal: { style: 'decimal', maximumFractionDigits: 2 } } as const
const dateTimeFormat = {
  short: { year: 'numeric', month: '2-digit', day: '2-digit' },
  long: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
} as const

export function createAppI18n(language: Language) {
  return createI18n<[MessageSchema], Language, false>({
    legacy: false,
    locale: language,
    fallbackLocale: 'en-US',
    // Precompiled ASTs, typed as the schema they were compiled from.
    messages: messages as unknown as Record<Language, MessageSchema>,
    numberFormats: { 'zh-CN': numberFormat, 'en-US': numberFormat },
    datetimeFormats: { 'zh-CN': dateTimeFormat, 'en-US': dateTimeFormat },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>
