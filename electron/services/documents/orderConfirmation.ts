/**
 * The order confirmation (订单确认单) of a cached order: its lines, total and payment split, for
 * the dealer and the manufacturer to sign.
 */
import type { Order } from '../../../shared/api'
import { sumFen } from '../../../shared/domain/money'
import {
  dealerName,
  documentSection,
  letterhead,
  productLineTable,
  type DocumentContext,
} from './documentContext'
import { addressText, fieldGrid, signatureBoxes, titleBlock, totalsBlock } from './documentLayout'
import type { DocumentSection } from './pdfTypes'

export function orderConfirmation(context: DocumentContext, order: Order): DocumentSection {
  const { text } = context
  const payment = (['deposit', 'rebate', 'credit'] as const)
    .filter((source) => order.payment[source] > 0)
    .map((source): [string, string] => [
      `account.accountType.${source}`,
      text.moneyWithCurrency(order.payment[source]),
    ])
  const head = letterhead(context, 'documents.pdf.title.orderConfirmation', order.number)
  return documentSection(head, [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.orderDate', text.dateTime(order.createdAt)],
      ['documents.pdf.field.status', text.label(`orders.status.${order.status}`)],
      ['documents.pdf.field.dealer', dealerName(context, order.dealerId)],
      [
        'documents.pdf.field.requestedDeliveryDate',
        order.requestedDeliveryDate === null ? '' : text.date(order.requestedDeliveryDate),
      ],
      ['documents.pdf.field.shipTo', addressText(order.address)],
      ['documents.pdf.field.remark', order.remark ?? ''],
    ]),
    productLineTable(text, order.lines),
    totalsBlock(text, order.total, [
      ['documents.pdf.total.quantity', String(sumFen(order.lines.map((line) => line.quantity)))],
    ]),
    ...(payment.length
      ? [
          fieldGrid(text, [
            [
              'documents.pdf.field.payment',
              payment.map(([key, value]) => `${text.label(key)} ${value}`).join('；'),
            ],
          ]),
        ]
      : []),
    signatureBoxes(text, [
      'documents.pdf.signature.dealer',
      'documents.pdf.signature.manufacturer',
    ]),
  ])
}
