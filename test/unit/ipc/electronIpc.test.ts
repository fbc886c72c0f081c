import { beforeEach, describe, expect, it } from 'vitest'
import type { IpcMain, WebContents } from 'electron'
import { ipcMain, StubWebContents } from '../../fixtures/electronStub'
import { channels, DEFAULT_SETTINGS } from '../../../shared/contract'
import { createEventHub } from '../../../electron/ipc/eventHub'
import { forwardEventsToWindows, mountRegistryOnIpc } from '../../../electron/ipc/electronIpc'
import { createRegistry } from '../../../electron/ipc/registry'
import { createSenderCheck } from '../../../electron/ipc/trustedSender'
import { fakeHandlers, TEST_APP_INFO } from '../../fixtures/fakeHandlers'

const appInfo = {
  ...TEST_APP_INFO,
  version: '9.9.9',
  runtime: 'electron' as const,
  electronVersion: '45.4.1',
}

describe('registry mounted on Electron IPC (against the electron stub)', () => {
  let unmount: () => void
  beforeEach(() => {
    unmount?.()
    const registry = createRegistry({
      handlers: fakeHandlers({ app: { info: () => appInfo } }),
      isTrustedSender: createSenderCheck(['app://dealerdesk']),
      logger: { error: () => undefined },
    })
    unmount = mountRegistryOnIpc(ipcMain as unknown as IpcMain, registry)
  })

  it('registers one invoke handler per contract channel and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channels].sort())
  })

  it('answers a call from the app frame', async () => {
    await expect(ipcMain.invokeFrom('app://dealerdesk/index.html', 'app:info')).resolves.toEqual({
      ok: true,
      data: appInfo,
    })
  })

  it('refuses a bridge call from a foreign-origin frame (e.g. an injected iframe)', async () => {
    await expect(
      ipcMain.invokeFrom('https://attacker.example/frame.html', 'settings:set', {
        language: 'en-US',
      }),
    ).resolves.toEqual({
      ok: false,
      error: { code: 'bridge.untrustedSender' },
    })
  })

  it('refuses a call whose sender frame is gone', async () => {
    const handler = ipcMain.handlers.get('app:info')!
    await expect(Promise.resolve(handler({ senderFrame: null }))).resolves.toMatchObject({
      ok: false,
    })
  })

  it('forwards hub events to every window on the event channel', () => {
    const hub = createEventHub()
    const contents = new StubWebContents()
    forwardEventsToWindows(hub, () => [contents as unknown as WebContents])
    hub.emit('settings:changed', { ...DEFAULT_SETTINGS, language: 'en-US' })
    expect(contents.sent).toEqual([
      { channel: 'event:settings:changed', payload: { ...DEFAULT_SETTINGS, language: 'en-US' } },
    ])
  })

  it('refuses to emit an event payload that breaks the contract', () => {
    const hub = createEventHub()
    expect(() => hub.emit('settings:changed', { language: 'xx' } as never)).toThrow()
  })
})
