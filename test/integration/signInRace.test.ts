/**
 * A call made right after sign-in, while the dealer's cache is still opening in its worker, waits
 * for the cache instead of failing with session.signedOut (the screens the app shows first ask at
 * once); a call when signed out still fails with session.signedOut.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createCore, type Core } from '../../electron/main/core'
import { createFileSecretStore } from '../../electron/services/session/secretStore'

let sandbox: RunningSandbox
let core: Core

beforeAll(async () => {
  sandbox = await startSandbox({ products: 30, seed: 5 })
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-sign-in-race-'))
  core = createCore({
    appInfo: {
      name: 'DealerDesk',
      version: '1.0.0',
      platform: 'linux',
      locale: 'zh-CN',
      dataDirectory,
      runtime: 'web',
      electronVersion: null,
    },
    isTrustedSender: () => true,
    secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
    startSandbox: async () => ({ url: sandbox.url, close: async () => undefined }),
  })
  await core.ready
}, 60_000)
afterAll(async () => {
  await core.close()
  await sandbox.close()
})

const invoke = (channel: string, input?: unknown) =>
  core.registry.invoke(channel, input, { senderUrl: 'app://dealerdesk/' })

/** The calls the first screens make, each answered from the dealer's cache. */
const firstScreenCalls = () =>
  Promise.all([
    invoke('home:overview'),
    invoke('orders:list', {}),
    invoke('deliveries:list', {}),
    invoke('account:balances'),
    invoke('catalog:categories'),
    invoke('cart:get'),
  ])

describe('calls made while the dealer cache opens', () => {
  it('wait for the cache right after sign-in, and fail with session.signedOut once signed out', async () => {
    // The calls start the moment the session is signed in (as a screen shown on that event would
    // ask), before the workspace has even begun opening the dealer's cache.
    let early: ReturnType<typeof firstScreenCalls> | undefined
    let cacheWhenAsked: unknown
    const unsubscribe = core.hub.subscribe((event, payload) => {
      if (event !== 'session:changed' || early) return
      if ((payload as { status: string }).status !== 'signedIn') return
      cacheWhenAsked = core.workspace.database()
      early = firstScreenCalls()
    })
    const login = await invoke('session:login', {
      server: { kind: 'url', url: sandbox.url },
      account: 'sh.admin',
      password: 'Demo@2026',
      remember: false,
    })
    unsubscribe()
    expect(login.ok).toBe(true)
    expect(early).toBeDefined()
    expect(cacheWhenAsked).toBeNull()
    const answers = await early!
    expect(answers.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual(
      answers.map(() => 'ok'),
    )
    // The home overview (null without a cache) is the dealer's.
    expect(answers[0]).toMatchObject({ ok: true, data: { dealerId: 'd_sh' } })
    expect(core.workspace.database()).not.toBeNull()
    // Asked again at once after the sign-in resolved: answered too.
    const again = await firstScreenCalls()
    expect(again.every((answer) => answer.ok)).toBe(true)

    expect((await invoke('session:logout')).ok).toBe(true)
    const refused = await firstScreenCalls()
    expect(refused.map((answer) => (answer.ok ? 'ok' : answer.error.code))).toEqual([
      'ok', // home:overview answers null when signed out
      'session.signedOut',
      'session.signedOut',
      'session.signedOut',
      'session.signedOut',
      'session.signedOut',
    ])
  })
})
