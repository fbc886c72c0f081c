/**
 * Many instances, tested for real: a throwaway PostgreSQL 15 cluster, the ShareCRM simulator and
 * two `npm run gateway` processes on one database. The same order submitted through both at once
 * with one Idempotency-Key makes one SalesOrderObj; one token fetch serves both; killing the
 * polling leader hands polling to the other within two poll periods.
 * Skipped when PostgreSQL 15 is not installed (`.ci/run` installs Debian's `postgresql`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openGatewayDb } from '../../../server/backends/sharecrm/db/driver'
import { createUserStore } from '../../../server/backends/sharecrm/db/users'
import { startShareCrmSim, type RunningSim } from '../../../server/sharecrm-sim/server'
import {
  postgresAvailable,
  startPostgresCluster,
  type PostgresCluster,
} from '../../fixtures/postgresCluster'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const POLL_SECONDS = 3

interface Instance {
  url: string
  child: ChildProcess
  output: () => string
}

function startGateway(configFile: string, name: string): Promise<Instance> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/gateway/cli.ts', '--config', configFile, '--port', '0'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gateway ${name} did not start:\n${output}`)),
      90_000,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Gateway ready: (\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ url: match[1], child, output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`gateway ${name} exited with ${code}:\n${output}`)),
    )
  })
}

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : undefined }
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, everyMs))
  }
}

describe.skipIf(!postgresAvailable())('two gateway instances on one PostgreSQL', () => {
  let cluster: PostgresCluster
  let sim: RunningSim
  let directory: string
  let instances: Instance[] = []
  let dealerId: string

  beforeAll(async () => {
    cluster = await startPostgresCluster()
    sim = await startShareCrmSim({ port: 0, products: 200, seed: 1 })
    dealerId = String(sim.store.all('AccountObj')[0]?._id)
    directory = mkdtempSync(join(tmpdir(), 'dd-gw-'))
    const configFile = join(directory, 'gateway.yml')
    writeFileSync(
      configFile,
      [
        `database: ${cluster.url}`,
        'sharecrm:',
        `  baseUrl: ${sim.url}`,
        '  appId: sim-app',
        '  appSecret: sim-secret',
        '  permanentCode: sim-code',
        '  openUserId: FSUID_SIM',
        `  pollSeconds: ${POLL_SECONDS}`,
        '',
      ].join('\n'),
    )
    const db = await openGatewayDb(cluster.url)
    await createUserStore(db).add({
      account: 'li.qiang',
      displayName: '李强',
      password: 'correct horse',
      memberships: [{ dealerId, roles: ['orderer'] }],
    })
    await db.close()
    instances = await Promise.all([startGateway(configFile, 'a'), startGateway(configFile, 'b')])
  }, 240_000)

  afterAll(async () => {
    for (const instance of instances)
      if (instance.child.exitCode === null) instance.child.kill('SIGKILL')
    await sim?.close()
    await cluster?.stop()
    if (directory) rmSync(directory, { recursive: true, force: true })
  })

  it('fills once, makes one order of one key submitted through both, fetches one token, and fails polling over', async () => {
    const [a, b] = instances as [Instance, Instance]
    await waitFor(
      'the mirror to fill',
      async () => (await json(`${a.url}/health`)).body.mirror === 'ready',
      180_000,
      500,
    )
    const healths = await Promise.all(
      instances.map(async (instance) => (await json(`${instance.url}/health`)).body),
    )
    expect(healths.filter((health) => health.polling)).toHaveLength(1)

    const login = async (instance: Instance) =>
      (
        await json(`${instance.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account: 'li.qiang', password: 'correct horse' }),
        })
      ).body.accessToken as string
    const tokens = await Promise.all([login(a), login(b)])
    const headers = (index: number) => ({
      authorization: `Bearer ${tokens[index]}`,
      'content-type': 'application/json',
      'idempotency-key': 'two-instances-0001',
    })
    const me = (
      await json(`${b.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens[1]}` } })
    ).body
    const lists = (
      await json(`${a.url}/api/v1/dealers/${dealerId}/price-lists?since=0`, {
        headers: { authorization: `Bearer ${tokens[0]}` },
      })
    ).body
    const items = (
      await json(
        `${a.url}/api/v1/dealers/${dealerId}/price-lists/${lists.items[0].id}/items?since=0`,
        { headers: { authorization: `Bearer ${tokens[0]}` } },
      )
    ).body
    const onSale = new Set(
      sim.store
        .all('ProductObj')
        .filter((row) => row.product_status === '1')
        .map((row) => row._id),
    )
    const item = items.items.find((entry: { record: { productId: string } }) =>
      onSale.has(entry.record.productId),
    ).record
    const lines = [{ productId: item.productId, quantity: item.minQuantity }]
    const quote = (
      await json(`${a.url}/api/v1/dealers/${dealerId}/orders/quote`, {
        method: 'POST',
        headers: headers(0),
        body: JSON.stringify({ lines }),
      })
    ).body
    const order = {
      lines,
      addressId: me.dealers[0].addresses[0].id,
      payment: quote.suggestedPayment,
    }

    const before = sim.store.count('SalesOrderObj')
    const answers = await Promise.all(
      instances.map((instance, index) =>
        json(`${instance.url}/api/v1/dealers/${dealerId}/orders`, {
          method: 'POST',
          headers: headers(index),
          body: JSON.stringify(order),
        }),
      ),
    )
    expect(answers.map((answer) => answer.status)).toEqual([201, 201])
    expect(answers[1]!.body).toEqual(answers[0]!.body)
    expect(sim.store.count('SalesOrderObj')).toBe(before + 1)
    expect(
      sim.store.find('SalesOrderObj', (row) => row.dd_idempotency_key__c === 'two-instances-0001'),
    ).toHaveLength(1)
    // Both instances called ShareCRM (polling, writing) with one token between them.
    expect(sim.control.counters.tokensIssued).toBe(1)

    const leader = healths[0]!.polling ? a : b
    const standby = leader === a ? b : a
    const killedAt = Date.now()
    leader.child.kill('SIGKILL')
    await waitFor(
      'the standby to take over polling',
      async () => (await json(`${standby.url}/health`)).body.polling === true,
      4 * POLL_SECONDS * 1000,
    )
    expect(Date.now() - killedAt).toBeLessThanOrEqual(2 * POLL_SECONDS * 1000)

    // The new leader polls: an approval in ShareCRM reaches the order feed through it.
    sim.ops.approveOrder(answers[0]!.body.id)
    const standbyToken = leader === a ? tokens[1] : tokens[0]
    await waitFor(
      'the approval to reach the feed',
      async () => {
        const feed = (
          await json(`${standby.url}/api/v1/dealers/${dealerId}/orders?since=0&limit=5000`, {
            headers: { authorization: `Bearer ${standbyToken}` },
          })
        ).body
        return feed.items.some(
          (entry: { id: string; record?: { status: string } }) =>
            entry.id === answers[0]!.body.id && entry.record?.status === 'confirmed',
        )
      },
      4 * POLL_SECONDS * 1000 + 30_000,
      250,
    )
  }, 300_000)
})
