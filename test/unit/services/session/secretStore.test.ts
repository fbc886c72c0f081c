import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createSafeStorageSecretStore,
  type SafeStorageApi,
} from '../../../../electron/platform/safeStorageSecretStore'
import { createFileSecretStore } from '../../../../electron/services/session/secretStore'

const secretsFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'dealerdesk-secrets-')), 'secrets.json')

/** A stand-in for Electron's safeStorage: XOR "encryption" with a key that can be rotated or lost. */
function fakeSafeStorage(
  options: {
    available?: boolean
    backend?: ReturnType<SafeStorageApi['getSelectedStorageBackend']>
  } = {},
) {
  const state = { available: options.available ?? true, key: 0x5a, rotated: false }
  const xor = (buffer: Buffer, key: number) => Buffer.from(buffer.map((byte) => byte ^ key))
  const api: SafeStorageApi = {
    isAsyncEncryptionAvailable: async () => state.available,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain) =>
      Buffer.concat([
        Buffer.from([state.key]),
        xor(Buffer.from('enc:' + plain, 'utf8'), state.key),
      ]),
    decryptStringAsync: async (encrypted) => {
      const text = xor(encrypted.subarray(1), encrypted[0]!).toString('utf8')
      if (!text.startsWith('enc:') || !state.available)
        throw new Error('Error while decrypting the ciphertext')
      return { result: text.slice(4), shouldReEncrypt: encrypted[0] !== state.key }
    },
  }
  return { api, state }
}

describe('file secret store (fallback for the web host and tests)', () => {
  it('stores, reads back after a restart, and deletes, in a 0600 file', async () => {
    const file = await secretsFile()
    const store = createFileSecretStore({ file })
    expect(await store.get('refresh:sandbox:agent')).toBeNull()
    await store.set('refresh:sandbox:agent', 'token-1')
    await store.set('refresh:https://portal.example.com:王经理', 'token-2')
    const restarted = createFileSecretStore({ file })
    expect(await restarted.get('refresh:sandbox:agent')).toBe('token-1')
    expect(await restarted.get('refresh:https://portal.example.com:王经理')).toBe('token-2')
    await restarted.delete('refresh:sandbox:agent')
    await restarted.delete('never-stored')
    expect(await createFileSecretStore({ file }).get('refresh:sandbox:agent')).toBeNull()
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('keeps every one of many concurrent writes', async () => {
    const file = await secretsFile()
    const store = createFileSecretStore({ file })
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => store.set(`key-${index}`, `value-${index}`)),
    )
    const restarted = createFileSecretStore({ file })
    for (let index = 0; index < 20; index++)
      expect(await restarted.get(`key-${index}`)).toBe(`value-${index}`)
  })

  it('does not confuse keys with object properties', async () => {
    const store = createFileSecretStore({ file: await secretsFile() })
    expect(await store.get('toString')).toBeNull()
    await store.set('__proto__', 'x')
    expect(await store.get('__proto__')).toBe('x')
  })

  it('moves an unreadable file aside and starts empty', async () => {
    const file = await secretsFile()
    await writeFile(file, 'not json')
    const aside: string[] = []
    const store = createFileSecretStore({ file, onCorrupt: (path) => aside.push(path) })
    expect(await store.get('anything')).toBeNull()
    expect(aside).toHaveLength(1)
    expect(await readFile(aside[0]!, 'utf8')).toBe('not json')
  })
})

describe('safeStorage secret store', () => {
  it('writes only ciphertext to the file and decrypts it back', async () => {
    const file = await secretsFile()
    const { api } = fakeSafeStorage()
    const store = createSafeStorageSecretStore({ safeStorage: api, file, platform: 'linux' })
    await store.set('refresh:sandbox:agent', 'very-secret-refresh-token')
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('very-secret-refresh-token')
    const stored = (JSON.parse(text) as { secrets: Record<string, string> }).secrets[
      'refresh:sandbox:agent'
    ]!
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/) // base64
    expect(
      await createSafeStorageSecretStore({ safeStorage: api, file }).get('refresh:sandbox:agent'),
    ).toBe('very-secret-refresh-token')
  })

  it('refuses to store when encryption is unavailable, instead of writing plain text', async () => {
    const file = await secretsFile()
    const { api } = fakeSafeStorage({ available: false })
    const store = createSafeStorageSecretStore({ safeStorage: api, file })
    await expect(store.set('refresh:sandbox:agent', 'token')).rejects.toMatchObject({
      code: 'session.secureStorageUnavailable',
      params: { backend: 'none' },
    })
    expect(await readdir(join(file, '..'))).toEqual([])
  })

  it("refuses Linux's basic_text backend unless allowed", async () => {
    const { api } = fakeSafeStorage({ backend: 'basic_text' })
    const refusing = createSafeStorageSecretStore({
      safeStorage: api,
      file: await secretsFile(),
      platform: 'linux',
    })
    await expect(refusing.set('k', 'v')).rejects.toMatchObject({
      code: 'session.secureStorageUnavailable',
      params: { backend: 'basic_text' },
    })
    const allowing = createSafeStorageSecretStore({
      safeStorage: api,
      file: await secretsFile(),
      platform: 'linux',
      allowBasicText: true,
    })
    await allowing.set('k', 'v')
    expect(await allowing.get('k')).toBe('v')
    // The backend question only exists on Linux.
    await createSafeStorageSecretStore({
      safeStorage: api,
      file: await secretsFile(),
      platform: 'darwin',
    }).set('k', 'v')
  })

  it('reads a value that no longer decrypts as absent and reports it', async () => {
    const file = await secretsFile()
    const { api, state } = fakeSafeStorage()
    await createSafeStorageSecretStore({ safeStorage: api, file }).set('k', 'v')
    state.available = false // e.g. the keychain was reset
    const failures: string[] = []
    const store = createSafeStorageSecretStore({
      safeStorage: api,
      file,
      onDecryptError: (key) => failures.push(key),
    })
    expect(await store.get('k')).toBeNull()
    expect(failures).toEqual(['k'])
  })

  it('re-encrypts a value when the OS rotated the key', async () => {
    const file = await secretsFile()
    const { api, state } = fakeSafeStorage()
    const store = createSafeStorageSecretStore({ safeStorage: api, file })
    await store.set('k', 'v')
    const before = await readFile(file, 'utf8')
    state.key = 0x33
    expect(await store.get('k')).toBe('v')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await readFile(file, 'utf8')).not.toBe(before)
    expect(await createSafeStorageSecretStore({ safeStorage: api, file }).get('k')).toBe('v')
  })
})
