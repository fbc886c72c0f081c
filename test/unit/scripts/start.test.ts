import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
// @ts-expect-error plain ESM helper without type declarations
import * as electronBinary from '../../../scripts/electronBinary.mjs'

type Decision = { binary: string | null; fetched: boolean }
const { electronBinaryPath, ensureElectronBinary, missingElectronMessage, versionAtLeast } =
  electronBinary as {
    electronBinaryPath: () => string | null
    ensureElectronBinary: (options: {
      find: () => string | null
      install: () => boolean
      log: (line: string) => void
      env?: Record<string, string>
    }) => Decision
    missingElectronMessage: (nodeVersion?: string, installerNode?: string | null) => string
    versionAtLeast: (a: string, b: string) => boolean
  }

const root = fileURLToPath(new URL('../../../', import.meta.url))
const hasElectron = electronBinaryPath() !== null

describe('npm start: getting the Electron binary', () => {
  it('uses an installed binary without fetching', () => {
    const install = vi.fn(() => true)
    expect(
      ensureElectronBinary({ find: () => '/opt/electron', install, log: () => undefined }),
    ).toEqual({ binary: '/opt/electron', fetched: false })
    expect(install).not.toHaveBeenCalled()
  })

  it('fetches a missing binary with the electron installer, then starts with it', () => {
    let installed = false
    const install = vi.fn(() => (installed = true))
    const log = vi.fn()
    const decision = ensureElectronBinary({
      find: () => (installed ? '/x/dist/electron' : null),
      install,
      log,
    })
    expect(decision).toEqual({ binary: '/x/dist/electron', fetched: true })
    expect(install).toHaveBeenCalledOnce()
    expect(log.mock.calls[0]![0]).toContain('fetching it')
  })

  it('falls back (no binary) when the fetch fails or throws, or is turned off', () => {
    expect(
      ensureElectronBinary({ find: () => null, install: () => false, log: () => undefined }),
    ).toEqual({ binary: null, fetched: false })
    const throwing = () => {
      throw new Error('spawn failed')
    }
    expect(
      ensureElectronBinary({ find: () => null, install: throwing, log: () => undefined }).binary,
    ).toBeNull()
    const install = vi.fn(() => true)
    const off = ensureElectronBinary({
      find: () => null,
      install,
      log: () => undefined,
      env: { DEALERDESK_NO_ELECTRON_DOWNLOAD: '1' },
    })
    expect(off.binary).toBeNull()
    expect(install).not.toHaveBeenCalled()
  })

  it('says when the Node version is too old for the electron installer', () => {
    expect(versionAtLeast('20.19.0', '22.12.0')).toBe(false)
    expect(versionAtLeast('22.12.0', '22.12.0')).toBe(true)
    expect(versionAtLeast('24.1.0', '22.12.0')).toBe(true)
    expect(missingElectronMessage('20.19.0', '22.12.0')).toContain(
      'needs Node 22.12.0 or newer (this is Node 20.19.0)',
    )
    expect(missingElectronMessage('22.14.0', '22.12.0')).not.toContain('needs Node')
  })

  it.skipIf(hasElectron)(
    'tries the fetch, then explains how to run the web host and exits non-zero when it fails',
    () => {
      // A mirror on a closed loopback port: the download fails here whatever the network allows.
      const env = {
        ...process.env,
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: join(tmpdir(), 'dealerdesk-no-electron-cache'),
      }
      const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
        env,
      })
      expect(result.status).not.toBe(0)
      expect(result.stderr).toContain('fetching it with the electron package installer')
      expect(result.stderr).toContain('fetching it failed')
      expect(result.stderr.trim().split('\n').at(-1)).toContain('npm run web')
      expect(electronBinaryPath()).toBeNull()
    },
    150_000,
  )
})
