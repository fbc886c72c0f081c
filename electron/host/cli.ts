/**
 * `npm run web`: the web host. Runs the same core (services + handler registry) as the desktop app
 * and serves the built renderer on 127.0.0.1, then prints
 *   Web host ready: http://127.0.0.1:<port>/#token=<token>
 * Flags: --port <n> (default 5180; 0 = any free port), --data <dir> (default: the user data
 * directory, as Electron uses), --renderer <dir> (default dist/renderer), --config <file> (the IT
 * configuration, see electron/main/managedConfig.ts; default DEALERDESK_CONFIG, else the platform's location).
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import packageJson from '../../package.json'
import { defaultUserDataDirectory } from '../../server/paths'
import { startSandbox } from '../../server/sandbox'
import { createFileSecretStore } from '../services/session/secretStore'
import { createSenderCheck } from '../ipc/trustedSender'
import { createCore } from '../main/core'
import { loadManagedConfig, managedConfigFile } from '../main/managedConfig'
import { startWebHost } from './web'

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url))

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5180' },
      data: { type: 'string' },
      renderer: { type: 'string', default: join(repositoryRoot, 'dist', 'renderer') },
      config: { type: 'string' },
    },
    strict: true,
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`)
  const rendererDirectory = resolve(values.renderer)
  if (!existsSync(join(rendererDirectory, 'index.html'))) {
    throw new Error(
      `No built renderer in ${rendererDirectory}: run \`npm run web\` (it builds first).`,
    )
  }
  const dataDirectory = resolve(values.data ?? defaultUserDataDirectory())

  let isTrustedSender: (url: string) => boolean = () => false
  const core = createCore({
    appInfo: {
      name: 'DealerDesk',
      version: packageJson.version,
      platform: process.platform,
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      dataDirectory,
      runtime: 'web',
      electronVersion: null,
    },
    isTrustedSender: (url) => isTrustedSender(url),
    // The browser run has no OS keychain: the plain-text fallback store (see secretStore.ts).
    secrets: createFileSecretStore({ file: join(dataDirectory, 'secrets.json') }),
    startSandbox: () =>
      startSandbox({ dataFile: join(dataDirectory, 'sandbox', 'sandbox.sqlite') }),
    managed: loadManagedConfig(
      managedConfigFile({ explicit: values.config, platform: process.platform, env: process.env }),
    ),
  })
  const token = randomBytes(24).toString('base64url')
  const host = await startWebHost({
    registry: core.registry,
    hub: core.hub,
    token,
    rendererDirectory,
    port,
    onListening: (origins) => {
      isTrustedSender = createSenderCheck(origins)
    },
  })
  console.log(`Web host ready: ${host.url}`)

  const shutdown = () => {
    void host
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
