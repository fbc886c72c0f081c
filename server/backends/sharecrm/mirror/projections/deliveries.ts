/**
 * A delivery note (served when shipped or received) as a Portal delivery: its lines priced from
 * the order's lines, named from the products.
 */
import type { Address, Delivery, Order } from '../../../../../shared/api'
import { sumFen } from '../../../../../shared/domain'
import type { FieldMap } from '../../fieldMap'
import { lookupId, text, toQuantity, toTime } from '../../values'
import type { MirrorRow } from '../records'
import { NO_NAMES, type ProductNames } from './catalog'

export function deliveryRecord(
  map: FieldMap,
  note: MirrorRow,
  noteLines: MirrorRow[],
  orderLines: Order['lines'],
  names: Map<string, ProductNames>,
  orderNumber: string,
  dealerId: string,
  address: Address,
): Delivery {
  const f = map.delivery
  const status = text(note.data[f.status]) === 'received' ? 'received' : 'has_delivered'
  const lines = noteLines
    .filter((line) => line.parent_id === note.id && !line.gone)
    .map((line) => {
      const orderLineId = lookupId(line.data[map.deliveryLine.orderLine])
      const productId = lookupId(line.data[map.deliveryLine.product])
      const quantity = Math.max(1, toQuantity(line.data[map.deliveryLine.shipped]) ?? 1)
      const unitPrice =
        orderLines.find((candidate) => candidate.lineId === orderLineId)?.unitPrice ?? 0
      const received = toQuantity(line.data[map.deliveryLine.received])
      return {
        deliveryLineId: line.id,
        orderLineId,
        productId,
        ...(names.get(productId) ?? NO_NAMES),
        quantity,
        unitPrice,
        amount: quantity * unitPrice,
        receivedQuantity: status === 'received' ? (received ?? quantity) : null,
      }
    })
  const shippedAt = toTime(note.data[f.shipped]) ?? toTime(note.data.create_time) ?? 0
  return {
    id: note.id,
    number: text(note.data[f.number]),
    dealerId,
    orderId: note.parent_id ?? '',
    orderNumber,
    status,
    carrier: text(note.data[f.carrier]),
    trackingNumber: text(note.data[f.tracking]),
    warehouse: '',
    shippedAt,
    address,
    lines,
    amount: sumFen(lines.map((line) => line.amount)),
    receivedAt:
      status === 'received'
        ? (toTime(note.data[f.received]) ?? toTime(note.data.last_modified_time))
        : null,
    receiptRemark: text(note.data[f.remark]) || null,
    statusHistory: [],
    createdAt: toTime(note.data.create_time) ?? shippedAt,
    modifiedAt: 0,
  }
}
