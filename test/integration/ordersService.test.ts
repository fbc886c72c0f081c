import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Order } from '../../shared/api'
import type { RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import { translatorFor } from '../../electron/main/messages'
import type { Outbox } from '../../electron/services/outbox/outbox'
import { decodePriceItem } from '../../electron/services/cache/cacheRepositories'
import { loadExcel } from '../../electron/services/orders/orderExport'
import {
  createOrdersService,
  type OrdersService,
} from '../../electron/services/orders/ordersService'
import type { SessionService } from '../../electron/services/session/sessionService'
import {
  createSyncEngine,
  type OrderStatusTransition,
  type SyncEngine,
} from '../../electron/services/sync/syncEngine'
import { dealerFixture, operator, temporaryCache, type DealerFixture } from './helpers'

const DEALER = 'd_sh'
let fixture: DealerFixture
let sandbox: RunningSandbox
let session: SessionService
let db: CacheDatabase
let engine: SyncEngine
let outbox: Outbox
let service: OrdersService
const transitions: OrderStatusTransition[] = []
const cartLines: { productId: string; quantity: number }[] = []

beforeAll(async () => {
  fixture = await dealerFixture({
    name: 'orders',
    sandbox: { products: 300, seed: 7 },
    account: 'sh.admin',
    dealerId: DEALER,
    roles: ['admin'],
    engine: { onOrderStatusChanged: (changes) => transitions.push(...changes) },
    sync: false,
  })
  ;({ sandbox, session, db, engine, outbox } = fixture)
  await operator(sandbox, 'POST', `/dealers/${DEALER}/top-up`, { amount: 500_000_000 })
  service = serviceWith(fixture.sendAndSync)
  expect((await engine.sync()).lastError).toBeNull()
}, 120_000)
afterAll(() => fixture.close())

function serviceWith(sendOutbox: () => Promise<void>): OrdersService {
  return createOrdersService({
    database: () => db,
    dealer: () => ({
      dealerId: DEALER,
      serverKey: session.server()?.key,
      addresses: session.me()?.dealers.find((d) => d.id === DEALER)?.addresses,
    }),
    outbox,
    sendOutbox,
    cart: () => ({ add: (lines) => void cartLines.push(...lines) }),
    translator: translatorFor,
  })
}

const cachedOrder = async (sql: string, params: string[] = []): Promise<Order> =>
  JSON.parse(
    (await db.get<{ record: string }>(`SELECT record FROM orders ${sql} LIMIT 1`, params))!.record,
  ) as Order

/** Sellable products from the cache with an orderable quantity (the item's minimum, on its step). */
async function sellableLines(count: number): Promise<{ productId: string; quantity: number }[]> {
  const rows = await db.all<{ product_id: string; record: string }>(
    "SELECT i.product_id, i.price_list_id, i.price, i.id, i.modified_at, i.record FROM price_items i JOIN products p ON p.id = i.product_id WHERE p.status = 'onSale' ORDER BY i.product_id LIMIT ?",
    [count * 3],
  )
  const seen = new Set<string>()
  return rows
    .filter((row) => !seen.has(row.product_id) && seen.add(row.product_id))
    .slice(0, count)
    .map((row) => {
      const item = decodePriceItem(row)
      return {
        productId: row.product_id,
        quantity: Math.ceil(Math.max(1, item.minQuantity) / item.step) * item.step,
      }
    })
}

/** Submits an order upstream (it is `under_review`), then syncs it into the cache. */
async function submittedOrder(lineCount = 1): Promise<Order> {
  const lines = await sellableLines(lineCount)
  const client = session.client()
  const quote = await client.call('quote', { params: { dealerId: DEALER }, body: { lines } })
  const body = {
    lines,
    addressId: 'adr_sh_1',
    payment: { deposit: quote.total, rebate: 0, credit: 0 },
    expectedTotal: quote.total,
  }
  const order = await client.call('submitOrder', {
    params: { dealerId: DEALER },
    body,
    idempotencyKey: randomUUID(),
  })
  await engine.sync()
  return order
}

describe('orders service: list', () => {
  it('lists the cached orders newest first, with totals and line counts from the records', async () => {
    const count = (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))!.n
    const page = await service.list({ offset: 0, limit: 5000 })
    expect(page.total).toBe(count)
    expect(page.items).toHaveLength(count)
    const dates = page.items.map((item) => item.createdAt)
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    const first = page.items[0]!
    const record = await cachedOrder('WHERE id = ?', [first.id])
    expect(first).toMatchObject({
      number: record.number,
      total: record.total,
      lineCount: record.lines.length,
      outbox: null,
    })
    expect(first.firstLine).toEqual({
      sku: record.lines[0]!.sku,
      nameZh: record.lines[0]!.nameZh,
      nameEn: record.lines[0]!.nameEn,
    })
    expect(first.address).toContain(record.address.line)
    const second = await service.list({ offset: 1, limit: 2 })
    expect(second.items.map((item) => item.id)).toEqual(
      page.items.slice(1, 3).map((item) => item.id),
    )
  })

  it('filters by status and by an inclusive date range', async () => {
    const delivered = await service.list({
      statuses: ['delivered', 'received'],
      offset: 0,
      limit: 5000,
    })
    expect(delivered.total).toBeGreaterThan(0)
    expect(new Set(delivered.items.map((item) => item.status))).toEqual(
      new Set(['delivered', 'received']),
    )
    const all = (await service.list({ offset: 0, limit: 5000 })).items
    const middle = all[Math.floor(all.length / 2)]!
    const ranged = await service.list({
      from: middle.createdAt,
      to: middle.createdAt,
      offset: 0,
      limit: 5000,
    })
    expect(ranged.items.map((item) => item.id)).toContain(middle.id)
    expect(ranged.items.every((item) => item.createdAt === middle.createdAt)).toBe(true)
  })

  it('finds orders by number, by a line SKU and by a Chinese product name; % and _ are literal', async () => {
    const record = await cachedOrder("WHERE json_array_length(record, '$.lines') > 1 ORDER BY id")
    expect(
      (await service.list({ text: record.number.toLowerCase(), offset: 0, limit: 50 })).items.map(
        (item) => item.id,
      ),
    ).toEqual([record.id])
    const sku = record.lines[1]!.sku
    const bySku = await service.list({ text: sku, offset: 0, limit: 5000 })
    expect(bySku.items.map((item) => item.id)).toContain(record.id)
    for (const item of bySku.items)
      expect(
        (await cachedOrder('WHERE id = ?', [item.id])).lines.some((line) => line.sku.includes(sku)),
      ).toBe(true)
    const name = record.lines[1]!.nameZh.slice(0, 3)
    expect(
      (await service.list({ text: name, offset: 0, limit: 5000 })).items.map((item) => item.id),
    ).toContain(record.id)
    expect((await service.list({ text: '%', offset: 0, limit: 10 })).total).toBe(0)
  })

  it('shows submissions still in the outbox on top as pending, with the payload total', async () => {
    const lines = await sellableLines(2)
    const item = await outbox.enqueue({
      kind: 'order.submit',
      dealerId: DEALER,
      serverUrl: sandbox.url,
      payload: {
        body: { lines, addressId: 'adr_sh_1', payment: { deposit: 1000, rebate: 200, credit: 34 } },
      },
    })
    try {
      const page = await service.list({ offset: 0, limit: 3 })
      const sku = (await db.get<{ sku: string }>('SELECT sku FROM products WHERE id = ?', [
        lines[0]!.productId,
      ]))!.sku
      expect(page.items[0]).toMatchObject({
        id: item.id,
        number: null,
        status: 'pending',
        total: 1234,
        lineCount: 2,
        outbox: { state: 'pending', error: null },
      })
      expect(page.items[0]!.firstLine?.sku).toBe(sku)
      expect(page.items[0]!.address).toContain('康桥东路')
      expect(page.total).toBe(
        (await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))!.n + 1,
      )
      expect(
        (await service.list({ statuses: ['delivered'], offset: 0, limit: 5000 })).items.some(
          (entry) => entry.id === item.id,
        ),
      ).toBe(false)
      expect(
        (await service.list({ statuses: ['pending'], text: sku, offset: 0, limit: 10 })).items.map(
          (entry) => entry.id,
        ),
      ).toEqual([item.id])
    } finally {
      await outbox.discard(item.id)
    }
  })
})

