import { describe, expect, it, vi } from 'vitest'
import { PortalError } from '../../../shared/contract'
import { createRegistry, type Handlers } from '../../../electron/ipc/registry'
import { createSenderCheck } from '../../../electron/ipc/trustedSender'
import { fakeHandlers } from '../../fixtures/fakeHandlers'

function handlers(overrides: Partial<Handlers['settings']> = {}): Handlers {
  return fakeHandlers({ settings: overrides })
}

const trusted = { senderUrl: 'app://dealerdesk/index.html' }
const quietLogger = { error: vi.fn() }
const registry = (custom?: Handlers) =>
  createRegistry({
    handlers: custom ?? handlers(),
    isTrustedSender: createSenderCheck(['app://dealerdesk']),
    logger: quietLogger,
  })

describe('handler registry', () => {
  it('wraps a handler result in the ok envelope', async () => {
    await expect(registry().invoke('app:info', undefined, trusted)).resolves.toMatchObject({
      ok: true,
      data: { version: '1.2.3' },
    })
  })

  it('answers bridge.invalidInput for a wrong-typed argument, naming the field, without calling the service', async () => {
    const set = vi.fn()
    const result = await registry(handlers({ set })).invoke(
      'settings:set',
      { language: 42 },
      trusted,
    )
    expect(result).toEqual({
      ok: false,
      error: { code: 'bridge.invalidInput', params: expect.objectContaining({ path: 'language' }) },
    })
    expect(set).not.toHaveBeenCalled()
  })

  it('refuses unknown fields in a settings change', async () => {
    const result = await registry().invoke(
      'settings:set',
      { language: 'zh-CN', admin: true },
      trusted,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'bridge.invalidInput' } })
  })

  it('refuses a call from a frame outside the app origin', async () => {
    for (const senderUrl of [
      'https://evil.example/',
      'app://other/index.html',
      'file:///etc/passwd',
      '',
    ]) {
      const result = await registry().invoke('app:info', undefined, { senderUrl })
      expect(result).toEqual({ ok: false, error: { code: 'bridge.untrustedSender' } })
    }
  })

  it('answers bridge.unknownChannel for a channel not in the contract', async () => {
    for (const channel of [
      'app:nope',
      'nope:info',
      'app',
      'app:info:extra',
      '__proto__:constructor',
    ]) {
      await expect(registry().invoke(channel, undefined, trusted)).resolves.toMatchObject({
        ok: false,
        error: { code: 'bridge.unknownChannel' },
      })
    }
  })

  it('passes a business refusal through as its code and parameters', async () => {
    const result = await registry(
      handlers({
        set: () => {
          throw new PortalError('settings.readOnly', { field: 'language' })
        },
      }),
    ).invoke('settings:set', { language: 'en-US' }, trusted)
    expect(result).toEqual({
      ok: false,
      error: { code: 'settings.readOnly', params: { field: 'language' } },
    })
  })

  it('turns an unexpected failure into app.unexpected and logs it instead of throwing', async () => {
    const result = await registry(
      handlers({
        get: () => {
          throw new Error('disk on fire')
        },
      }),
    ).invoke('settings:get', undefined, trusted)
    expect(result).toEqual({
      ok: false,
      error: { code: 'app.unexpected', params: { channel: 'settings:get' } },
    })
    expect(quietLogger.error).toHaveBeenCalled()
  })

  it('refuses to return output that breaks the contract', async () => {
    const broken = handlers({ get: () => ({ language: 'fr-FR' }) as never })
    await expect(
      registry(broken).invoke('settings:get', undefined, trusted),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'bridge.invalidOutput' },
    })
  })
})

describe('sender check', () => {
  it('compares scheme, host and port, also for custom schemes', () => {
    const check = createSenderCheck(['app://dealerdesk', 'http://127.0.0.1:5180'])
    expect(check('app://dealerdesk/index.html#/orders')).toBe(true)
    expect(check('http://127.0.0.1:5180/')).toBe(true)
    expect(check('http://127.0.0.1:5181/')).toBe(false)
    expect(check('https://127.0.0.1:5180/')).toBe(false)
    expect(check('app://dealerdesk.evil/index.html')).toBe(false)
    expect(check('not a url')).toBe(false)
  })
})
