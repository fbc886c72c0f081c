/**
 * The manufacturer's side of statement confirmation over ShareCRM: `npm run gateway -- statements
 * issue | resolve | list` on the gateway's database (embedded PostgreSQL, the mirror filled by an
 * earlier run), from the mirror's ledger, written to ShareCRM's `dd_statement__c`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { StatementPeriod, StatementPeriodList } from '../../../shared/api'
import { chinaPeriod, chinaPeriodBounds } from '../../../shared/domain'
import { buildFieldMap } from '../../../server/backends/sharecrm/fieldMap'
import type { GatewayConfig } from '../../../server/gateway/config'
import { openShareCrmServices } from '../../../server/gateway/start'
import { startShareCrmSim, type RunningSim } from '../../../server/sharecrm-sim/server'

const root = fileURLToPath(new URL('../../../', import.meta.url))
let sim: RunningSim
let directory: string
let configFile: string
let dealerId: string
const period = chinaPeriod(chinaPeriodBounds(chinaPeriod(Date.now())).from - 1)

beforeAll(async () => {
  sim = await startShareCrmSim({ port: 0, products: 100, seed: 3, callsPer20s: 100_000 })
  dealerId = String(sim.store.all('AccountObj')[0]?._id)
  directory = mkdtempSync(join(tmpdir(), 'dd-gw-statements-'))
  const database = join(directory, 'gateway-data')
  const config: GatewayConfig = {
    database,
    host: '127.0.0.1',
    port: 0,
    sharecrm: {
      baseUrl: sim.url,
      appId: 'sim-app',
      appSecret: 'sim-secret',
      permanentCode: 'sim-code',
      openUserId: 'FSUID_SIM',
      pollSeconds: 3600,
      callsPer20s: 10_000,
    },
    mapping: {},
    fieldMap: buildFieldMap(),
  }
  // A gateway ran before: the mirror is filled. Then it stopped (one process per directory).
  const services = await openShareCrmServices(config, { poll: false, instanceId: 'fill' })
  await services.mirror.tick()
  await services.backend.close()
  configFile = join(directory, 'gateway.yml')
  writeFileSync(
    configFile,
    [
      `database: ${database}`,
      'sharecrm:',
      `  baseUrl: ${sim.url}`,
      '  appId: sim-app',
      '  appSecret: sim-secret',
      '  permanentCode: sim-code',
      '  openUserId: FSUID_SIM',
      '',
    ].join('\n'),
  )
}, 120_000)
afterAll(async () => {
  await sim.close()
  rmSync(directory, { recursive: true, force: true })
})

async function gateway(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'server/gateway/cli.ts', ...args, '--config', configFile],
      { cwd: root },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

it('issues a month from the mirror, writes dd_statement__c, lists it; resolve needs a dispute', async () => {
  const issued = await gateway('statements', 'issue', dealerId, period)
  expect(issued.code, issued.stderr).toBe(0)
  const record = StatementPeriod.parse(JSON.parse(issued.stdout))
  expect(record).toMatchObject({ period, status: 'issued', issuedBy: 'gateway-cli' })
  const upstream = sim.store
    .all('dd_statement__c')
    .filter((row) => row.account_id === dealerId && row.period === period)
  expect(upstream).toHaveLength(1)
  expect(upstream[0]?.status).toBe('issued')

  const listed = await gateway('statements', 'list', dealerId)
  expect(StatementPeriodList.parse(JSON.parse(listed.stdout)).items[0]?.period).toBe(period)

  const resolve = await gateway('statements', 'resolve', dealerId, period, 'nothing', 'to', 'do')
  expect(resolve.code).not.toBe(0)
  expect(resolve.stderr).toContain('statement.notDisputed')
  const missing = await gateway('statements', 'issue', dealerId)
  expect(missing.code).not.toBe(0)
  expect(missing.stderr).toContain('needs <dealerId> <YYYY-MM>')
}, 120_000)
