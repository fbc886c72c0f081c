/**
 * Building blocks shared by every printed document: the letterhead repeated on every page (logo,
 * manufacturer, document title and number, reprint mark), the footer (note + "第 1 / 3 页" /
 * "Page 1 of 3"), the title block with the number's QR code, label/value grids, the line table
 * (heading row repeated on every page), the totals with 大写金额, and signature boxes.
 */
import type { DocumentSettings } from '../../../shared/contract'
import { toChineseCapitalAmount } from '../../../shared/domain/chineseAmount'
import type { DocumentText } from './documentText'
import type { Content, ContentNode } from './pdfTypes'
import { addressLine } from '../../../shared/domain/address'

export interface Letterhead {
  settings: DocumentSettings
  text: DocumentText
  /** documents.pdf.title.* key */
  titleKey: string
  number: string
  /** Times saved or printed before; > 0 prints the reprint mark. */
  reprint: number
}

const GREY = '#666666'
const LINE = '#999999'

export function companyName(head: Letterhead): string {
  const { settings, text } = head
  return text.pick(settings.companyNameZh, settings.companyNameEn).replace('\n', '  ')
}

export function pageHeader(head: Letterhead, page: number, logo: boolean): Content {
  const { settings, text } = head
  const address = text.pick(settings.addressZh, settings.addressEn).replace('\n', '  ')
  const right: Content[] = [
    {
      text: `${text.label(head.titleKey)}  ${head.number}`,
      bold: true,
      fontSize: 10,
      alignment: 'right',
    },
  ]
  if (head.reprint > 0)
    right.push({
      text: text.label('documents.pdf.reprint', { count: head.reprint }),
      color: '#c00000',
      bold: true,
      alignment: 'right',
    })
  if (page > 1)
    right.push({ text: text.label('documents.pdf.continued'), color: GREY, alignment: 'right' })
  return {
    margin: [36, 22, 36, 0],
    stack: [
      {
        columns: [
          ...(logo ? [{ image: 'logo', fit: [32, 32], width: 36 }] : []),
          {
            width: '*',
            stack: [
              { text: companyName(head), bold: true, fontSize: 11 },
              {
                text: [
                  address,
                  settings.phone
                    ? `  ${text.label('documents.pdf.field.phone')}: ${settings.phone}`
                    : '',
                ].join(''),
                color: GREY,
                fontSize: 8,
              },
            ],
          },
          { width: 'auto', stack: right },
        ],
        columnGap: 6,
      },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: 523, y2: 4, lineWidth: 0.6, lineColor: LINE }] },
    ],
  }
}

export function pageFooter(head: Letterhead, page: number, pageCount: number): Content {
  const { settings, text } = head
  const note = text.pick(settings.footerZh, settings.footerEn).replace('\n', '  ')
  return {
    margin: [36, 10, 36, 0],
    stack: [
      {
        text: text.label('documents.pdf.page', { page, count: pageCount }),
        alignment: 'right',
        fontSize: 8,
      },
      { text: note, color: GREY, fontSize: 7 },
    ],
  }
}

/** Title, number, and the QR code of the number. */
export function titleBlock(head: Letterhead, subtitle?: string): Content {
  const { text } = head
  return {
    columns: [
      {
        width: '*',
        stack: [
          { text: text.label(head.titleKey), fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
          {
            text: `${text.label('documents.pdf.field.number')}: ${head.number}`,
            fontSize: 11,
            bold: true,
          },
          ...(subtitle ? [{ text: subtitle, color: GREY, margin: [0, 2, 0, 0] }] : []),
        ],
      },
      { width: 70, qr: head.number, fit: 68, alignment: 'right' },
    ],
    margin: [0, 0, 0, 8],
  }
}

/** Label/value pairs in two columns (label bold grey, value plain). */
export function fieldGrid(
  text: DocumentText,
  fields: readonly [key: string, value: string][],
): Content {
  const rows: Content[][] = []
  for (let index = 0; index < fields.length; index += 2) {
    const row: Content[] = []
    const pair = [fields[index], fields[index + 1]]
    for (const field of pair) {
      if (!field) continue
      row.push(
        { text: text.label(field[0]), bold: true, color: '#333333' },
        { text: field[1] || '—', ...(pair[1] ? {} : { colSpan: 3 }) },
      )
    }
    if (!pair[1]) row.push('', '')
    rows.push(row)
  }
  const label = text.language === 'bilingual' ? 100 : 70
  return {
    table: { widths: [label, '*', label, '*'], body: rows },
    layout: 'noBorders',
    margin: [0, 0, 0, 8],
  }
}

export interface Column {
  key: string
  width: number | '*' | 'auto'
  align?: 'left' | 'right' | 'center'
}

/** A table whose heading row repeats on every page; rows never split across pages. */
export function lineTable(
  text: DocumentText,
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): Content {
  const heading: ContentNode[] = columns.map((column) => ({
    text: text.stacked(column.key),
    bold: true,
    fillColor: '#eeeeee',
    alignment: column.align ?? 'left',
  }))
  const body: Content[][] = [heading]
  for (const row of rows)
    body.push(
      row.map((cell, index) => ({ text: cell, alignment: columns[index]?.align ?? 'left' })),
    )
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: columns.map((column) => column.width),
      body,
    },
    fontSize: 8,
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => LINE,
      vLineColor: () => LINE,
      paddingTop: () => 2,
      paddingBottom: () => 2,
      paddingLeft: () => 3,
      paddingRight: () => 3,
    },
    margin: [0, 0, 0, 6],
  }
}

/** Total in figures, and in 大写金额 on Chinese and bilingual documents. */
export function totalsBlock(
  text: DocumentText,
  total: number,
  extra: readonly [key: string, value: string][] = [],
): Content {
  const rows: Content[][] = extra.map(([key, value]) => [
    { text: text.label(key), bold: true },
    { text: value, alignment: 'right' },
  ])
  rows.push([
    { text: text.label('documents.pdf.total.amount'), bold: true },
    { text: text.moneyWithCurrency(total), bold: true, alignment: 'right' },
  ])
  if (text.capitals)
    rows.push([
      { text: text.label('documents.pdf.total.capital'), bold: true },
      { text: toChineseCapitalAmount(total), bold: true, alignment: 'right' },
    ])
  return {
    table: { widths: ['*', 'auto'], body: rows },
    layout: 'noBorders',
    margin: [220, 0, 0, 10],
    unbreakable: true,
  }
}

/** Boxes to sign in: a label, then space for the signature and the date. */
export function signatureBoxes(text: DocumentText, keys: readonly string[]): Content {
  const cell = (key: string): Content => ({
    stack: [
      { text: text.label(key), bold: true },
      { text: ' ', margin: [0, 26, 0, 0] },
      { text: `${text.label('documents.pdf.signature.date')}:`, color: GREY },
    ],
  })
  return {
    table: { widths: keys.map(() => '*'), body: [keys.map(cell)] },
    layout: {
      hLineWidth: () => 0.6,
      vLineWidth: () => 0.6,
      hLineColor: () => LINE,
      vLineColor: () => LINE,
      paddingTop: () => 6,
      paddingBottom: () => 6,
      paddingLeft: () => 6,
    },
    unbreakable: true,
    margin: [0, 6, 0, 0],
  }
}

export function addressText(address: {
  contact: string
  phone: string
  province: string
  city: string
  district: string
  line: string
}): string {
  return `${addressLine(address)}  ${address.contact} ${address.phone}`.trim()
}
