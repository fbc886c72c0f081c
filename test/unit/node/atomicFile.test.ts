import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { removeStaleTemporaryFiles, writeFileAtomic } from '../../../node/atomicFile'

const folder = () => mkdtemp(join(tmpdir(), 'dealerdesk-atomic-'))

describe('writeFileAtomic', () => {
  it('replaces the file whole, creates missing folders, and leaves no temporary file', async () => {
    const file = join(await folder(), 'nested', 'data.sqlite')
    await writeFileAtomic(file, 'first')
    await writeFileAtomic(file, new Uint8Array([1, 2, 3]))
    expect([...(await readFile(file))]).toEqual([1, 2, 3])
    expect(await readdir(join(file, '..'))).toEqual(['data.sqlite'])
  })

  it.skipIf(process.platform === 'win32')(
    'creates files readable by the owner only (0600) unless told otherwise',
    async () => {
      const base = await folder()
      await writeFileAtomic(join(base, 'secret.json'), '{}')
      await writeFileAtomic(join(base, 'public.txt'), 'x', { mode: 0o644 })
      expect((await stat(join(base, 'secret.json'))).mode & 0o777).toBe(0o600)
      expect((await stat(join(base, 'public.txt'))).mode & 0o777).toBe(0o644 & ~process.umask())
    },
  )

  it('removes only its own leftover temporary files of that target', async () => {
    const base = await folder()
    const file = join(base, 'sandbox.sqlite')
    await writeFileAtomic(file, 'kept')
    const ours = ['.sandbox.sqlite.0123456789ab.tmp', '.sandbox.sqlite.a1b2c3d4e5f6.tmp']
    const others = [
      '.other.sqlite.0123456789ab.tmp',
      '.sandbox.sqlite.backup',
      'sandbox.sqlite.1234.tmp',
    ]
    for (const name of [...ours, ...others]) await writeFile(join(base, name), 'x')
    expect(await removeStaleTemporaryFiles(file)).toBe(2)
    expect((await readdir(base)).sort()).toEqual([...others, 'sandbox.sqlite'].sort())
    expect(await readFile(file, 'utf8')).toBe('kept')
    expect(await removeStaleTemporaryFiles(join(base, 'missing', 'x'))).toBe(0)
  })
})
