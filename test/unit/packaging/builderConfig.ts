import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const root = fileURLToPath(new URL('../../../', import.meta.url))

export interface TargetEntry {
  target: string
  arch?: string[]
}

interface PlatformConfig {
  target: TargetEntry[]
  icon: string
  [key: string]: unknown
}

/** The fields of electron-builder.yml the tests read (unchecked cast: the tests check them). */
export interface BuilderConfig {
  appId: string
  productName: string
  executableName: string
  artifactName: string
  asar: boolean
  npmRebuild: boolean
  files: string[]
  extraResources: Array<{ from: string; to: string }>
  electronFuses: Record<string, boolean>
  publish: { provider: string; url: string }
  win: PlatformConfig
  mac: PlatformConfig & {
    hardenedRuntime: boolean
    entitlements: string
    entitlementsInherit: string
  }
  linux: PlatformConfig & { desktop: { entry: Record<string, string> } }
  nsis: Record<string, unknown> & {
    artifactName: string
    shortcutName: string
    installerLanguages: string[]
  }
}

export function loadBuilderConfig(): BuilderConfig {
  return parse(readFileSync(root + 'electron-builder.yml', 'utf8')) as BuilderConfig
}
