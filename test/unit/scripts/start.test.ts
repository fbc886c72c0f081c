import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM helper without type declarations
import { electronBinaryPath } from '../../../scripts/electronBinary.mjs'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const hasElectron = (electronBinaryPath as () => string | null)() !== null

describe('npm start', () => {
  it.skipIf(hasElectron)('explains how to run the web host and exits non-zero where Electron is missing', () => {
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], { cwd: root, encoding: 'utf8', timeout: 30_000 })
    expect(result.status).not.toBe(0)
    expect(result.stderr).toContain('npm run web')
    expect(result.stderr).toContain('Electron binary is not installed')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
  })
})
