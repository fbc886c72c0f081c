/**
 * A minimal translator over the same locale files the renderer uses, for text made outside the
 * renderer (menus, dialogs, PDF labels). Supports `{name}` placeholders only, which is all the
 * locale files use; a missing key returns the key itself so it is visible, never a crash.
 */
export type MessageTree = { [key: string]: string | MessageTree }
export type TranslationParams = Record<string, string | number>

export function lookupMessage(tree: MessageTree, key: string): string | undefined {
  let node: string | MessageTree | undefined = tree
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined
    node = node[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** `{name}` → the parameter; `{'@'}` → a literal (how vue-i18n escapes @ | { }). */
export function interpolate(message: string, params: TranslationParams = {}): string {
  return message.replace(/\{\s*(?:(\w+)|'([^']*)')\s*\}/g, (whole, name: string | undefined, literal: string | undefined) => {
    if (literal !== undefined) return literal
    return name !== undefined && Object.hasOwn(params, name) ? String(params[name]) : whole
  })
}

export type Translate = (key: string, params?: TranslationParams) => string

export function createTranslator(messages: MessageTree, fallback?: MessageTree): Translate {
  return (key, params) => {
    const message = lookupMessage(messages, key) ?? (fallback ? lookupMessage(fallback, key) : undefined)
    return message === undefined ? key : interpolate(message, params)
  }
}

/** Every dotted key of a message tree, for comparing locale files. */
export function flattenKeys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : flattenKeys(value, `${prefix}${key}.`),
  )
}

/** `zh-*` → zh-CN, anything else → en-US (the rule for following the operating system). */
export function languageForLocale(locale: string | undefined | null): 'zh-CN' | 'en-US' {
  return locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en-US'
}
