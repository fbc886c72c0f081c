/**
 * The implementation side of the contract: one function per method, delegating to services.
 * Shared by the Electron main process and the web host.
 */
import type { AppInfo } from '../../shared/contract'
import type { Handlers } from '../ipc/registry'
import type { SettingsService } from '../services/settings/settingsService'

export interface HandlerServices {
  appInfo: AppInfo
  settings: SettingsService
}

export function createHandlers(services: HandlerServices): Handlers {
  return {
    app: {
      info: () => services.appInfo,
    },
    settings: {
      get: () => services.settings.get(),
      set: (patch) => services.settings.set(patch),
    },
  }
}
