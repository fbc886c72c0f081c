/**
 * Build-time helpers shared by vite.config.ts and vitest.config.ts.
 *
 * The renderer runs vue-i18n's runtime-only build under a strict CSP (no eval, no new Function),
 * so messages cannot be compiled in the browser. `precompiledLocales()` serves the virtual module
 * `virtual:locale-messages`: every message of locales/*.json compiled ahead of time to the
 * message-format AST that the runtime interprets.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { baseCompile } from '@intlify/message-compiler'
import type { Plugin } from 'vite'

const localesDirectory = fileURLToPath(new URL('../locales/', import.meta.url))
const virtualId = 'virtual:locale-messages'
const resolvedVirtualId = '\0' + virtualId

type MessageTree = { [key: string]: string | MessageTree }

function compileTree(tree: MessageTree, path: string[]): Record<string, unknown> {
  const compiled: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') {
      const result = baseCompile(value, {
        jit: true,
        location: false,
        onError: (error) => {
          throw new Error(`locales: cannot compile "${[...path, key].join('.')}": ${error.message}`)
        },
      })
      compiled[key] = result.ast
    } else {
      compiled[key] = compileTree(value, [...path, key])
    }
  }
  return compiled
}

export function precompiledLocales(): Plugin {
  return {
    name: 'dealerdesk:precompiled-locales',
    resolveId(id) {
      return id === virtualId ? resolvedVirtualId : null
    },
    load(id) {
      if (id !== resolvedVirtualId) return null
      const messages: Record<string, unknown> = {}
      for (const file of readdirSync(localesDirectory).filter((name) => name.endsWith('.json'))) {
        const path = join(localesDirectory, file)
        this.addWatchFile(path)
        const tree = JSON.parse(readFileSync(path, 'utf8')) as MessageTree
        messages[file.replace(/\.json$/, '')] = compileTree(tree, [])
      }
      return `export default ${JSON.stringify(messages)}`
    },
  }
}

/** Compile-time flags of vue-i18n: composition API only, no runtime message compiler. */
export const vueI18nDefines = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
}

/** The runtime-only vue-i18n build (no message compiler, CSP-safe). */
export const vueI18nRuntimeAlias = {
  'vue-i18n': 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js',
}
