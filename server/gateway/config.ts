/**
 * gateway.yml (sharecrm.md "Running it"): every key may also come from an environment variable,
 * `DEALERDESK_` + the key path in upper snake case (`sharecrm.appSecret` →
 * `DEALERDESK_SHARECRM_APP_SECRET`), which wins over the file; a secret may be given as a file
 * (`appSecretFile` / `DEALERDESK_SHARECRM_APP_SECRET_FILE`), read at start and trimmed.
 * A relative `database` directory is relative to the config file.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { isPostgresUrl } from '../backends/sharecrm/db/driver'
import { buildFieldMap, type FieldMap } from '../backends/sharecrm/fieldMap'

export interface GatewayConfig {
  database: string
  host: string
  port: number
  sharecrm: {
    baseUrl: string
    appId: string
    appSecret: string
    permanentCode: string
    openUserId: string
    pollSeconds: number
    callsPer20s: number
  }
  mapping: Record<string, string>
  fieldMap: FieldMap
}

const KEYS = {
  database: 'string',
  host: 'string',
  port: 'number',
  'sharecrm.baseUrl': 'string',
  'sharecrm.appId': 'string',
  'sharecrm.appSecret': 'secret',
  'sharecrm.permanentCode': 'secret',
  'sharecrm.openUserId': 'string',
  'sharecrm.pollSeconds': 'number',
  'sharecrm.callsPer20s': 'number',
} as const

export function envName(path: string): string {
  return `DEALERDESK_${path
    .replace(/\./g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()}`
}

function get(object: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      object,
    )
}

export class ConfigError extends Error {}

/** Reads the file (optional) and the environment; throws ConfigError naming every problem. */
export function loadConfig(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  options: { requireUpstream?: boolean } = {},
): GatewayConfig {
  let raw: Record<string, unknown> = {}
  if (file) {
    let content: string
    try {
      content = readFileSync(file, 'utf8')
    } catch (error) {
      throw new ConfigError(`cannot read config ${file}: ${(error as Error).message}`)
    }
    const parsed = parse(content) as unknown
    if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed)))
      throw new ConfigError(`${file}: expected a mapping at the top`)
    raw = (parsed ?? {}) as Record<string, unknown>
  }
  const base = file ? dirname(resolve(file)) : process.cwd()
  const problems: string[] = []
  const values: Record<string, string | number | undefined> = {}
  for (const [path, kind] of Object.entries(KEYS)) {
    const fromEnv = env[envName(path)]
    const fileKey = `${path}File`
    const fromEnvFile = env[envName(fileKey)]
    let value: unknown = fromEnv ?? get(raw, path)
    const secretFile = fromEnv === undefined ? (fromEnvFile ?? get(raw, fileKey)) : undefined
    if (value === undefined && typeof secretFile === 'string') {
      try {
        value = readFileSync(resolve(base, secretFile), 'utf8').trim()
      } catch (error) {
        problems.push(`${fileKey}: cannot read ${secretFile}: ${(error as Error).message}`)
      }
    }
    if (value === undefined || value === null || value === '') continue
    if (kind === 'number') {
      const number = Number(value)
      if (!Number.isFinite(number) || number <= 0)
        problems.push(`${path}: expected a positive number, got ${JSON.stringify(value)}`)
      else values[path] = number
    } else if (typeof value === 'object') problems.push(`${path}: expected text`)
    else values[path] = String(value)
  }
  const known = new Set(['database', 'host', 'port', 'sharecrm', 'mapping'])
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`unknown key "${key}"`)
  const sharecrm = (raw.sharecrm ?? {}) as Record<string, unknown>
  for (const key of Object.keys(sharecrm)) {
    if (!(`sharecrm.${key}` in KEYS) && !(`sharecrm.${key.replace(/File$/, '')}` in KEYS))
      problems.push(`unknown key "sharecrm.${key}"`)
  }
  for (const required of options.requireUpstream === false
    ? []
    : [
        'sharecrm.baseUrl',
        'sharecrm.appId',
        'sharecrm.appSecret',
        'sharecrm.permanentCode',
        'sharecrm.openUserId',
      ]) {
    if (values[required] === undefined)
      problems.push(`${required} is required (or ${envName(required)})`)
  }
  const mapping = (raw.mapping ?? {}) as Record<string, string>
  let fieldMap: FieldMap | undefined
  try {
    fieldMap = buildFieldMap(mapping)
  } catch (error) {
    problems.push((error as Error).message)
  }
  if (problems.length)
    throw new ConfigError(`gateway config${file ? ` ${file}` : ''}:\n  ${problems.join('\n  ')}`)
  const database = String(values.database ?? './gateway-data')
  return {
    database:
      isPostgresUrl(database) || database === 'memory:' ? database : resolve(base, database),
    host: String(values.host ?? '127.0.0.1'),
    port: Number(values.port ?? 8788),
    sharecrm: {
      baseUrl: String(values['sharecrm.baseUrl']),
      appId: String(values['sharecrm.appId']),
      appSecret: String(values['sharecrm.appSecret']),
      permanentCode: String(values['sharecrm.permanentCode']),
      openUserId: String(values['sharecrm.openUserId']),
      pollSeconds: Number(values['sharecrm.pollSeconds'] ?? 60),
      callsPer20s: Math.floor(Number(values['sharecrm.callsPer20s'] ?? 80)),
    },
    mapping,
    fieldMap: fieldMap as FieldMap,
  }
}
