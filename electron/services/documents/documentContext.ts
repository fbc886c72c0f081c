/**
 * What every printed document is built from (the settings, the words in its language, the
 * dealer, how often it was printed before) and the parts they share: the section with its
 * letterhead and footer, the dealer's name, and the product line table of order confirmations
 * and shipping documents. Each document has a pure builder of its own file: data and language
 * in, a DocumentSection out, no I/O.
 */
import type { ProductSnapshot } from '../../../shared/api'
import type { DocumentSettings } from '../../../shared/contract'
import { lineTable, pageFooter, pageHeader, type Column, type Letterhead } from './documentLayout'
import type { DocumentText } from './documentText'
import type { Content, DocumentSection } from './pdfTypes'

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

/** The letterhead of a document: the title, its number and the reprint mark, on every page. */
export function letterhead(context: DocumentContext, titleKey: string, number: string): Letterhead {
  return {
    settings: context.settings,
    text: context.text,
    titleKey,
    number,
    reprint: context.reprint,
  }
}

/** A document's section: `content` under its letterhead, with the page header and footer. */
export function documentSection(head: Letterhead, content: Content[]): DocumentSection {
  return {
    title: `${head.text.label(head.titleKey)} ${head.number}`,
    number: head.number,
    content,
    header: (page, logo) => pageHeader(head, page, logo),
    footer: (page, pageCount) => pageFooter(head, page, pageCount),
  }
}

/** `上海明远五金机电 / Shanghai Mingyuan (d_sh)`, or `fallback` when the dealer is not known. */
export function dealerName(context: DocumentContext, fallback: string): string {
  const dealer = context.dealer
  if (!dealer) return fallback
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

/** A standard's number stays on one line: the space in "GB/T 14" becomes a no-break space. */
export function keepCodesTogether(spec: string): string {
  return spec.replace(/\b([A-Z]{1,4}(?:\/[A-Z]{1,2})?) +(?=\d)/g, '$1\u00a0')
}

interface ProductLine extends ProductSnapshot {
  quantity: number
  unitPrice: number
  amount: number
}

/** The product lines of an order or a delivery: code, name, spec, unit, quantity, price, amount. */
export function productLineTable(text: DocumentText, lines: readonly ProductLine[]): Content {
  const rows = lines.map((line, index) => [
    String(index + 1),
    line.sku,
    text.pick(line.nameZh, line.nameEn),
    keepCodesTogether(text.pick(line.specZh, line.specEn)),
    text.pick(line.unitZh, line.unitEn).replace('\n', '/'),
    String(line.quantity),
    text.money(line.unitPrice),
    text.money(line.amount),
  ])
  return lineTable(text, PRODUCT_COLUMNS, rows)
}
