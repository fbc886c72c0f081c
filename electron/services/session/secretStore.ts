/**
 * Where the session keeps secrets that outlive the process (the refresh token of "remember me").
 *
 * Electron uses electron/platform/safeStorageSecretStore.ts (values encrypted by the OS keychain /
 * DPAPI / libsecret). `createFileSecretStore` below is the FALLBACK for the web host and tests:
 * values are stored in PLAIN TEXT, protected only by the file's 0600 mode. Never wire it into the
 * Electron build.
 */
import { z } from 'zod'
import { createJsonFile } from '../storage/jsonFile'

export interface SecretStore {
  /** The stored value, or null when absent (or no longer decryptable). */
  get(key: string): Promise<string | null>
  /** Resolves once the value is durably on disk. */
  set(key: string, value: string): Promise<void>
  /** Removing an absent key is not an error. */
  delete(key: string): Promise<void>
}

/** Turns a secret into what is written to the file and back. */
export interface SecretCodec {
  /** May throw (e.g. PortalError('session.secureStorageUnavailable')): nothing is written then. */
  encode(value: string): Promise<string>
  /** Returns null when the stored form cannot be decoded any more. */
  decode(stored: string, key: string): Promise<string | null>
}

export interface SecretFileOptions {
  file: string
  /** The file was unreadable and has been moved aside; its secrets are gone (sign in again). */
  onCorrupt?: (asidePath: string) => void
}

const SecretFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) })
type SecretFile = z.output<typeof SecretFile>

/** Plain-text fallback store (web host, tests). See the file comment. */
export function createFileSecretStore(options: SecretFileOptions): SecretStore {
  return createEncodedSecretStore(options, {
    encode: async (value) => value,
    decode: async (stored) => stored,
  })
}

/**
 * A JSON file `{ version: 1, secrets: { key: encoded } }`, written atomically with mode 0600.
 * Changes are applied one at a time in call order, so concurrent `set`s never lose each other.
 */
export function createEncodedSecretStore(
  options: SecretFileOptions,
  codec: SecretCodec,
): SecretStore {
  const file = createJsonFile({
    path: options.file,
    schema: SecretFile,
    defaults: (): SecretFile => ({ version: 1, secrets: {} }),
    onCorrupt: options.onCorrupt,
  })
  let current: Promise<SecretFile> | undefined
  let queue: Promise<unknown> = Promise.resolve()

  function load(): Promise<SecretFile> {
    current ??= file.read().catch((error: unknown) => {
      current = undefined
      throw error
    })
    return current
  }

  /** Serializes read-modify-write; the in-memory copy changes only after the write succeeded. */
  function change(mutate: (secrets: Map<string, string>) => Promise<boolean>): Promise<void> {
    const next = queue
      .catch(() => undefined)
      .then(async () => {
        const secrets = new Map(Object.entries((await load()).secrets))
        if (!(await mutate(secrets))) return
        const updated: SecretFile = { version: 1, secrets: Object.fromEntries(secrets) }
        await file.write(updated)
        current = Promise.resolve(updated)
      })
    queue = next
    return next
  }

  return {
    async get(key) {
      await queue.catch(() => undefined)
      const { secrets } = await load()
      return Object.hasOwn(secrets, key) ? codec.decode(secrets[key] as string, key) : null
    },
    set(key, value) {
      return change(async (secrets) => {
        secrets.set(key, await codec.encode(value))
        return true
      })
    },
    delete(key) {
      return change(async (secrets) => {
        return secrets.delete(key)
      })
    },
  }
}
