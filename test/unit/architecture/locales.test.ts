import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { baseCompile } from '@intlify/message-compiler'
import { parse } from '@vue/compiler-sfc'
import { API_ERROR_CODES } from '../../../shared/api'
import { BRIDGE_ERROR_CODES } from '../../../shared/contract'
import { flattenKeys, lookupMessage, type MessageTree } from '../../../shared/i18n/translate'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const zhCN = JSON.parse(readFileSync(join(root, 'locales/zh-CN.json'), 'utf8')) as MessageTree
const enUS = JSON.parse(readFileSync(join(root, 'locales/en-US.json'), 'utf8')) as MessageTree

// The set of names (an English plural form may leave out {count}: "1 line | {count} lines").
const placeholders = (message: string) =>
  [...new Set([...message.matchAll(/\{\s*(\w+)\s*\}/g)].map((match) => match[1]))].sort()

function filesUnder(directory: string, extension: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) return filesUnder(path, extension)
    return path.endsWith(extension) ? [path] : []
  })
}

/**
 * Finds user-visible text written straight into a template instead of coming from the messages:
 * text nodes and static text attributes containing letters or Han characters.
 */
export function hardCodedTemplateText(source: string): string[] {
  const { descriptor } = parse(source)
  const found: string[] = []
  const visible = /[A-Za-z\u3400-\u9fff]/
  const textAttributes = new Set([
    'title',
    'placeholder',
    'label',
    'alt',
    'aria-label',
    'description',
    'content',
    'text',
    'empty-text',
  ])
  type Node = {
    type: number
    content?: unknown
    children?: Node[]
    props?: Array<{ type: number; name: string; value?: { content: string } }>
  }
  const walk = (node: Node) => {
    if (node.type === 2 && typeof node.content === 'string' && visible.test(node.content))
      found.push(node.content.trim())
    for (const prop of node.props ?? []) {
      if (
        prop.type === 6 &&
        textAttributes.has(prop.name) &&
        prop.value &&
        visible.test(prop.value.content)
      ) {
        found.push(`${prop.name}="${prop.value.content}"`)
      }
    }
    for (const child of node.children ?? []) walk(child)
  }
  if (descriptor.template?.ast) walk(descriptor.template.ast as unknown as Node)
  return found
}

describe('locale files', () => {
  it('have exactly the same keys', () => {
    const zh = new Set(flattenKeys(zhCN))
    const en = new Set(flattenKeys(enUS))
    expect(
      [...zh].filter((key) => !en.has(key)),
      'only in zh-CN',
    ).toEqual([])
    expect(
      [...en].filter((key) => !zh.has(key)),
      'only in en-US',
    ).toEqual([])
  })

  it('use the same placeholders for each message', () => {
    const mismatches = flattenKeys(zhCN).filter(
      (key) =>
        JSON.stringify(placeholders(lookupMessage(zhCN, key) ?? '')) !==
        JSON.stringify(placeholders(lookupMessage(enUS, key) ?? '')),
    )
    expect(mismatches).toEqual([])
  })

  it('name every key area.section.key (at least three levels)', () => {
    expect(flattenKeys(zhCN).filter((key) => key.split('.').length < 3)).toEqual([])
  })

  it('compile with the vue-i18n message compiler', () => {
    for (const [name, tree] of [
      ['zh-CN', zhCN],
      ['en-US', enUS],
    ] as const) {
      for (const key of flattenKeys(tree)) {
        const errors: string[] = []
        baseCompile(lookupMessage(tree, key)!, {
          jit: true,
          onError: (error) => errors.push(error.message),
        })
        expect(errors, `${name} ${key}`).toEqual([])
      }
    }
  })

  it('translate every error code the bridge, the gateway and the domain rules produce', () => {
    const domainCodes = ['money.invalid', 'money.tooManyDecimals', 'money.tooLarge']
    const serviceCodes = [
      'session.expired',
      'session.offlineUnavailable',
      'session.signedOut',
      'upstream.unreachable',
      'upstream.invalidResponse',
    ]
    for (const code of [
      ...BRIDGE_ERROR_CODES,
      ...Object.keys(API_ERROR_CODES),
      ...domainCodes,
      ...serviceCodes,
    ]) {
      expect(lookupMessage(zhCN, `errors.${code}`), code).toBeTypeOf('string')
      expect(lookupMessage(enUS, `errors.${code}`), code).toBeTypeOf('string')
    }
  })

  it('translate every error code thrown as a PortalError in electron/ and shared/', () => {
    const codes = new Set<string>()
    for (const folder of ['electron', 'shared']) {
      for (const file of filesUnder(join(root, folder), '.ts')) {
        for (const match of readFileSync(file, 'utf8').matchAll(
          /(?:PortalError|failure)\(\s*'([a-z][\w]*\.[\w.]+)'/g,
        ))
          codes.add(match[1]!)
      }
    }
    expect(codes.size).toBeGreaterThan(10)
    const missing = [...codes].filter(
      (code) =>
        lookupMessage(zhCN, `errors.${code}`) === undefined ||
        lookupMessage(enUS, `errors.${code}`) === undefined,
    )
    expect(missing).toEqual([])
  })
})

describe('templates', () => {
  it('take every user-visible text from the messages', () => {
    const offenders = filesUnder(join(root, 'renderer'), '.vue').flatMap((file) =>
      hardCodedTemplateText(readFileSync(file, 'utf8')).map(
        (text) => `${relative(root, file)}: ${text}`,
      ),
    )
    expect(offenders).toEqual([])
  })

  it('the scan catches hard-coded text, in both languages and in attributes', () => {
    expect(hardCodedTemplateText('<template><p>订单</p><b>{{ t("x") }}</b></template>')).toEqual([
      '订单',
    ])
    expect(hardCodedTemplateText('<template><el-input placeholder="Search" /></template>')).toEqual(
      ['placeholder="Search"'],
    )
    expect(hardCodedTemplateText('<template><span>{{ n }} · 42</span></template>')).toEqual([])
  })
})
