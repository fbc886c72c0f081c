/**
 * Everything the app runs that does not need Electron: services, the event hub and the handler
 * registry. The Electron composition root (index.ts) and the web host (../host/cli.ts) both build
 * exactly this, so a browser run exercises the same code as the desktop app.
 */
import type { AppInfo } from '../../shared/contract'
import { createEventHub, type EventHub } from '../ipc/eventHub'
import { createRegistry, type Logger, type Registry } from '../ipc/registry'
import { createSettingsService, type SettingsService } from '../services/settings/settingsService'
import { createHandlers } from './handlers'

export interface CoreOptions {
  appInfo: AppInfo
  isTrustedSender: (senderUrl: string) => boolean
  logger?: Logger
}

export interface Core {
  hub: EventHub
  registry: Registry
  settings: SettingsService
}

export function createCore(options: CoreOptions): Core {
  const hub = createEventHub()
  const settings = createSettingsService({
    dataDirectory: options.appInfo.dataDirectory,
    onChanged: (next) => hub.emit('settings:changed', next),
    onCorrupt: () => hub.emit('app:notice', { level: 'warning', code: 'notice.settings.reset' }),
  })
  const handlers = createHandlers({ appInfo: options.appInfo, settings })
  const registry = createRegistry({
    handlers,
    isTrustedSender: options.isTrustedSender,
    logger: options.logger,
  })
  return { hub, registry, settings }
}
