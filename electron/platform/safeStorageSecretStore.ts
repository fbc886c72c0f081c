/**
 * The Electron secret store: values are encrypted with `safeStorage` (macOS Keychain, Windows
 * DPAPI, libsecret/kwallet on Linux) and kept base64 in a JSON file in the data directory.
 *
 * Never falls back to plain text: when encryption is unavailable, or on Linux when Chromium picked
 * the `basic_text` backend (a hard-coded key, i.e. obfuscation only), `set` throws
 * PortalError('session.secureStorageUnavailable', { backend }) and nothing is written; the caller
 * signs in without "remember me". A value that no longer decrypts (keychain reset, another OS
 * user) reads as null: the user signs in again.
 *
 * Uses the async safeStorage API (the sync encryptString/decryptString are deprecated in Electron
 * 45); values written by either can be read by `decryptStringAsync`.
 */
import type { SafeStorage } from 'electron'
import { PortalError } from '../../shared/contract/result'
import { createEncodedSecretStore, type SecretStore } from '../services/session/secretStore'

export type SafeStorageApi = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
>

export interface SafeStorageSecretStoreOptions {
  safeStorage: SafeStorageApi
  file: string
  /** Accept Linux's `basic_text` backend anyway (default false). */
  allowBasicText?: boolean
  /** Defaults to process.platform; tests set it. */
  platform?: NodeJS.Platform
  onCorrupt?: (asidePath: string) => void
  /** A stored value could not be decrypted (for the log; the value reads as null). */
  onDecryptError?: (key: string, error: unknown) => void
}

export function createSafeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const { safeStorage } = options
  const platform = options.platform ?? process.platform

  async function assertSecure(): Promise<void> {
    const weak =
      platform === 'linux' &&
      !options.allowBasicText &&
      safeStorage.getSelectedStorageBackend() === 'basic_text'
    if (weak) throw new PortalError('session.secureStorageUnavailable', { backend: 'basic_text' })
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new PortalError('session.secureStorageUnavailable', { backend: 'none' })
    }
  }

  const store: SecretStore = createEncodedSecretStore(
    { file: options.file, onCorrupt: options.onCorrupt },
    {
      async encode(value) {
        await assertSecure()
        return (await safeStorage.encryptStringAsync(value)).toString('base64')
      },
      async decode(stored, key) {
        try {
          const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(
            Buffer.from(stored, 'base64'),
          )
          // The OS rotated the key: store the value again under the new one, best effort.
          if (shouldReEncrypt) void store.set(key, result).catch(() => undefined)
          return result
        } catch (error) {
          options.onDecryptError?.(key, error)
          return null
        }
      },
    },
  )
  return store
}
