import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script without type declarations
import * as audit from '../../../scripts/audit-electron.mjs'
import { root } from './builderConfig'

interface Finding {
  issue: string
  severity: string
  filename: string
}
const { parseCsv, blockingFindings, REVIEWED } = audit as {
  parseCsv(text: string): Finding[]
  blockingFindings(findings: Finding[], reviewed?: unknown[]): Finding[]
  REVIEWED: Array<{ check: string; file: string; reason: string }>
}

const CSV = [
  'issue, severity, confidence, filename, location, sample, description, url',
  'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","main/windows.ts","44:17","new BrowserWindow({ a: "x, y" })","Review",https://x',
  'SANDBOX_JS_CHECK,"MEDIUM","FIRM","main/other.ts","1:1",N/A,"Use sandbox",https://x',
  'PRELOAD_JS_CHECK,"MEDIUM","FIRM","main/windows.ts","62:6","preload: p,","Review",https://x',
  'SOME_INFO_CHECK,"INFORMATIONAL","TENTATIVE","main/a.ts","1:1",N/A,"Info",https://x',
  '',
].join('\n')

describe('npm run audit:electron', () => {
  it('parses electronegativity CSV, commas inside quotes included', () => {
    const findings = parseCsv(CSV)
    expect(findings).toHaveLength(4)
    expect(findings[0]).toMatchObject({
      issue: 'CONTEXT_ISOLATION_JS_CHECK',
      severity: 'HIGH',
      filename: 'main/windows.ts',
    })
  })

  it('fails on high and medium findings unless reviewed for that check and file', () => {
    const blocking = blockingFindings(parseCsv(CSV)).map((f) => f.issue)
    expect(blocking).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'])
    expect(blockingFindings(parseCsv(CSV), []).map((f) => f.issue)).toContain('PRELOAD_JS_CHECK')
  })

  it('documents every reviewed false positive', () => {
    for (const entry of REVIEWED) {
      expect(entry.check).toMatch(/^[A-Z_]+_CHECK$/)
      expect(entry.reason.length).toBeGreaterThan(40)
    }
    // No blanket exemptions for the checks that matter most.
    expect(REVIEWED.map((r) => r.check)).not.toContain('CONTEXT_ISOLATION_JS_CHECK')
    expect(REVIEWED.map((r) => r.check)).not.toContain('SANDBOX_JS_CHECK')
    expect(REVIEWED.map((r) => r.check)).not.toContain('NODE_INTEGRATION_JS_CHECK')
  })

  it('is part of npm test, right after lint', () => {
    const scripts = JSON.parse(readFileSync(root + 'package.json', 'utf8')).scripts
    expect(scripts['audit:electron']).toBe('node scripts/audit-electron.mjs')
    expect(scripts.test).toMatch(/^npm run lint && npm run audit:electron && /)
  })
})
