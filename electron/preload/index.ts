/**
 * Builds `window.portal` from the contract: one function per method over `ipcRenderer.invoke`,
 * one `on<Event>` subscription per event. Nothing else, and never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildPortal, eventChannel } from '../../shared/contract/portal'
import type { Result } from '../../shared/contract'

const portal = buildPortal({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Result<unknown>>,
  subscribe: (event, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(eventChannel(event), forward)
    return () => {
      ipcRenderer.removeListener(eventChannel(event), forward)
    }
  },
})

contextBridge.exposeInMainWorld('portal', portal)
