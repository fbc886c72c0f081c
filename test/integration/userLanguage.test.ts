import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from '../../server/sandbox'
import { createCore } from '../../electron/main/core'
import { createFileSecretStore } from '../../electron/services/session/secretStore'

let core: ReturnType<typeof createCore>
beforeAll(async () => {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-language-'))
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
    startSandbox: () => startSandbox({ products: 30, seed: 5 }),
  })
}, 60_000)
afterAll(async () => {
  await core.close()
})

async function invoke<T>(channel: string, input?: unknown): Promise<T> {
  const result = await core.registry.invoke(channel, input, { senderUrl: 'app://dealerdesk/' })
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`)
  return result.data as T
}
const signIn = (account: string) =>
  invoke('session:login', {
    server: { kind: 'sandbox' },
    account,
    password: 'Demo@2026',
    remember: false,
  })
const language = async () => (await invoke<{ language: string | null }>('settings:get')).language

describe('the interface language per user', () => {
  it('follows whoever signs in: their last choice, else their profile; the login screen keeps the last one', async () => {
    await invoke('settings:set', { language: 'zh-CN' }) // someone chose 中文 before
    await signIn('hk.buyer')
    await expect.poll(language).toBe('en-US') // prefers English
    // Settings can show the demo sandbox's address and operator token (for trainers).
    const state = await invoke<{
      server: { kind: string; url: string | null; operatorToken?: string }
    }>('session:state')
    expect(state.server).toMatchObject({
      kind: 'sandbox',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
      operatorToken: 'sandbox-operator',
    })
    await invoke('session:logout')
    expect(await language()).toBe('en-US') // the login screen: the last one

    await signIn('agent.li')
    await expect.poll(language).toBe('zh-CN')
    await invoke('settings:set', { language: 'en-US' }) // agent.li switches to English
    await invoke('session:logout')

    await signIn('hk.buyer')
    await expect.poll(language).toBe('en-US')
    await invoke('settings:set', { language: 'zh-CN' }) // hk.buyer tries Chinese
    await invoke('session:logout')

    await signIn('agent.li')
    await expect.poll(language).toBe('en-US') // agent.li's own choice, not hk.buyer's
    await invoke('session:logout')
    await signIn('hk.buyer')
    await expect.poll(language).toBe('zh-CN')
    await invoke('session:logout')
  }, 120_000)
})
