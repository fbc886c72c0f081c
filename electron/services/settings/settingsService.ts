/**
 * The user's preferences (settings.json in the data directory). Reads are served from memory after
 * the first load; every change is written atomically before `set` resolves, then announced as
 * `settings:changed`.
 */
import { join } from 'node:path'
import {
  DEFAULT_DOCUMENT_SETTINGS,
  DEFAULT_SETTINGS,
  DocumentSettings,
  Settings,
  type SettingsPatch,
} from '../../../shared/contract'
import { createJsonFile } from '../storage/jsonFile'

export interface SettingsService {
  get(): Promise<Settings>
  set(patch: SettingsPatch): Promise<Settings>
}

export interface SettingsServiceDependencies {
  dataDirectory: string
  onChanged?: (settings: Settings) => void
  /** Called when settings.json was unreadable and has been moved aside. */
  onCorrupt?: (asidePath: string) => void
}

export const SETTINGS_FILE_NAME = 'settings.json'

export function createSettingsService(dependencies: SettingsServiceDependencies): SettingsService {
  const file = createJsonFile({
    path: join(dependencies.dataDirectory, SETTINGS_FILE_NAME),
    // Tolerant read: fields added later get their defaults, unknown fields are dropped.
    schema: Settings.partial()
      .extend({ documents: DocumentSettings.partial().optional() })
      .transform((stored): Settings => ({
        ...DEFAULT_SETTINGS,
        ...stored,
        documents: { ...DEFAULT_DOCUMENT_SETTINGS, ...stored.documents },
      })),
    defaults: () => ({ ...DEFAULT_SETTINGS }),
    onCorrupt: dependencies.onCorrupt,
  })
  let current: Promise<Settings> | undefined

  function get(): Promise<Settings> {
    current ??= file.read()
    return current
  }

  async function set(patch: SettingsPatch): Promise<Settings> {
    const next: Settings = { ...(await get()), ...patch }
    await file.write(next)
    current = Promise.resolve(next)
    dependencies.onChanged?.(next)
    return next
  }

  return { get, set }
}
