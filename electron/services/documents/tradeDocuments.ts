/**
 * Pure builders of the trade documents (domain.md "Deliveries"): the shipping document (发货单)
 * from a cached delivery, the order confirmation from a cached order and the return slip from a
 * cached return. Data + language in, a DocumentSection out; no I/O.
 */
import type { Delivery, Order, Return } from '../../../shared/api'
import type { DocumentSettings } from '../../../shared/contract'
import { sumFen } from '../../../shared/domain/money'
import { addressText, fieldGrid, lineTable, pageFooter, pageHeader, signatureBoxes, titleBlock, totalsBlock, type Column, type Letterhead } from './documentLayout'
import type { DocumentText } from './documentText'
import type { DocumentSection } from './pdfTypes'

export interface DealerIdentity {
  code: string
  nameZh: string
  nameEn: string
}

export interface DocumentContext {
  settings: DocumentSettings
  text: DocumentText
  dealer: DealerIdentity | null
  /** Times this document was saved or printed before. */
  reprint: number
}

function section(context: DocumentContext, titleKey: string, number: string, build: (head: Letterhead) => DocumentSection['content']): DocumentSection {
  const head: Letterhead = { settings: context.settings, text: context.text, titleKey, number, reprint: context.reprint }
  return {
    title: `${context.text.label(titleKey)} ${number}`,
    number,
    content: build(head),
    header: (page, logo) => pageHeader(head, page, logo),
    footer: (page, pageCount) => pageFooter(head, page, pageCount),
  }
}

function dealerName(context: DocumentContext, fallbackId: string): string {
  const dealer = context.dealer
  if (!dealer) return fallbackId
  return `${context.text.pick(dealer.nameZh, dealer.nameEn).replace('\n', ' / ')} (${dealer.code})`
}

const PRODUCT_COLUMNS: readonly Column[] = [
  { key: 'documents.pdf.column.index', width: 18, align: 'right' },
  { key: 'documents.pdf.column.sku', width: 68 },
  { key: 'documents.pdf.column.name', width: '*' },
  { key: 'documents.pdf.column.spec', width: 62 },
  { key: 'documents.pdf.column.unit', width: 22, align: 'center' },
  { key: 'documents.pdf.column.quantity', width: 30, align: 'right' },
  { key: 'documents.pdf.column.unitPrice', width: 46, align: 'right' },
  { key: 'documents.pdf.column.amount', width: 54, align: 'right' },
]

interface ProductLine {
  sku: string
  nameZh: string
  nameEn: string
  specZh: string
  specEn: string
  unitZh: string
  unitEn: string
  quantity: number
  unitPrice: number
  amount: number
}

/** A standard's number stays on one line: the space in "GB/T 14" becomes a no-break space. */
export function keepCodesTogether(spec: string): string {
  return spec.replace(/\b([A-Z]{1,4}(?:\/[A-Z]{1,2})?) +(?=\d)/g, '$1\u00a0')
}

function productRows(text: DocumentText, lines: readonly ProductLine[]): string[][] {
  return lines.map((line, index) => [
    String(index + 1),
    line.sku,
    text.pick(line.nameZh, line.nameEn),
    keepCodesTogether(text.pick(line.specZh, line.specEn)),
    text.pick(line.unitZh, line.unitEn).replace('\n', '/'),
    String(line.quantity),
    text.money(line.unitPrice),
    text.money(line.amount),
  ])
}

export function shippingDocument(context: DocumentContext, delivery: Delivery): DocumentSection {
  const { text } = context
  return section(context, 'documents.pdf.title.shipping', delivery.number, (head) => [
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
    lineTable(text, PRODUCT_COLUMNS, productRows(text, delivery.lines)),
    totalsBlock(text, delivery.amount, [['documents.pdf.total.quantity', String(sumFen(delivery.lines.map((line) => line.quantity)))]]),
    signatureBoxes(text, ['documents.pdf.signature.shipper', 'documents.pdf.signature.carrier', 'documents.pdf.signature.receiver']),
  ])
}

