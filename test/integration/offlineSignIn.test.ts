import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createPasswordVerifier } from '../../electron/services/session/offlineCredentials'
import { createFileSecretStore } from '../../electron/services/session/secretStore'
import { createSessionService } from '../../electron/services/session/sessionService'
import { createUpstreamClient } from '../../electron/services/upstream/upstreamClient'
import { FAST_CLIENT } from './helpers'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ products: 20, seed: 3 })
}, 60_000)
afterAll(async () => {
  await sandbox.close()
})

describe('offline sign-in verifier', () => {
  it('uses scrypt N ≥ 2^17 and upgrades an old 2^14 verifier at the next online sign-in', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-offline-'))
    let url = sandbox.url
    const session = createSessionService({
      dataDirectory,
      secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
      // One server identity, reachable or not.
      resolveServer: async () => ({ key: 'portal', url }),
      createClient: (baseUrl, tokens) =>
        createUpstreamClient({
          baseUrl,
          tokens,
          ...FAST_CLIENT,
          policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        }),
    })
    const login = (password = 'Demo@2026') =>
      session.login({
        server: { kind: 'url', url: 'https://portal.example' },
        account: 'sh.admin',
        password,
        remember: false,
      })
    const file = join(dataDirectory, 'session.json')
    const verifier = async () =>
      Object.values(
        JSON.parse(await readFile(file, 'utf8')).offline as Record<
          string,
          { verifier: { logN?: number } }
        >,
      )[0]!.verifier

    await login()
    expect((await verifier()).logN).toBeGreaterThanOrEqual(17)

    // What an older version wrote: N = 2^14, no logN.
    const stored = JSON.parse(await readFile(file, 'utf8'))
    const key = Object.keys(stored.offline)[0]!
    const { salt, hash } = await createPasswordVerifier('Demo@2026', 14)
    stored.offline[key].verifier = { salt, hash }
    await writeFile(file, JSON.stringify(stored))
    await session.logout()

    url = 'http://127.0.0.1:9' // nothing listens: offline
    await expect(login('wrong')).rejects.toMatchObject({ code: 'auth.invalidCredentials' })
    expect(await login()).toMatchObject({ status: 'signedIn', connectivity: 'offline' })
    expect((await verifier()).logN).toBeUndefined()
    await session.logout()

    url = sandbox.url
    expect(await login()).toMatchObject({ status: 'signedIn', connectivity: 'online' })
    expect((await verifier()).logN).toBe(17)
    await session.logout()

    url = 'http://127.0.0.1:9'
    expect(await login()).toMatchObject({ connectivity: 'offline' })
    await session.logout()
  }, 60_000)
})
