import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  defaultManagedConfigFile,
  loadManagedConfig,
  managedConfigFile,
  parseManagedConfig,
} from '../../../electron/main/managedConfig'
import { createServerResolver } from '../../../electron/services/session/serverResolver'
import { PortalError } from '../../../shared/contract'

describe('IT configuration file', () => {
  it('accepts the documented fields', () => {
    const text = JSON.stringify({
      serverUrl: 'https://portal.example.com/api',
      lockServer: true,
      updateUrl: 'https://updates.example.com/dealerdesk/',
      syncIntervalMinutes: 10,
    })
    expect(parseManagedConfig(`\uFEFF${text}`)).toEqual({
      config: {
        serverUrl: 'https://portal.example.com/api',
        lockServer: true,
        updateUrl: 'https://updates.example.com/dealerdesk/',
        syncIntervalMinutes: 10,
      },
      problem: null,
    })
  })

  it.each([
    ['not json', '{ serverUrl: '],
    ['unknown key', '{ "serverUrl": "https://a.example", "proxy": "x" }'],
    ['not http(s)', '{ "serverUrl": "ftp://a.example" }'],
    ['plain http server', '{ "serverUrl": "http://portal.example.com" }'],
    ['plain http update feed', '{ "updateUrl": "http://updates.example.com/dealerdesk/" }'],
    ['not a URL', '{ "updateUrl": "updates" }'],
    ['fractional interval', '{ "syncIntervalMinutes": 1.5 }'],
    ['lock without a server', '{ "lockServer": true }'],
    ['an array', '[]'],
  ])('ignores a bad file (%s) with a reason, never throwing', (_name, text) => {
    const result = parseManagedConfig(text)
    expect(result.config).toEqual({})
    expect(result.problem).toBeTruthy()
  })

  it('accepts plain http only for a loopback server', () => {
    const text = JSON.stringify({
      serverUrl: 'http://127.0.0.1:8787',
      updateUrl: 'http://localhost:9000/feed/',
    })
    expect(parseManagedConfig(text).problem).toBeNull()
  })

  it('treats a missing file as unmanaged and warns about a bad one', () => {
    const directory = mkdtempSync(join(tmpdir(), 'managed-'))
    const warnings: string[] = []
    expect(
      loadManagedConfig(join(directory, 'none.json'), (message) => warnings.push(message)),
    ).toEqual({ config: {}, file: null, problem: null })
    const bad = join(directory, 'bad.json')
    writeFileSync(bad, '{"lockServer": "yes"}')
    const result = loadManagedConfig(bad, (message) => warnings.push(message))
    expect(result).toMatchObject({ config: {}, file: bad })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(bad)
  })

  it('is found where the README says', () => {
    expect(defaultManagedConfigFile('win32', { PROGRAMDATA: 'D:\\PD' })).toBe(
      join('D:\\PD', 'DealerDesk', 'config.json'),
    )
    expect(defaultManagedConfigFile('darwin', {})).toBe(
      '/Library/Application Support/DealerDesk/config.json',
    )
    expect(defaultManagedConfigFile('linux', {})).toBe('/etc/dealerdesk/config.json')
    expect(
      managedConfigFile({ platform: 'linux', env: { DEALERDESK_CONFIG: '/opt/dd.json' } }),
    ).toBe('/opt/dd.json')
    expect(
      managedConfigFile({
        explicit: '/tmp/x.json',
        platform: 'linux',
        env: { DEALERDESK_CONFIG: '/opt/dd.json' },
      }),
    ).toBe('/tmp/x.json')
  })
})

describe('locked server', () => {
  const noSandbox = () => Promise.reject(new Error('must not start'))
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise
    } catch (error) {
      return error instanceof PortalError ? error.code : String(error)
    }
    return null
  }

  it('allows only the IT department server (same URL, any trailing slash)', async () => {
    const resolver = createServerResolver(noSandbox, {
      lockedUrl: 'https://portal.example.com/api',
    })
    await expect(
      resolver.resolve({ kind: 'url', url: 'https://portal.example.com/api/' }),
    ).resolves.toEqual({
      key: 'https://portal.example.com/api',
      url: 'https://portal.example.com/api',
    })
    expect(
      await refusal(resolver.resolve({ kind: 'url', url: 'https://other.example.com/api' })),
    ).toBe('session.serverLocked')
    expect(await refusal(resolver.resolve({ kind: 'sandbox' }))).toBe('session.serverLocked')
    expect(await refusal(resolver.resolve({ kind: 'url', url: 'not a url' }))).toBe(
      'session.serverLocked',
    )
    resolver.warmUp()
  })

  it('changes nothing when not locked', async () => {
    const resolver = createServerResolver(noSandbox)
    await expect(
      resolver.resolve({ kind: 'url', url: 'https://other.example.com' }),
    ).resolves.toMatchObject({ key: 'https://other.example.com' })
  })
})
