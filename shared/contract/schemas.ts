/** zod schemas of the values that cross the bridge (not the upstream Portal API: see shared/api). */
import { z } from 'zod'

export const LANGUAGES = ['zh-CN', 'en-US'] as const
export const Language = z.enum(LANGUAGES)
export type Language = z.infer<typeof Language>

/** The user's preferences, persisted as settings.json in the data directory. */
export const Settings = z.object({
  /** null: follow the operating system (zh-* → zh-CN, anything else → en-US). */
  language: Language.nullable(),
  /** Minutes between background syncs while signed in. */
  syncIntervalMinutes: z.int().min(1).max(240),
})
export type Settings = z.infer<typeof Settings>

export const DEFAULT_SETTINGS: Settings = { language: null, syncIntervalMinutes: 5 }

/** A change to the settings: only the fields given are changed; unknown fields are refused. */
export const SettingsPatch = Settings.partial().strict()
export type SettingsPatch = z.infer<typeof SettingsPatch>

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Node's process.platform of the host running the services. */
  platform: z.string(),
  /** The operating system locale as the host sees it (BCP 47). */
  locale: z.string(),
  dataDirectory: z.string(),
  /** 'electron' inside the desktop app, 'web' when served by the web host to a browser. */
  runtime: z.enum(['electron', 'web']),
  electronVersion: z.string().nullable(),
})
export type AppInfo = z.infer<typeof AppInfo>

/** Something the user should be told that did not come from one of their own calls. */
export const Notice = z.object({
  level: z.enum(['info', 'warning', 'error']),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})
export type Notice = z.infer<typeof Notice>
