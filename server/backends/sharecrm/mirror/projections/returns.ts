/**
 * The returns feed (per dealer): a return with its lines, refunds and status history. Its status
 * is ShareCRM's `status` when it is one of the Portal's, else derived from `life_status`.
 */
import type { Return } from '../../../../../shared/api'
import { RETURN_REASON_VALUES } from '../../../../../shared/api'
import { RETURN_STATUSES, sumFen } from '../../../../../shared/domain'
import type { FieldMap } from '../../fieldMap'
import { lookupId, text, toFen, toQuantity, toTime, type UpstreamRecord } from '../../values'
import { history, previousRecord, type FeedWrite } from '../feedEntries'
import type { Projection, ProjectionContext } from '../projection'
import { recordsById } from '../records'
import { detailLines, orderNumbers } from './details'
import { NO_NAMES, productNames } from './catalog'

export function returnStatus(map: FieldMap, data: UpstreamRecord): Return['status'] {
  const status = text(data[map.return.status])
  if ((RETURN_STATUSES as readonly string[]).includes(status)) return status as Return['status']
  const life = text(data.life_status)
  if (life === 'normal') return 'approved'
  if (life === 'ineffective' || life === 'invalid') return 'rejected'
  return 'under_review'
}

/** Returns with their lines and refunds; they change their orders' returned amounts. */
export const returnsProjection: Projection = {
  key: 'returns',
  project: projectReturns,
}

async function projectReturns(context: ProjectionContext, returnIds: string[]) {
  const { tx, map } = context
  const writes: FeedWrite[] = []
  const orderIds = new Set<string>()
  const heads = await recordsById(tx, map.return.object, returnIds)
  const lines = await detailLines(tx, map.returnLine.object, heads)
  const refunds = await detailLines(tx, map.refund.object, heads)
  const orderLines = await recordsById(
    tx,
    map.orderLine.object,
    lines.all.map((line) => lookupId(line.data[map.returnLine.orderLine])),
  )
  const orderNumber = await orderNumbers(
    tx,
    map,
    orderLines.map((line) => line.parent_id ?? ''),
  )
  const names = await productNames(
    context,
    lines.all.map((line) => lookupId(line.data[map.returnLine.product])),
  )
  for (const head of heads) {
    if (head.parent_id) orderIds.add(head.parent_id)
    const dealerId = head.dealer_id ?? ''
    if (!dealerId) continue
    const status = returnStatus(map, head.data)
    const myLines = lines.of(head.id).map((line) => {
      const orderLineId = lookupId(line.data[map.returnLine.orderLine])
      const orderId =
        orderLines.find((candidate) => candidate.id === orderLineId)?.parent_id ??
        head.parent_id ??
        ''
      orderIds.add(orderId)
      const productId = lookupId(line.data[map.returnLine.product])
      const { sku, nameZh, nameEn, unitZh, unitEn } = names.get(productId) ?? NO_NAMES
      const quantity = Math.max(1, toQuantity(line.data[map.returnLine.quantity]) ?? 1)
      const unitPrice = Math.max(0, toFen(line.data[map.returnLine.unitPrice]) ?? 0)
      return {
        orderId,
        orderNumber: orderNumber(orderId),
        orderLineId,
        productId,
        sku,
        nameZh,
        nameEn,
        unitZh,
        unitEn,
        quantity,
        unitPrice,
        amount: Math.max(0, toFen(line.data[map.returnLine.amount]) ?? quantity * unitPrice),
      }
    })
    const refund = { deposit: 0, rebate: 0, credit: 0 }
    for (const row of refunds.of(head.id)) {
      const account = text(row.data[map.refund.account]) as keyof typeof refund
      if (account in refund) refund[account] += Math.max(0, toFen(row.data[map.refund.amount]) ?? 0)
    }
    const reasonValue = text(head.data[map.return.reason])
    const reason = (RETURN_REASON_VALUES as readonly string[]).includes(reasonValue)
      ? (reasonValue as Return['reason'])
      : 'other'
    const previous = await previousRecord<Return>(tx, 'returns', dealerId, head.id)
    const createdAt = toTime(head.data.create_time) ?? 0
    const record: Return = {
      id: head.id,
      number: text(head.data[map.return.number]),
      dealerId,
      status,
      reason,
      reasonText:
        reason === 'other' ? reasonValue || null : text(head.data.dd_reason_text__c) || null,
      remark: text(head.data.remark) || null,
      lines: myLines,
      amount: Math.max(
        0,
        toFen(head.data[map.return.amount]) ?? sumFen(myLines.map((line) => line.amount)),
      ),
      refund:
        status === 'refunded' || refunds.all.some((row) => row.parent_id === head.id)
          ? refund
          : null,
      rejectReason: status === 'rejected' ? text(head.data.reject_reason__c) || null : null,
      statusHistory: history(
        previous,
        status,
        previous ? (toTime(head.data.last_modified_time) ?? createdAt) : createdAt,
      ),
      createdBy: text(head.data.dd_placed_by__c),
      createdAt,
      modifiedAt: 0,
    }
    writes.push({
      feed: 'returns',
      scope: dealerId,
      id: head.id,
      record: head.gone ? null : { ...record },
    })
  }
  return { writes, orders: orderIds }
}
