import { describe, expect, it } from 'vitest'
import type { OutboxItem } from '../../../../electron/services/outbox/outbox'
import { outboxSummary } from '../../../../electron/services/outbox/outboxSender'

const item = (kind: OutboxItem['kind'], payload: unknown) =>
  ({
    id: 'ob_1',
    kind,
    dealerId: 'd_sh',
    payload,
    idempotencyKey: 'key-12345',
    status: 'pending',
    attempts: 0,
    createdAt: 1,
  }) as OutboxItem

describe('outbox summary', () => {
  it('gives an order its lines and the paid total', () => {
    expect(
      outboxSummary(
        item('order.submit', {
          body: { lines: [{}, {}], payment: { deposit: 100, rebate: 20, credit: 3 } },
        }),
      ),
    ).toEqual({ lines: 2, amount: 123, reference: null })
  })

  it('gives an invoice request the sum over its orders, and a cancel its order', () => {
    expect(
      outboxSummary(
        item('invoiceRequest.submit', {
          body: {
            orders: [
              { orderId: 'o1', amount: 4_000 },
              { orderId: 'o2', amount: 600 },
            ],
          },
        }),
      ),
    ).toEqual({ lines: null, amount: 4_600, reference: null })
    expect(outboxSummary(item('order.cancel', { params: { id: 'o_9' } }))).toEqual({
      lines: null,
      amount: null,
      reference: 'o_9',
    })
  })
})
