/**
 * A minimal translator over the same locale files the renderer uses, for text made outside the
 * renderer (menus, dialogs, PDF labels). Supports `{name}` placeholders and vue-i18n's plural
 * forms (`one | many` or `zero | one | many`, chosen by the `count` parameter, with vue-i18n's
 * default rule), which is all the locale files use; a missing key returns the key itself so it is
 * visible, never a crash.
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
  return message.replace(
    /\{\s*(?:(\w+)|'([^']*)')\s*\}/g,
    (whole, name: string | undefined, literal: string | undefined) => {
      if (literal !== undefined) return literal
      return name !== undefined && Object.hasOwn(params, name) ? String(params[name]) : whole
    },
  )
}

/** The `|`-separated forms of a message (a `|` inside `{…}` is not a separator). */
function pluralForms(message: string): string[] {
  const forms: string[] = []
  let depth = 0
  let start = 0
  for (let index = 0; index < message.length; index++) {
    const char = message[index]
    if (char === '{') depth++
    else if (char === '}') depth = Math.max(0, depth - 1)
    else if (char === '|' && depth === 0) {
      forms.push(message.slice(start, index).trim())
      start = index + 1
    }
  }
  forms.push(message.slice(start).trim())
  return forms
}

/** vue-i18n's default plural rule: 2 forms → 1 | other; 3 forms → 0 | 1 | other. */
export function selectPluralForm(message: string, count: unknown): string {
  const forms = pluralForms(message)
  if (forms.length === 1) return message
  const choice = typeof count === 'number' ? Math.abs(count) : 1
  const index = forms.length === 2 ? (choice === 1 ? 0 : 1) : choice === 0 ? 0 : Math.min(choice, 2)
  return forms[Math.min(index, forms.length - 1)]!
}

export type Translate = (key: string, params?: TranslationParams) => string

export function createTranslator(messages: MessageTree, fallback?: MessageTree): Translate {
  return (key, params) => {
    const message =
      lookupMessage(messages, key) ?? (fallback ? lookupMessage(fallback, key) : undefined)
    return message === undefined
      ? key
      : interpolate(selectPluralForm(message, params?.count), params)
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
