/**
 * The invoice-requests feed (per dealer): a request with its order lines, the invoice profile it
 * was made with (kept as first projected) and its status history; and the invoice profile record
 * the backend also serves from the mirror.
 */
import type { InvoiceRequest } from '../../../../../shared/api'
import { INVOICE_REQUEST_STATUSES } from '../../../../../shared/domain'
import type { FieldMap } from '../../fieldMap'
import { lookupId, text, toFen, toTime, type UpstreamRecord } from '../../values'
import { history, previousRecord, type FeedWrite } from '../feedEntries'
import type { Projection, ProjectionContext } from '../projection'
import { recordsById, type MirrorRow } from '../records'
import { detailLines, orderNumbers } from './details'

export function invoiceStatus(map: FieldMap, data: UpstreamRecord): InvoiceRequest['status'] {
  const status = text(data[map.invoiceRequest.status])
  if ((INVOICE_REQUEST_STATUSES as readonly string[]).includes(status))
    return status as InvoiceRequest['status']
  const life = text(data.life_status)
  if (life === 'ineffective' || life === 'invalid') return 'rejected'
  return life === 'normal' && status === 'issued' ? 'issued' : 'under_review'
}

/** Invoice requests with their lines; they change their orders' requested amounts. */
export const invoiceRequestsProjection: Projection = {
  key: 'invoiceRequests',
  project: projectInvoiceRequests,
}

async function projectInvoiceRequests({ tx, map }: ProjectionContext, requestIds: string[]) {
  const writes: FeedWrite[] = []
  const orderIds = new Set<string>()
  const heads = await recordsById(tx, map.invoiceRequest.object, requestIds)
  const lines = await detailLines(tx, map.invoiceRequestLine.object, heads)
  const orderNumber = await orderNumbers(
    tx,
    map,
    lines.all.map((line) => lookupId(line.data[map.invoiceRequestLine.order])),
  )
  const profiles = await recordsById(
    tx,
    map.invoiceProfile.object,
    heads.map((row) => lookupId(row.data[map.invoiceRequest.profile])),
  )
  for (const head of heads) {
    const dealerId = head.dealer_id ?? ''
    if (!dealerId) continue
    const f = map.invoiceRequest
    const status = invoiceStatus(map, head.data)
    const myLines = lines.of(head.id)
    for (const line of myLines) orderIds.add(lookupId(line.data[map.invoiceRequestLine.order]))
    const profileRow = profiles.find((row) => row.id === lookupId(head.data[f.profile]))
    const type = text(head.data[f.type])
    const previous = await previousRecord<InvoiceRequest>(tx, 'invoice_requests', dealerId, head.id)
    const createdAt = toTime(head.data.create_time) ?? 0
    const record: InvoiceRequest = {
      id: head.id,
      number: text(head.data[f.number]),
      dealerId,
      status,
      type: (['vatSpecial', 'vatGeneral', 'electronicGeneral'].includes(type)
        ? type
        : 'vatGeneral') as InvoiceRequest['type'],
      profile:
        previous?.profile ?? invoiceProfileRecord(map, profileRow, lookupId(head.data[f.profile])),
      orders: myLines.map((line) => {
        const orderId = lookupId(line.data[map.invoiceRequestLine.order])
        return {
          orderId,
          orderNumber: orderNumber(orderId),
          amount: Math.max(0, toFen(line.data[map.invoiceRequestLine.amount]) ?? 0),
        }
      }),
      amount: Math.max(0, toFen(head.data[f.amount]) ?? 0),
      remark: text(head.data.remark) || null,
      invoiceNumber: text(head.data.invoice_no__c) || null,
      issuedAt: status === 'issued' ? toTime(head.data.last_modified_time) : null,
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
      feed: 'invoice_requests',
      scope: dealerId,
      id: head.id,
      record: head.gone ? null : { ...record },
    })
  }
  return { writes, orders: orderIds }
}

export function invoiceProfileRecord(map: FieldMap, row: MirrorRow | undefined, id: string) {
  const f = map.invoiceProfile
  const data = row?.data ?? {}
  const type = text(data[f.type])
  return {
    id: row?.id ?? id,
    type: (['vatSpecial', 'vatGeneral', 'electronicGeneral'].includes(type)
      ? type
      : 'vatSpecial') as InvoiceRequest['type'],
    title: text(data[f.title]),
    taxpayerId: text(data[f.taxId]),
    address: text(data[f.address]),
    phone: text(data[f.phone]),
    bankName: text(data[f.bank]),
    bankAccount: text(data[f.bankAccount]),
    email: text(data[f.email]),
    isDefault: data.is_default === true || text(data.is_default) === 'true',
    modifiedAt: toTime(data.last_modified_time) ?? 0,
  }
}
