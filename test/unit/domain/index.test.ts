import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as domain from '../../../shared/domain'

const DOMAIN_FOLDER = new URL('../../../shared/domain/', import.meta.url)

describe('shared/domain index', () => {
  it('re-exports every export of every rule file (export * silently drops a name two files share)', async () => {
    const files = readdirSync(DOMAIN_FOLDER).filter(
      (file) => file.endsWith('.ts') && file !== 'index.ts',
    )
    for (const file of files) {
      const module = (await import(new URL(file, DOMAIN_FOLDER).href)) as Record<string, unknown>
      for (const [name, value] of Object.entries(module)) {
        expect((domain as Record<string, unknown>)[name], `${file}: ${name}`).toBe(value)
      }
    }
  })

  it('runs anywhere: imports only its own files (or zod) and uses no Node or DOM globals', () => {
    const files = readdirSync(DOMAIN_FOLDER).filter((file) => file.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const source = readFileSync(new URL(file, DOMAIN_FOLDER), 'utf8')
      for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
        expect(
          specifier === 'zod' || /^\.\/[A-Za-z]+$/.test(specifier ?? ''),
          `${file}: ${specifier}`,
        ).toBe(true)
      }
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(code, file).not.toMatch(
        /\b(process|Buffer|window|document|require|globalThis|localStorage)\b/,
      )
      expect(source.split('\n').length, `${file} length`).toBeLessThanOrEqual(300)
    }
  })
})