describe('orders service: detail', () => {
  it('answers the order with its deliveries, returns and invoice requests', async () => {
    const order = await cachedOrder(
      "WHERE json_array_length(record, '$.returnIds') > 0 AND json_array_length(record, '$.invoiceRequestIds') > 0",
    )
    const detail = (await service.get(order.id))!
    expect(detail.order).toEqual(order)
    expect(detail.cancelPending).toBe(false)
    expect(detail.deliveries.map((entry) => entry.id).sort()).toEqual([...order.deliveryIds].sort())
    expect(detail.returns.map((entry) => entry.id).sort()).toEqual([...order.returnIds].sort())
    expect(detail.invoiceRequests.map((entry) => entry.id).sort()).toEqual(
      [...order.invoiceRequestIds].sort(),
    )
    const delivery = (await db.get<{ number: string; status: string }>(
      'SELECT number, status FROM deliveries WHERE id = ?',
      [order.deliveryIds[0]!],
    ))!
    expect(detail.deliveries.find((entry) => entry.id === order.deliveryIds[0])).toMatchObject(
      delivery,
    )
    expect(await service.get('nope')).toBeNull()
  })
})

describe('orders service: cancel', () => {
  it('refuses an order that is no longer under review', async () => {
    const delivered = await cachedOrder("WHERE status = 'delivered'")
    await expect(service.cancel(delivered.id)).rejects.toMatchObject({
      code: 'order.notCancellable',
    })
    await expect(service.cancel('nope')).rejects.toMatchObject({ code: 'resource.notFound' })
  })

  it('cancels an order under review through the outbox; the sync reports the status change', async () => {
    const order = await submittedOrder()
    transitions.length = 0
    const outcome = await service.cancel(order.id)
    expect(outcome.state).toBe('sent')
    expect(
      (await db.get<{ status: string }>('SELECT status FROM orders WHERE id = ?', [order.id]))!
        .status,
    ).toBe('cancelled')
    expect(transitions).toEqual([
      { orderId: order.id, number: order.number, from: 'under_review', to: 'cancelled' },
    ])
  })

  it('offline: the cancel waits in the outbox, the detail says so, and a second press does not queue another', async () => {
    const order = await submittedOrder()
    const offline = serviceWith(async () => undefined)
    const first = await offline.cancel(order.id)
    expect(first.state).toBe('pending')
    expect((await offline.get(order.id))!.cancelPending).toBe(true)
    const second = await offline.cancel(order.id)
    expect(second.outboxId).toBe(first.outboxId)
    expect(
      (await outbox.list({ dealerId: DEALER })).filter(
        (item) => item.kind === 'order.cancel' && item.status === 'pending',
      ),
    ).toHaveLength(1)
    await outbox.process()
    await engine.sync()
    expect(
      (await db.get<{ status: string }>('SELECT status FROM orders WHERE id = ?', [order.id]))!
        .status,
    ).toBe('cancelled')
  })

  it('a cancel the gateway refuses (approved meanwhile) answers failed with its code and leaves nothing in the outbox', async () => {
    const order = await submittedOrder()
    await operator(sandbox, 'POST', `/orders/${order.number}/approve`)
    const outcome = await service.cancel(order.id)
    expect(outcome).toMatchObject({ state: 'failed', error: { code: 'order.notCancellable' } })
    expect((await outbox.list()).some((item) => item.id === outcome.outboxId)).toBe(false)
  })
})

