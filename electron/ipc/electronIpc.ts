/**
 * Mounts the registry on Electron's IPC: one `ipcMain.handle` per contract channel (never
 * `ipcMain.on`, never `sendSync`), and forwards hub events to every window. Typed against
 * electron.d.ts; the objects are passed in by the composition root.
 */
import type { IpcMain, WebContents } from 'electron'
import { eventChannel } from '../../shared/contract/portal'
import type { EventHub } from './eventHub'
import type { Registry } from './registry'

export function mountRegistryOnIpc(ipcMain: IpcMain, registry: Registry): () => void {
  for (const channel of registry.channels) {
    ipcMain.handle(channel, (event, input: unknown) =>
      registry.invoke(channel, input, { senderUrl: event.senderFrame?.url ?? '' }),
    )
  }
  return () => {
    for (const channel of registry.channels) ipcMain.removeHandler(channel)
  }
}

export function forwardEventsToWindows(
  hub: EventHub,
  allWebContents: () => WebContents[],
): () => void {
  return hub.subscribe((event, payload) => {
    for (const contents of allWebContents()) {
      if (!contents.isDestroyed()) contents.send(eventChannel(event), payload)
    }
  })
}