export function orderConfirmation(context: DocumentContext, order: Order): DocumentSection {
  const { text } = context
  const payment = (['deposit', 'rebate', 'credit'] as const)
    .filter((source) => order.payment[source] > 0)
    .map((source): [string, string] => [`account.accountType.${source}`, text.moneyWithCurrency(order.payment[source])])
  return section(context, 'documents.pdf.title.orderConfirmation', order.number, (head) => [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.orderDate', text.dateTime(order.createdAt)],
      ['documents.pdf.field.status', text.label(`orders.status.${order.status}`)],
      ['documents.pdf.field.dealer', dealerName(context, order.dealerId)],
      ['documents.pdf.field.requestedDeliveryDate', order.requestedDeliveryDate === null ? '' : text.date(order.requestedDeliveryDate)],
      ['documents.pdf.field.shipTo', addressText(order.address)],
      ['documents.pdf.field.remark', order.remark ?? ''],
    ]),
    lineTable(text, PRODUCT_COLUMNS, productRows(text, order.lines)),
    totalsBlock(text, order.total, [['documents.pdf.total.quantity', String(sumFen(order.lines.map((line) => line.quantity)))]]),
    ...(payment.length ? [fieldGrid(text, [['documents.pdf.field.payment', payment.map(([key, value]) => `${text.label(key)} ${value}`).join('；')]])] : []),
    signatureBoxes(text, ['documents.pdf.signature.dealer', 'documents.pdf.signature.manufacturer']),
  ])
}

const RETURN_COLUMNS: readonly Column[] = [
  { key: 'documents.pdf.column.index', width: 18, align: 'right' },
  { key: 'documents.pdf.column.orderNumber', width: 84 },
  { key: 'documents.pdf.column.sku', width: 62 },
  { key: 'documents.pdf.column.name', width: '*' },
  { key: 'documents.pdf.column.unit', width: 30, align: 'center' },
  { key: 'documents.pdf.column.quantity', width: 40, align: 'right' },
  { key: 'documents.pdf.column.unitPrice', width: 56, align: 'right' },
  { key: 'documents.pdf.column.amount', width: 62, align: 'right' },
]

export function returnSlip(context: DocumentContext, record: Return): DocumentSection {
  const { text } = context
  const reason = text.label(`returns.reason.${record.reason}`) + (record.reasonText ? `: ${record.reasonText}` : '')
  const refund = record.refund
  return section(context, 'documents.pdf.title.returnSlip', record.number, (head) => [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.returnDate', text.dateTime(record.createdAt)],
      ['documents.pdf.field.status', text.label(`returns.status.${record.status}`)],
      ['documents.pdf.field.dealer', dealerName(context, record.dealerId)],
      ['documents.pdf.field.reason', reason],
      ['documents.pdf.field.remark', record.remark ?? ''],
      ['documents.pdf.field.refund', refund ? (['deposit', 'rebate', 'credit'] as const).filter((source) => refund[source] > 0).map((source) => `${text.label(`account.accountType.${source}`)} ${text.moneyWithCurrency(refund[source])}`).join('；') : ''],
    ]),
    lineTable(
      text,
      RETURN_COLUMNS,
      record.lines.map((line, index) => [
        String(index + 1),
        line.orderNumber,
        line.sku,
        text.pick(line.nameZh, line.nameEn),
        text.pick(line.unitZh, line.unitEn).replace('\n', '/'),
        String(line.quantity),
        text.money(line.unitPrice),
        text.money(line.amount),
      ]),
    ),
    totalsBlock(text, record.amount, [['documents.pdf.total.quantity', String(sumFen(record.lines.map((line) => line.quantity)))]]),
    signatureBoxes(text, ['documents.pdf.signature.returner', 'documents.pdf.signature.receiver']),
  ])
}
