/**
 * Deliveries and returns over a cache of 20,000 orders (3 lines each, all delivered), 20,000
 * deliveries and 10,000 returns; medians of 20 after 3 warm-ups:
 * - deliveries.listPage.ms: first page (300 rows) of the delivery list, no filter.
 * - returns.listPage.ms: first page (300 rows) of the return list, no filter.
 * - returns.returnableLines.ms: returnable quantities for 5 orders (sums every cached return).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { createDeliveriesService } from '../electron/services/deliveries/deliveriesService'
import { createOutbox } from '../electron/services/outbox/outbox'
import { createReturnsService } from '../electron/services/returns/returnsService'
import { defineSuite, percentile, timeMs } from './harness'

const ORDERS = 20_000
const RETURNS = 10_000
const names = {
  nameZh: '圆顶机',
  nameEn: 'Dome camera',
  specZh: '4MP',
  specEn: '4MP',
  unitZh: '台',
  unitEn: 'pcs',
}

function orderLine(order: number, line: number) {
  return {
    lineId: `o${order}l${line}`,
    productId: `p${line}`,
    sku: `SKU-${line}`,
    ...names,
    quantity: 10,
    unitPrice: 1000,
    amount: 10_000,
    deliveredQuantity: 10,
    returnedQuantity: 0,
  }
}

async function median(rounds: number, work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let round = 0; round < rounds + 3; round++) {
    const ms = await timeMs(work)
    if (round >= 3) samples.push(ms)
  }
  return Math.round(percentile(samples, 50) * 10) / 10
}

export default defineSuite({
  name: 'deliveriesReturns',
  ids: ['deliveries.listPage.ms', 'returns.listPage.ms', 'returns.returnableLines.ms'],
  async run() {
    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-returns-'))
    try {
      const db = await openCacheDatabase({
        file: join(folder, 'cache.sqlite'),
        migrations: CACHE_MIGRATIONS,
        persistDelayMs: 3_600_000,
        maxPersistDelayMs: 3_600_000,
      })
      await db.transaction(async () => {
        for (let index = 0; index < ORDERS; index++) {
          const at = 1_700_000_000_000 + index * 60_000
          const lines = [0, 1, 2].map((line) => orderLine(index, line))
          await db.run(
            'INSERT INTO orders (id, number, status, created_at, modified_at, record) VALUES (?, ?, ?, ?, ?, ?)',
            [
              `o${index}`,
              `SO${index}`,
              'delivered',
              at,
              at,
              JSON.stringify({
                id: `o${index}`,
                number: `SO${index}`,
                status: 'delivered',
                createdAt: at,
                lines,
                deliveryIds: [`dv${index}`],
                total: 30_000,
              }),
            ],
          )
          const delivery = {
            id: `dv${index}`,
            number: `DN${index}`,
            orderId: `o${index}`,
            orderNumber: `SO${index}`,
            status: 'has_delivered',
            carrier: '顺丰',
            trackingNumber: `SF${index}`,
            warehouse: 'WH',
            shippedAt: at,
            lines: lines.map((line) => ({
              deliveryLineId: `d${line.lineId}`,
              orderLineId: line.lineId,
              productId: line.productId,
              sku: line.sku,
              ...names,
              quantity: line.quantity,
              unitPrice: line.unitPrice,
              amount: line.amount,
              receivedQuantity: null,
            })),
            amount: 30_000,
            createdAt: at,
            modifiedAt: at,
          }
          await db.run(
            'INSERT INTO deliveries (id, number, status, created_at, modified_at, record, order_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [
              delivery.id,
              delivery.number,
              delivery.status,
              at,
              at,
              JSON.stringify(delivery),
              delivery.orderId,
            ],
          )
          if (index < RETURNS) {
            const record = {
              id: `r${index}`,
              number: `RT${index}`,
              status: index % 5 ? 'under_review' : 'rejected',
              reason: 'quality',
              amount: 2000,
              createdAt: at,
              lines: [
                {
                  orderId: `o${index}`,
                  orderNumber: `SO${index}`,
                  orderLineId: `o${index}l0`,
                  sku: 'SKU-0',
                  ...names,
                  quantity: 2,
                  unitPrice: 1000,
                  amount: 2000,
                },
              ],
            }
            await db.run(
              'INSERT INTO returns (id, number, status, created_at, modified_at, record, order_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
              [
                record.id,
                record.number,
                record.status,
                at,
                at,
                JSON.stringify(record),
                `o${index}`,
              ],
            )
          }
        }
      })
      const outbox = createOutbox({
        file: join(folder, 'outbox.json'),
        send: async () => ({ ok: true, result: null }),
        autoRetry: false,
      })
      const dealer = () => ({ dealerId: 'd1' })
      const deliveries = createDeliveriesService({
        database: () => db,
        dealer,
        outbox,
        sendOutbox: async () => undefined,
      })
      const returns = createReturnsService({
        database: () => db,
        dealer,
        outbox,
        sendOutbox: () => undefined,
        online: () => false,
      })
      const results = [
        {
          id: 'deliveries.listPage.ms',
          value: await median(20, () => deliveries.list({ offset: 0, limit: 300 })),
          unit: 'ms',
          better: 'lower' as const,
        },
        {
          id: 'returns.listPage.ms',
          value: await median(20, () => returns.list({ offset: 0, limit: 300 })),
          unit: 'ms',
          better: 'lower' as const,
        },
        {
          id: 'returns.returnableLines.ms',
          value: await median(20, () => returns.returnableLines(['o1', 'o2', 'o3', 'o4', 'o5'])),
          unit: 'ms',
          better: 'lower' as const,
        },
      ]
      await outbox.close()
      await db.close()
      return results
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  },
})
