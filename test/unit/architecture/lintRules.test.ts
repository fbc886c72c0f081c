import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const eslint = new ESLint({ cwd: root })

async function ruleMessages(rule: string, file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === rule)
    .map((message) => message.message)
}
const restrictedImportMessages = (file: string, code: string) =>
  ruleMessages('no-restricted-imports', file, code)

describe('lint config enforces the layering', () => {
  const importElectron = "import { app } from 'electron'\nexport const name = app.getName()\n"

  it('fails a file in electron/services that imports electron', async () => {
    expect(
      await restrictedImportMessages('electron/services/cache/fixture.ts', importElectron),
    ).toHaveLength(1)
  })

  it('fails a file in shared/ that imports electron, vue or a Node module', async () => {
    expect(await restrictedImportMessages('shared/domain/fixture.ts', importElectron)).toHaveLength(
      1,
    )
    expect(
      await restrictedImportMessages(
        'shared/domain/fixture.ts',
        "import { ref } from 'vue'\nexport const x = ref(1)\n",
      ),
    ).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'shared/domain/fixture.ts',
        "import { readFile } from 'node:fs'\nexport const x = readFile\n",
      ),
    ).toHaveLength(1)
  })

  it('fails electron/ or server/ code that imports from renderer/', async () => {
    const code = "import { getPortal } from '../../renderer/bridge'\nexport const x = getPortal\n"
    expect(await restrictedImportMessages('electron/main/fixture.ts', code)).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'server/backends/fixture.ts',
        code.replace('../../', '../../../'),
      ),
    ).toHaveLength(1)
  })

  it('keeps the gateway (server/http, server/routes, server/app.ts) on the backend port, off any backend', async () => {
    const sandbox =
      "import { createSandboxBackend } from '../backends/sandbox/index'\nexport const x = createSandboxBackend\n"
    expect(await restrictedImportMessages('server/routes/fixture.ts', sandbox)).toHaveLength(1)
    expect(await restrictedImportMessages('server/http/fixture.ts', sandbox)).toHaveLength(1)
    expect(
      await restrictedImportMessages('server/app.ts', sandbox.replace('../', './')),
    ).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'server/http/fixture.ts',
        sandbox.replace('backends/sandbox/index', 'backends/sharecrm/index'),
      ),
    ).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'server/routes/fixture.ts',
        "import type { PortalBackend } from '../backend'\nexport type X = PortalBackend\n",
      ),
    ).toEqual([])
  })

  it('keeps node/ (helpers shared by electron/services and server) free of the app layers, and shared/ off node/', async () => {
    expect(
      await restrictedImportMessages(
        'node/fixture.ts',
        "import { x } from '../shared/domain'\nexport const y = x\n",
      ),
    ).toHaveLength(1)
    expect(await restrictedImportMessages('node/fixture.ts', importElectron)).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'shared/domain/fixture.ts',
        "import { writeFileAtomic } from '../../node/atomicFile'\nexport const y = writeFileAtomic\n",
      ),
    ).toHaveLength(1)
    expect(
      await restrictedImportMessages(
        'server/backends/sandbox/fixture.ts',
        "import { writeFileAtomic } from '../../../node/atomicFile'\nexport const y = writeFileAtomic\n",
      ),
    ).toEqual([])
  })

  it('fails a renderer view or component that imports the bridge, and allows stores and composables', async () => {
    const code = "import { getPortal } from '../../bridge'\nexport const x = getPortal\n"
    expect(await restrictedImportMessages('renderer/views/orders/Fixture.ts', code)).toHaveLength(1)
    expect(
      await restrictedImportMessages('renderer/components/orders/fixture.ts', code),
    ).toHaveLength(1)
    expect(
      await restrictedImportMessages('renderer/stores/fixture.ts', code.replace('../../', '../')),
    ).toEqual([])
    expect(
      await restrictedImportMessages(
        'renderer/composables/fixture.ts',
        code.replace('../../', '../'),
      ),
    ).toEqual([])
  })

  it('fails renderer code outside the bridge that reads window.portal', async () => {
    const code = 'export const portal = window.portal\n'
    expect(
      await ruleMessages('no-restricted-properties', 'renderer/stores/fixture.ts', code),
    ).toHaveLength(1)
    expect(
      await ruleMessages('no-restricted-properties', 'renderer/bridge/fixture.ts', code),
    ).toEqual([])
  })

  it('allows the composition root and the platform adapters to import electron', async () => {
    expect(await restrictedImportMessages('electron/main/fixture.ts', importElectron)).toEqual([])
    expect(await restrictedImportMessages('electron/platform/fixture.ts', importElectron)).toEqual(
      [],
    )
  })
})

describe('the typed lint (eslint.types.config.js, npm run lint:types)', () => {
  const typed = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.types.config.js') })
  const PROMISE_RULES = [
    '@typescript-eslint/no-floating-promises',
    '@typescript-eslint/no-misused-promises',
    '@typescript-eslint/await-thenable',
  ]

  it('checks promises with the type checker in electron/, server/, node/, bench/ and test/', async () => {
    for (const file of [
      'electron/main/handlers.ts',
      'server/backends/sandbox/orders.ts',
      'node/atomicFile.ts',
      'bench/harness.ts',
      'test/integration/helpers.ts',
    ]) {
      const config = (await typed.calculateConfigForFile(join(root, file))) as {
        rules: Record<string, unknown[]>
        languageOptions: { parserOptions: { projectService?: boolean } }
      }
      for (const rule of PROMISE_RULES) expect(config.rules[rule]?.[0], `${file} ${rule}`).toBe(2)
      expect(config.languageOptions.parserOptions.projectService, file).toBe(true)
    }
  })

  it('is run by npm test, after the type checks', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts
    expect(scripts['lint:types']).toMatch(/^eslint -c eslint\.types\.config\.js /)
    expect(scripts.test).toContain('npm run typecheck && npm run lint:types && ')
  })
})
