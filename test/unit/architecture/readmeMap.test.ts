import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const readme = readFileSync(join(root, 'README.md'), 'utf8')
const map = readme.slice(readme.indexOf('## Architecture map'))

describe('the README map', () => {
  it('names only folders and files that exist', () => {
    const paths = [
      ...map.matchAll(/`((?:shared|electron|renderer|server|test|bench|locales)\/[\w./-]*)`/g),
    ].map((match) => match[1]!)
    expect(paths.length).toBeGreaterThan(30)
    const missing = paths.filter((path) => !existsSync(join(root, path)))
    expect(missing).toEqual([])
  })

  it('answers each "where is" question with at least one file path', () => {
    const index = map.slice(
      map.indexOf('### Where is'),
      map.indexOf('### How to add a bridge method'),
    )
    const rows = index
      .split('\n')
      .filter(
        (line) =>
          line.startsWith('| ') && !line.startsWith('| question') && !line.startsWith('| ---'),
      )
    expect(rows).toHaveLength(7)
    for (const row of rows)
      expect(row, row).toMatch(/`(shared|electron|renderer|server)\/[\w./-]+\.ts`/)
  })
})