describe('sync engine: order status changes', () => {
  it('reports changes of cached orders only, after the page is applied', async () => {
    const order = await submittedOrder()
    transitions.length = 0
    await operator(sandbox, 'POST', `/orders/${order.number}/approve`)
    await operator(sandbox, 'POST', `/orders/${order.number}/ship`)
    await engine.sync()
    expect(transitions).toEqual([
      { orderId: order.id, number: order.number, from: 'under_review', to: 'delivered' },
    ])
    // A fresh cache: everything is new, nothing is reported.
    const fresh: OrderStatusTransition[] = []
    const other = createSyncEngine({
      db: await temporaryCache('fresh'),
      dealerId: DEALER,
      roles: ['admin'],
      client: () => session.client(),
      onOrderStatusChanged: (changes) => fresh.push(...changes),
    })
    await other.sync()
    expect(fresh).toEqual([])
  })
})

describe('orders service: reorder', () => {
  it('adds the lines still sellable today and lists the off-sale and unpriced ones', async () => {
    const order = await submittedOrder(4)
    const [offSale, unpriced] = order.lines
    await operator(sandbox, 'POST', `/products/${offSale!.productId}/status`, { status: 'offSale' })
    const lists = await db.all<{ price_list_id: string }>(
      'SELECT price_list_id FROM price_items WHERE product_id = ?',
      [unpriced!.productId],
    )
    await operator(sandbox, 'POST', '/prices', {
      changes: lists.map((list) => ({
        priceListId: list.price_list_id,
        productId: unpriced!.productId,
        withdraw: true,
      })),
    })
    await engine.sync()
    cartLines.length = 0
    const result = await service.reorder(order.id)
    expect(result.added).toBe(2)
    expect(result.skipped).toEqual([
      {
        productId: offSale!.productId,
        sku: offSale!.sku,
        nameZh: offSale!.nameZh,
        nameEn: offSale!.nameEn,
        reason: 'offSale',
      },
      {
        productId: unpriced!.productId,
        sku: unpriced!.sku,
        nameZh: unpriced!.nameZh,
        nameEn: unpriced!.nameEn,
        reason: 'notInPriceList',
      },
    ])
    expect(cartLines).toEqual(
      order.lines.slice(2).map((line) => ({ productId: line.productId, quantity: line.quantity })),
    )
    await expect(service.reorder('nope')).rejects.toMatchObject({ code: 'resource.notFound' })
  })
})

