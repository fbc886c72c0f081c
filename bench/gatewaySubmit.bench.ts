/**
 * gateway.submit.rps: order submissions per second answered 201 by the sandbox gateway over
 * loopback HTTP, durable (each answer waits until its transaction is appended to the journal and
 * fdatasync'ed; concurrent submissions share one append), on the default demo data (2,000 products):
 * - gateway.submit.rps.sequential: one client, one submission after the other;
 * - gateway.submit.rps.8clients: 8 concurrent clients;
 * - gateway.submit.rps.8clients.memory: the same against an in-memory sandbox (no saves), to show
 *   what durability costs.
 * Each figure is measured over a few seconds after a warm-up; the machine may be shared: noisy.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox, type RunningSandbox } from '../server/sandbox'
import { defineSuite, type BenchResult } from './harness'

const WINDOW_MS = 4000

async function submitRate(sandbox: RunningSandbox, clients: number): Promise<number> {
  const api = `${sandbox.url}/api/v1`
  await fetch(`${sandbox.url}/sandbox/dealers/d_cd/top-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-operator-token': sandbox.operatorToken },
    body: JSON.stringify({ amount: 50_000_000_000 }),
  })
  const login = (await (
    await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'agent.li', password: 'Demo@2026' }),
    })
  ).json()) as { accessToken: string }
  const headers = {
    authorization: `Bearer ${login.accessToken}`,
    'content-type': 'application/json',
  }
  const lines = [{ productId: 'P000003', quantity: 1 }]
  const quote = (await (
    await fetch(`${api}/dealers/d_cd/orders/quote`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ lines }),
    })
  ).json()) as { total: number }
  const body = JSON.stringify({
    lines,
    addressId: 'adr_cd_1',
    payment: { deposit: quote.total, rebate: 0, credit: 0 },
  })
  let counter = 0
  const submit = async () => {
    const response = await fetch(`${api}/dealers/d_cd/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-${process.pid}-${++counter}` },
      body,
    })
    await response.text()
    if (response.status !== 201) throw new Error(`submit answered ${response.status}`)
  }
  const runFor = async (ms: number) => {
    const until = performance.now() + ms
    let done = 0
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          await submit()
          done++
        }
      }),
    )
    return done
  }
  await runFor(500)
  const started = performance.now()
  const done = await runFor(WINDOW_MS)
  return Math.round(done / ((performance.now() - started) / 1000))
}

export default defineSuite({
  name: 'gateway.submit',
  ids: [
    'gateway.submit.rps.sequential',
    'gateway.submit.rps.8clients',
    'gateway.submit.rps.8clients.memory',
  ],
  async run() {
    const results: BenchResult[] = []
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-submit-'))
    try {
      const durable = await startSandbox({
        dataFile: join(folder, 'sandbox.sqlite'),
        products: 2000,
      })
      try {
        results.push({
          id: 'gateway.submit.rps.sequential',
          value: await submitRate(durable, 1),
          unit: 'orders/s',
          better: 'higher',
        })
        results.push({
          id: 'gateway.submit.rps.8clients',
          value: await submitRate(durable, 8),
          unit: 'orders/s',
          better: 'higher',
        })
      } finally {
        await durable.close()
      }
      const memory = await startSandbox({ products: 2000 })
      try {
        results.push({
          id: 'gateway.submit.rps.8clients.memory',
          value: await submitRate(memory, 8),
          unit: 'orders/s',
          better: 'higher',
        })
      } finally {
        await memory.close()
      }
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
    return results
  },
})
