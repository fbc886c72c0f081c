/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
/**
 * A 2xx means durable: the sandbox runs as its own process on a data file and is killed with
 * SIGKILL in the middle of bursts of order submissions from 8 concurrent clients, 5 rounds. After
 * each restart every acknowledged order is there with the same id and number, no id or number was
 * issued twice, a retry of an acknowledged submission replays it, no temporary file is left, and
 * the data file is readable by its owner only.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import type { Order } from '../../shared/api'
import { PASSWORD } from './helpers'

const root = fileURLToPath(new URL('../../', import.meta.url))
const OPERATOR = 'crash-test-operator'
const ROUNDS = 5
const CLIENTS = 8

interface Running {
  child: ChildProcess
  url: string
  exited: Promise<void>
}

async function startProcess(dataFile: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli.ts',
      '--port',
      '0',
      '--data',
      dataFile,
      '--products',
      '200',
      '--operator-token',
      OPERATOR,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${output}`)), 90_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Sandbox ready: (\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    void exited.then(() => reject(new Error(`sandbox exited:\n${output}`)))
  })
  return { child, url, exited }
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init)
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

const folders: string[] = []
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true })
})

describe('sandbox crash safety (SIGKILL during submit bursts)', () => {
  it(
    `keeps every acknowledged order, with its id and number, across ${ROUNDS} kills`,
    { timeout: 600_000 },
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-crash-'))
      folders.push(folder)
      const dataFile = join(folder, 'sandbox.sqlite')
      const acknowledged = new Map<string, { id: string; number: string }>()
      let running = await startProcess(dataFile)
      const api = (path: string) => `${running.url}/api/v1${path}`
      const operator = (path: string, body: unknown) =>
        json(`${running.url}/sandbox${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-operator-token': OPERATOR },
          body: JSON.stringify(body),
        })
      const signIn = async () => {
        const login = await json(api('/auth/login'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account: 'agent.li', password: PASSWORD }),
        })
        expect(login.status).toBe(200)
        return login.body.accessToken as string
      }
      expect((await operator('/dealers/d_cd/top-up', { amount: 5_000_000_000 })).status).toBe(200)
      const lines = [{ productId: 'P000003', quantity: 1 }]
      let token = await signIn()
      const quote = await json(api('/dealers/d_cd/orders/quote'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ lines }),
      })
      const body = JSON.stringify({
        lines,
        addressId: 'adr_cd_1',
        payment: { deposit: quote.body.total, rebate: 0, credit: 0 },
      })
      let lostInFlight = 0

      for (let round = 1; round <= ROUNDS; round++) {
        let stop = false
        const submit = async (client: number) => {
          for (let n = 0; !stop; n++) {
            const key = `crash-r${round}-c${client}-${n}`
            try {
              const answer = await json(api('/dealers/d_cd/orders'), {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  authorization: `Bearer ${token}`,
                  'idempotency-key': key,
                },
                body,
              })
              if (answer.status === 201)
                acknowledged.set(key, { id: answer.body.id, number: answer.body.number })
              else if (!stop)
                throw new Error(`submit answered ${answer.status}: ${JSON.stringify(answer.body)}`)
            } catch (error) {
              if (!stop) throw error
              lostInFlight++ // no answer: the client does not know, and will retry with the key
            }
          }
        }
        const before = acknowledged.size
        const clients = Array.from({ length: CLIENTS }, (_, client) => submit(client))
        // Kill in the middle of the burst: once this round has acknowledged orders, at a varying moment.
        while (acknowledged.size - before < 2 * CLIENTS)
          await new Promise((resolve) => setTimeout(resolve, 10))
        await new Promise((resolve) => setTimeout(resolve, round * 37))
        stop = true
        running.child.kill('SIGKILL')
        await running.exited
        await Promise.allSettled(clients)

        running = await startProcess(dataFile)
        token = await signIn()
        expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([])
        if (process.platform !== 'win32') expect((await stat(dataFile)).mode & 0o777).toBe(0o600)
        const feed = await json(api('/dealers/d_cd/orders?since=0&limit=5000'), {
          headers: { authorization: `Bearer ${token}` },
        })
        const orders = (feed.body.items as { deleted: boolean; record: Order }[])
          .filter((item) => !item.deleted)
          .map((item) => item.record)
        expect(new Set(orders.map((order) => order.id)).size).toBe(orders.length)
        expect(new Set(orders.map((order) => order.number)).size).toBe(orders.length)
        const byId = new Map(orders.map((order) => [order.id, order.number]))
        const missing = [...acknowledged.values()].filter(
          (order) => byId.get(order.id) !== order.number,
        )
        expect(missing, `round ${round}: acknowledged orders lost or renumbered`).toEqual([])
        // A client that got its 201 and retries anyway gets the same order back.
        const [someKey, someOrder] = [...acknowledged.entries()].at(-1)!
        const replay = await json(api('/dealers/d_cd/orders'), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': someKey,
          },
          body,
        })
        expect(replay.status).toBe(201)
        expect(replay.body).toMatchObject(someOrder)
      }
      console.log(
        `crash test: ${ROUNDS} kills, ${acknowledged.size} orders acknowledged and all kept, ${lostInFlight} requests cut off in flight`,
      )
      expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS * 2 * CLIENTS)
      running.child.kill('SIGTERM')
      await running.exited
    },
  )
})