describe('orders service: export', () => {
  it('writes the filtered list to XLSX with translated headers and statuses', async () => {
    const filter = { statuses: ['delivered' as const] }
    const expected = (await service.list({ ...filter, offset: 0, limit: 5000 })).items
    const file = await service.export({ format: 'xlsx', language: 'zh-CN', filter })
    expect(file.fileName).toMatch(/^订单_\d{8}-\d{4}\.xlsx$/)
    const workbook = new (await loadExcel()).Workbook()
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.rowCount).toBe(expected.length + 1)
    expect(sheet.getRow(1).getCell(1).value).toBe('订单号')
    const row = sheet.getRow(2)
    expect(row.getCell(1).value).toBe(expected[0]!.number)
    expect(row.getCell(3).value).toBe('已发货')
    expect(row.getCell(4).value).toBe(expected[0]!.total / 100)
    expect(row.getCell(5).value).toBe(expected[0]!.lineCount)
  })

  it('writes CSV as UTF-8 with a BOM, English headers when asked', async () => {
    const file = await service.export({
      format: 'csv',
      language: 'en-US',
      filter: { statuses: ['cancelled'] },
    })
    const bytes = Buffer.from(file.contentBase64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'Order number,Ordered at (Beijing time),Status,Total (CNY),Lines,Ship-to address',
    )
    expect(lines[1]).toMatch(/^[^,]+,\d{4}-\d{2}-\d{2} \d{2}:\d{2},Cancelled,\d+\.\d{2},\d+,/)
    expect(file.fileName).toMatch(/^orders_\d{8}-\d{4}\.csv$/)
  })
})
