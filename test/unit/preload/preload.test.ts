import { beforeAll, describe, expect, it } from 'vitest'
import { contextBridge, ipcRenderer } from '../../fixtures/electronStub'
import { channels, events } from '../../../shared/contract'
import { subscriptionName, type PortalApi } from '../../../shared/contract/portal'

describe('preload (against the electron stub)', () => {
  let portal: PortalApi
  beforeAll(async () => {
    await import('../../../electron/preload/index')
    portal = contextBridge.exposed.get('portal') as PortalApi
  })

  it('exposes only `portal`, never ipcRenderer', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['portal'])
    expect(JSON.stringify(Object.keys(portal))).not.toContain('ipcRenderer')
  })

  it('has one function per contract method, invoking its domain:method channel', async () => {
    for (const channel of channels) {
      const [domain, method] = channel.split(':') as [keyof PortalApi, string]
      const fn = (
        portal[domain] as unknown as Record<string, (input?: unknown) => Promise<unknown>>
      )[method]
      expect(typeof fn).toBe('function')
      await fn!({ probe: channel })
      expect(ipcRenderer.invocations.at(-1)).toEqual({ channel, input: { probe: channel } })
    }
  })

  it('has an on<Event> subscription per event that returns an unsubscribe function', () => {
    for (const event of Object.keys(events)) {
      expect(typeof (portal as unknown as Record<string, unknown>)[subscriptionName(event)]).toBe(
        'function',
      )
    }
    const received: unknown[] = []
    const unsubscribe = portal.onSettingsChanged((payload) => received.push(payload))
    ipcRenderer.deliver('event:settings:changed', { language: 'en-US' })
    unsubscribe()
    ipcRenderer.deliver('event:settings:changed', { language: 'zh-CN' })
    expect(received).toEqual([{ language: 'en-US' }])
    expect(ipcRenderer.listenerCount('event:settings:changed')).toBe(0)
  })
})
