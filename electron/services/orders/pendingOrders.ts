/**
 * Order submissions still in the outbox (pending, sending, or refused and kept for editing), shown
 * at the top of the order list without a number. Their total is the payment of the payload (which
 * must equal the order total); SKU and names come from the cached products.
 */
import type { Address, SubmitOrderRequest } from '../../../shared/api'
import type { OrderFilter, OrderSummary } from '../../../shared/contract/orders'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { OutboxItem } from '../outbox/outbox'
import type { OutboxPayload } from '../outbox/outboxSender'
import { isUnsent, unsentRowState } from '../outbox/unsent'
import { addressLine } from './orderQueries'

type ProductNames = { sku: string; name_zh: string; name_en: string }

async function productNames(
  db: CacheDatabase,
  productIds: readonly string[],
): Promise<Map<string, ProductNames>> {
  const names = new Map<string, ProductNames>()
  const unique = [...new Set(productIds)]
  for (let start = 0; start < unique.length; start += 500) {
    const chunk = unique.slice(start, start + 500)
    const rows = await db.all<ProductNames & { id: string }>(
      `SELECT id, sku, name_zh, name_en FROM products WHERE id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    )
    for (const row of rows) names.set(row.id, row)
  }
  return names
}

/** The dealer's address `addressId`, else the address of a cached order shipped there. */
async function knownAddress(
  db: CacheDatabase,
  addresses: readonly Address[],
  addressId: string | undefined,
): Promise<string> {
  if (!addressId) return ''
  const own = addresses.find((address) => address.id === addressId)
  if (own) return addressLine(own)
  const row = await db.get<{ address: string }>(
    "SELECT json_extract(record, '$.address') AS address FROM orders WHERE json_extract(record, '$.address.id') = ? LIMIT 1",
    [addressId],
  )
  return row?.address ? addressLine(JSON.parse(row.address) as Address) : ''
}

export function isPendingOrderSubmission(
  item: OutboxItem,
  dealerId: string,
  serverKey: string | undefined,
): boolean {
  return item.dealerId === dealerId && isUnsent(item, 'order.submit', serverKey)
}

/** Summaries of pending submissions matching `filter`, newest first. */
export async function pendingOrderSummaries(
  db: CacheDatabase,
  items: readonly OutboxItem[],
  filter: OrderFilter,
  addresses: readonly Address[] = [],
): Promise<OrderSummary[]> {
  if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes('pending'))
    return []
  const bodies = items.map(
    (item) =>
      ((item.payload ?? {}) as OutboxPayload).body as Partial<SubmitOrderRequest> | undefined,
  )
  const names = await productNames(
    db,
    bodies.flatMap((body) =>
      Array.isArray(body?.lines) ? body.lines.map((line) => String(line.productId)) : [],
    ),
  )
  const text = filter.text?.trim().toLowerCase()
  const summaries: OrderSummary[] = []
  for (const [index, item] of items.entries()) {
    const body = bodies[index] ?? {}
    const lines = Array.isArray(body.lines) ? body.lines : []
    if (filter.from !== undefined && item.createdAt < filter.from) continue
    if (filter.to !== undefined && item.createdAt > filter.to) continue
    const lineNames = lines.map((line) => names.get(line.productId))
    if (
      text &&
      !lineNames.some(
        (product) =>
          product &&
          [product.sku, product.name_zh, product.name_en].some((value) =>
            value.toLowerCase().includes(text),
          ),
      )
    ) {
      continue
    }
    const payment = body.payment
    const first = lineNames[0]
    summaries.push({
      id: item.id,
      number: null,
      status: 'pending',
      total: payment
        ? payment.deposit + payment.rebate + payment.credit
        : (body.expectedTotal ?? 0),
      lineCount: lines.length,
      createdAt: item.createdAt,
      firstLine: first ? { sku: first.sku, nameZh: first.name_zh, nameEn: first.name_en } : null,
      address: await knownAddress(db, addresses, body.addressId),
      outbox: unsentRowState(item),
    })
  }
  return summaries.sort((a, b) => b.createdAt - a.createdAt)
}
