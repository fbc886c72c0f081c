/**
 * Pure builder of the account statement (对账单, domain.md "Account and statements"): for the
 * period and per account type the opening balance, every transaction, the totals in and out, the
 * closing balance and the reconciliation line (opening + movements = closing), then a
 * confirmation block for the dealer's accountant (signature, company stamp, date). When the
 * period was issued for confirmation in the app (对账确认) the document carries its state:
 * confirmed by whom and when, or disputed (the disputed entries marked with their notes).
 */
import type { StatementPeriod, Transaction } from '../../../shared/api'
import type { StatementView } from '../../../shared/domain/statement'
import { dealerName, documentSection, letterhead, type DocumentContext } from './documentContext'
import { fieldGrid, lineTable, signatureBoxes, titleBlock, type Column } from './documentLayout'
import type { Content, DocumentSection } from './pdfTypes'

const COLUMNS: readonly Column[] = [
  { key: 'documents.pdf.column.time', width: 72 },
  { key: 'documents.pdf.column.type', width: 92 },
  { key: 'documents.pdf.column.document', width: 90 },
  { key: 'documents.pdf.column.note', width: '*' },
  { key: 'documents.pdf.column.change', width: 60, align: 'right' },
  { key: 'documents.pdf.column.balanceAfter', width: 64, align: 'right' },
]

/** The statement's printed number: ST<dealer code>-<first day>-<last day> (China dates). */
export function statementNumber(
  code: string,
  statement: { from: number; to: number },
  date: (epochMs: number) => string,
): string {
  const day = (epochMs: number) => date(epochMs).replace(/-/g, '')
  return `ST${code ? `${code}-` : ''}${day(statement.from)}-${day(statement.to - 1)}`
}

/** The confirmation state line of an issued period. */
function confirmationText(text: DocumentContext['text'], record: StatementPeriod | null): string {
  if (!record) return text.label('documents.pdf.statement.notIssued')
  const key = `documents.pdf.statement.state.${record.status}`
  switch (record.status) {
    case 'confirmed':
      return text.label(key, {
        by: record.confirmedBy ?? '',
        at: record.confirmedAt ? text.dateTime(record.confirmedAt) : '',
      })
    case 'disputed':
      return text.label(key, {
        by: record.disputedBy ?? '',
        at: record.disputedAt ? text.dateTime(record.disputedAt) : '',
        note: record.disputeNote ?? '',
      })
    case 'resolved':
      return text.label(key, {
        by: record.resolvedBy ?? '',
        at: record.resolvedAt ? text.dateTime(record.resolvedAt) : '',
        note: record.resolution ?? '',
      })
    default:
      return text.label(key, { at: text.dateTime(record.issuedAt) })
  }
}

export function statementDocument(
  context: DocumentContext,
  statement: StatementView<Transaction>,
  printedAt: number,
  confirmation: StatementPeriod | null = null,
): DocumentSection {
  const { text } = context
  // Disputed entries are marked while the dispute is open or resolved (a re-issue clears them).
  const disputed = new Map(
    confirmation && (confirmation.status === 'disputed' || confirmation.status === 'resolved')
      ? confirmation.disputedEntries.map((entry) => [entry.transactionId, entry.note])
      : [],
  )
  const number = statementNumber(context.dealer?.code ?? '', statement, text.date)
  const head = letterhead(context, 'documents.pdf.title.statement', number)
  const content: Content[] = [
    titleBlock(head),
    fieldGrid(text, [
      ['documents.pdf.field.dealer', dealerName(context, '')],
      [
        'documents.pdf.field.period',
        `${text.date(statement.from)} — ${text.date(statement.to - 1)}`,
      ],
      ['documents.pdf.field.generatedAt', text.dateTime(printedAt)],
      [
        'documents.pdf.field.reconciliation',
        statement.reconciled
          ? text.label('documents.pdf.statement.reconciled')
          : text.label('documents.pdf.statement.notReconciled'),
      ],
      ['documents.pdf.field.confirmation', confirmationText(text, confirmation)],
    ]),
  ]
  for (const account of statement.accounts) {
    const rows: string[][] = [
      [
        text.date(statement.from),
        text.label('account.statement.opening'),
        '',
        '',
        '',
        text.money(account.opening),
      ],
    ]
    for (const movement of account.movements) {
      const dispute = disputed.get(movement.id)
      rows.push([
        text.dateTime(movement.at),
        text.label(`account.transactionType.${movement.type}`),
        movement.documentNumber ?? '',
        dispute === undefined
          ? (movement.note ?? '')
          : [movement.note, text.label('documents.pdf.statement.disputedMark', { note: dispute })]
              .filter(Boolean)
              .join(' '),
        text.money(movement.amount),
        text.money(movement.balanceAfter),
      ])
    }
    rows.push([
      text.date(statement.to - 1),
      text.label('account.statement.closing'),
      '',
      '',
      '',
      text.money(account.closing),
    ])
    const equation = text.label('documents.pdf.statement.equation', {
      opening: text.money(account.opening),
      totalIn: text.money(account.totalIn),
      totalOut: text.money(account.totalOut),
      closing: text.money(account.closing),
    })
    const check = account.reconciled
      ? text.label('documents.pdf.statement.accountReconciled')
      : text.label('documents.pdf.statement.accountMismatch', { count: account.mismatches.length })
    content.push(
      {
        text: text.label(`account.accountType.${account.accountType}`),
        bold: true,
        fontSize: 11,
        margin: [0, 6, 0, 3],
      },
      ...(account.accountType === 'credit'
        ? [
            {
              text: text.label('account.statement.occupiedNote'),
              color: '#666666',
              margin: [0, 0, 0, 3],
            },
          ]
        : []),
      lineTable(text, COLUMNS, rows),
      {
        stack: [
          {
            text: `${text.label('account.statement.totalIn')}: ${text.money(account.totalIn)}    ${text.label('account.statement.totalOut')}: ${text.money(account.totalOut)}`,
          },
          {
            text: `${text.label('documents.pdf.statement.reconciliationLine')}: ${equation}`,
            bold: true,
          },
          { text: check, color: account.reconciled ? '#2e7d32' : '#c00000' },
        ],
        margin: [0, 0, 0, 8],
        unbreakable: true,
      },
    )
  }
  // The signature block never stands alone on a page: it stays with the last totals.
  const lastTotals = statement.accounts.length > 0 ? content.pop() : undefined
  content.push({
    stack: [
      ...(lastTotals ? [lastTotals] : []),
      {
        text: text.label('documents.pdf.statement.confirmTitle'),
        bold: true,
        fontSize: 11,
        margin: [0, 8, 0, 3],
      },
      { text: text.label('documents.pdf.statement.confirmText'), margin: [0, 0, 0, 4] },
      signatureBoxes(text, [
        'documents.pdf.statement.accountantSignature',
        'documents.pdf.statement.stamp',
      ]),
    ],
    unbreakable: true,
  })
  return documentSection(head, content)
}
