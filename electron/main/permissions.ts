/**
 * Browser permissions for every session: all denied. DealerDesk needs none of them — notifications
 * are shown by the main process (electron/platform/notifications.ts), printing and saving PDFs go
 * through IPC to main, there is no camera, microphone, geolocation, clipboard-read, MIDI, HID,
 * serial or fullscreen-by-page use. Denying by default means a compromised or injected page can
 * never prompt for one (Electron security checklist item 5).
 */
import type { Session } from 'electron'

/** The subset of Electron's Session this module calls (the unit-test stub implements just this). */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler'
>

export function installPermissionHandlers(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
