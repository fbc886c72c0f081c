/**
 * The shipping document (发货单, domain.md "Deliveries") of a cached delivery: what was shipped,
 * from where, by which carrier, to which address, with boxes for the shipper's, the carrier's and
 * the receiver's signatures.
 */
import type { Delivery } from '../../../shared/api'
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

export function shippingDocument(context: DocumentContext, delivery: Delivery): DocumentSection {
  const { text } = context
  const head = letterhead(context, 'documents.pdf.title.shipping', delivery.number)
  return documentSection(head, [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.orderNumber', delivery.orderNumber],
      ['documents.pdf.field.shipDate', text.date(delivery.shippedAt)],
      ['documents.pdf.field.dealer', dealerName(context, delivery.dealerId)],
      ['documents.pdf.field.warehouse', delivery.warehouse],
      ['documents.pdf.field.carrier', delivery.carrier],
      ['documents.pdf.field.trackingNumber', delivery.trackingNumber],
    ]),
    fieldGrid(text, [['documents.pdf.field.shipTo', addressText(delivery.address)]]),
    productLineTable(text, delivery.lines),
    totalsBlock(text, delivery.amount, [
      ['documents.pdf.total.quantity', String(sumFen(delivery.lines.map((line) => line.quantity)))],
    ]),
    signatureBoxes(text, [
      'documents.pdf.signature.shipper',
      'documents.pdf.signature.carrier',
      'documents.pdf.signature.receiver',
    ]),
  ])
}
