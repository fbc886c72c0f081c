/**
 * The return slip (退货单) of a cached return: the returned lines with the order each came from,
 * the reason and the refund, for the returner and the receiver to sign.
 */
import type { Return } from '../../../shared/api'
import { sumFen } from '../../../shared/domain/money'
import { dealerName, documentSection, letterhead, type DocumentContext } from './documentContext'
import {
  fieldGrid,
  lineTable,
  signatureBoxes,
  titleBlock,
  totalsBlock,
  type Column,
} from './documentLayout'
import type { DocumentSection } from './pdfTypes'

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
  const reason =
    text.label(`returns.reason.${record.reason}`) +
    (record.reasonText ? `: ${record.reasonText}` : '')
  const refund = record.refund
  const head = letterhead(context, 'documents.pdf.title.returnSlip', record.number)
  return documentSection(head, [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.returnDate', text.dateTime(record.createdAt)],
      ['documents.pdf.field.status', text.label(`returns.status.${record.status}`)],
      ['documents.pdf.field.dealer', dealerName(context, record.dealerId)],
      ['documents.pdf.field.reason', reason],
      ['documents.pdf.field.remark', record.remark ?? ''],
      [
        'documents.pdf.field.refund',
        refund
          ? (['deposit', 'rebate', 'credit'] as const)
              .filter((source) => refund[source] > 0)
              .map(
                (source) =>
                  `${text.label(`account.accountType.${source}`)} ${text.moneyWithCurrency(refund[source])}`,
              )
              .join('；')
          : '',
      ],
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
    totalsBlock(text, record.amount, [
      ['documents.pdf.total.quantity', String(sumFen(record.lines.map((line) => line.quantity)))],
    ]),
    signatureBoxes(text, ['documents.pdf.signature.returner', 'documents.pdf.signature.receiver']),
  ])
}
