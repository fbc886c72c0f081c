import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order, Transaction } from '../../shared/api'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { createOutbox } from '../../electron/services/outbox/outbox'
import { createOutboxSender } from '../../electron/services/outbox/outboxSender'
import type { UpstreamClient } from '../../electron/services/upstream/upstreamClient'
import { sandboxSession, NO_FAULTS, operator, setFaults } from './helpers'

let sandbox: RunningSandbox
beforeAll(async () => {
  sandbox = await startSandbox({ products: 200, seed: 11 })
})
afterAll(() => sandbox.close())

async function allOrders(client: UpstreamClient): Promise<Order[]> {
  const orders: Order[] = []
  let since = 0
  let after: string | undefined
  for (;;) {
    const page = await client.call('orders', {
      params: { dealerId: 'd_sh' },
      query: { since, after, limit: 1000 },
    })
    for (const entry of page.items) if (!entry.deleted) orders.push(entry.record)
    if (!page.nextCursor) return orders
    ;({ since, after } = page.nextCursor)
  }
}

async function allTransactions(client: UpstreamClient): Promise<Transaction[]> {
  const transactions: Transaction[] = []
  let after: string | undefined
  for (;;) {
    const page = await client.call('transactions', {
      params: { dealerId: 'd_sh' },
      query: { after, limit: 5000 },
    })
    transactions.push(...page.items)
    if (!page.nextAfter) return transactions
    after = page.nextAfter
  }
}

describe('outbox against the sandbox under faults', () => {
  it('200 submissions under 30% 5xx, resets and truncation make exactly 200 orders, none twice, with consistent balances', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-outbox-'))
    const session = sandboxSession(sandbox.url, dataDirectory)
    await session.login({
      server: { kind: 'url', url: sandbox.url },
      account: 'sh.admin',
      password: 'Demo@2026',
      remember: false,
    })
    const client = session.client()
    await operator(sandbox, 'POST', '/dealers/d_sh/top-up', { amount: 500_000_000 })

    // One small order, priced by the gateway, paid from the deposit.
    const items = await client.call('priceListItems', {
      params: {
        dealerId: 'd_sh',
        id: (await client.call('priceLists', { params: { dealerId: 'd_sh' } })).items[0]!.id,
      },
      query: { limit: 20 },
    })
    const item = items.items.find((entry) => !entry.deleted)!
    if (item.deleted) throw new Error('unreachable')
    const lines = [{ productId: item.record.productId, quantity: item.record.minQuantity }]
    const quote = await client.call('quote', { params: { dealerId: 'd_sh' }, body: { lines } })
    expect(quote.problems).toEqual([])
    const addressId = session.me()!.dealers.find((dealer) => dealer.id === 'd_sh')!.addresses[0]!.id
    const body = {
      lines,
      addressId,
      payment: { deposit: quote.total, rebate: 0, credit: 0 },
      expectedTotal: quote.total,
    }
    const before = (await allOrders(client)).length

    const outbox = createOutbox({
      file: join(dataDirectory, 'outbox.json'),
      send: createOutboxSender(session),
      backoff: () => 1,
      autoRetry: false,
    })
    for (let index = 0; index < 200; index++) {
      await outbox.enqueue({
        kind: 'order.submit',
        dealerId: 'd_sh',
        serverUrl: sandbox.url,
        payload: { body },
      })
    }
    await setFaults(sandbox, { errorRate: 0.3, resetRate: 0.1, truncateRate: 0.1 })
    try {
      for (let pass = 0; pass < 200 && (await outbox.counts()).pending > 0; pass++) {
        await outbox.process()
        await new Promise((resolve) => setTimeout(resolve, 2))
      }
    } finally {
      await setFaults(sandbox, NO_FAULTS)
    }
    expect(await outbox.counts()).toEqual({ pending: 0, failed: 0 })
    const sent = await outbox.list()
    expect(sent.every((entry) => entry.status === 'sent')).toBe(true)
    const createdIds = sent.map((entry) => (entry.result as Order).id)
    expect(new Set(createdIds).size).toBe(200)

    const orders = await allOrders(client)
    expect(orders.length).toBe(before + 200)
    expect(orders.filter((order) => createdIds.includes(order.id))).toHaveLength(200)

    // The deposit flow still adds up: Σ amounts = balance, Σ locked changes = locked.
    const balances = await client.call('balances', { params: { dealerId: 'd_sh' } })
    const deposit = (await allTransactions(client)).filter(
      (transaction) => transaction.accountType === 'deposit',
    )
    expect(deposit.reduce((sum, transaction) => sum + transaction.amount, 0)).toBe(
      balances.deposit.balance,
    )
    expect(deposit.reduce((sum, transaction) => sum + transaction.lockedChange, 0)).toBe(
      balances.deposit.locked,
    )
    await outbox.close()
  })
})
