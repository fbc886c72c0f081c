import { describe, expect, it } from 'vitest'
import type { Session } from 'electron'
import { session } from 'electron'
import { installPermissionHandlers } from '../../../electron/main/permissions'
import { StubSession } from '../../fixtures/electronStub'

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'midi',
  'clipboard-read',
  'clipboard-sanitized-write',
  'fullscreen',
  'openExternal',
  'pointerLock',
  'hid',
  'serial',
  'usb',
]

describe('permission handlers', () => {
  it('deny every permission request', () => {
    const stub = new StubSession()
    installPermissionHandlers(stub as unknown as Session)
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = []
      stub.permissionRequestHandler!({}, permission, (granted) => answers.push(granted))
      expect(answers, permission).toEqual([false])
    }
  })

  it('deny every permission check, whatever the origin', () => {
    const stub = new StubSession()
    installPermissionHandlers(stub as unknown as Session)
    for (const permission of PERMISSIONS) {
      expect(stub.permissionCheckHandler!({}, permission, 'app://dealerdesk')).toBe(false)
      expect(stub.permissionCheckHandler!({}, permission, 'https://evil.example')).toBe(false)
    }
  })

  it('works on the default session the composition root passes', () => {
    installPermissionHandlers(session.defaultSession)
    const stub = session.defaultSession as unknown as StubSession
    expect(stub.permissionRequestHandler).not.toBeNull()
    expect(stub.permissionCheckHandler).not.toBeNull()
  })
})
