/** The main process's own text, read from the same locale files as the renderer's. */
import enUS from '../../locales/en-US.json'
import zhCN from '../../locales/zh-CN.json'
import type { Language } from '../../shared/contract'
import { createTranslator, type MessageTree, type Translate } from '../../shared/i18n/translate'

const catalogs: Record<Language, MessageTree> = { 'zh-CN': zhCN, 'en-US': enUS }

export function translatorFor(language: Language): Translate {
  return createTranslator(catalogs[language], catalogs['en-US'])
}
