/**
 * Printed documents over the signed-in dealer's cache (works offline): the same cached records the
 * views show are rendered to PDF (renderPdf), 'save' and 'print' are recorded in the print log,
 * and a document recorded before carries the reprint mark. Batch jobs: see documentBatches.ts.
 *
 * Errors (PortalError codes): session.signedOut, resource.notFound, auth.forbidden (statements:
 * accountants and admins), documents.requestInvalid, account.periodInvalid,
 * documents.printUnavailable / documents.saveDialogUnavailable (no platform output: web host),
 * documents.renderFailed.
 */
import type {
  Delivery,
  Order,
  Return,
  Role,
  StatementPeriod,
  Transaction,
} from '../../../shared/api'
import { ACCOUNT_TYPE_VALUES } from '../../../shared/api'
import type { DocumentSettings, Language } from '../../../shared/contract'
import {
  statementDocumentId,
  type DocumentKind,
  type DocumentLanguage,
  type DocumentRequest,
  type PrintHistoryEntry,
  type RenderedDocument,
} from '../../../shared/contract/documents'
import { PortalError } from '../../../shared/contract/result'
import { buildStatement } from '../../../shared/domain/statement'
import type { Translate } from '../../../shared/i18n/translate'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createDocumentBatches, type DocumentBatches } from './documentBatches'
import { createDocumentText } from './documentText'
import { renderPdf } from './pdfRenderer'
import type { DocumentSection } from './pdfTypes'
import { dataChecksum, printCount, printHistory, recordPrint } from './printLog'
import { statementDocument } from './statementDocument'
import type { DealerIdentity } from './documentContext'
import { orderConfirmation } from './orderConfirmation'
import { returnSlip } from './returnSlip'
import { shippingDocument } from './shippingDocument'

/** The desktop's printer and save dialog (electron/platform/documentOutput.ts); none in the web host. */
export interface DocumentOutputPort {
  print(pdf: Uint8Array, title: string): Promise<boolean>
  saveWithDialog(pdf: Uint8Array, defaultName: string): Promise<string | null>
}

export interface DocumentsDependencies {
  database(): CacheDatabase | null
  dealer(): (DealerIdentity & { dealerId: string; roles: readonly Role[] }) | null
  documentSettings(): Promise<DocumentSettings>
  /** The UI language (settings, else the system's). */
  uiLanguage(): Promise<Language>
  translator(language: Language): Translate
  output?: DocumentOutputPort
  onBatchProgress?: Parameters<typeof createDocumentBatches>[0]['onProgress']
  clock?: () => number
}

export interface PreparedDocument {
  kind: DocumentKind
  /** The print log's document id. */
  id: string
  language: DocumentLanguage
  section: DocumentSection
  fileName: string
  checksum: string
  printCount: number
}

export interface DocumentsService extends Omit<DocumentBatches, 'close'> {
  render(
    request: DocumentRequest & { purpose: 'preview' | 'save' | 'print' },
  ): Promise<RenderedDocument>
  print(request: DocumentRequest): Promise<{ printed: boolean }>
  savePdf(request: DocumentRequest): Promise<{ saved: boolean; path: string | null }>
  history(request: { kind: DocumentKind; id: string }): Promise<PrintHistoryEntry[]>
}

async function readRecord<T>(
  db: CacheDatabase,
  table: 'deliveries' | 'orders' | 'returns',
  id: string,
): Promise<T> {
  const row = await db.get<{ record: string }>(`SELECT record FROM ${table} WHERE id = ?`, [id])
  if (!row) throw new PortalError('resource.notFound')
  return JSON.parse(row.record) as T
}

/** The issued statement period (对账确认) of exactly [from, to), if the dealer has one. */
async function issuedPeriod(db: CacheDatabase, period: { from: number; to: number }) {
  const row = await db.get<{ record: string }>(
    `SELECT record FROM statement_periods WHERE json_extract(record, '$.from') = ?
       AND json_extract(record, '$.to') = ?`,
    [period.from, period.to],
  )
  return row ? (JSON.parse(row.record) as StatementPeriod) : null
}

/** The statement of [from, to) from the cached flow, exactly as the account view computes it. */
async function cachedStatement(db: CacheDatabase, from: number, to: number) {
  if (!(to > from)) throw new PortalError('account.periodInvalid')
  const rows = await db.all<{ record: string }>(
    'SELECT record FROM transactions WHERE at >= ? AND at < ? ORDER BY at, id',
    [from, to],
  )
  for (const accountType of ACCOUNT_TYPE_VALUES) {
    const before = await db.get<{ record: string }>(
      'SELECT record FROM transactions WHERE account_type = ? AND at < ? ORDER BY at DESC, id DESC LIMIT 1',
      [accountType, from],
    )
    if (before) rows.push(before)
  }
  return buildStatement(
    rows.map((row) => JSON.parse(row.record) as Transaction),
    { from, to },
  )
}

export function createDocumentsService(deps: DocumentsDependencies): DocumentsService {
  const clock = deps.clock ?? Date.now

  function open() {
    const db = deps.database()
    const dealer = deps.dealer()
    if (!db || !dealer) throw new PortalError('session.signedOut')
    return { db, dealer }
  }

  async function languageOf(
    request: { language?: DocumentLanguage },
    settings: DocumentSettings,
  ): Promise<DocumentLanguage> {
    return request.language ?? settings.defaultLanguage ?? (await deps.uiLanguage())
  }

  /** Loads the cached data and builds the document (no rendering yet). */
  async function prepare(request: DocumentRequest): Promise<PreparedDocument> {
    const { db, dealer } = open()
    const settings = await deps.documentSettings()
    const language = await languageOf(request, settings)
    const text = createDocumentText(language, {
      zh: deps.translator('zh-CN'),
      en: deps.translator('en-US'),
    })
    const nameOf = (kind: DocumentKind, number: string) =>
      `${(language === 'en-US' ? deps.translator('en-US') : deps.translator('zh-CN'))(`documents.pdf.fileName.${kind}`)}_${number}.pdf`
    const base = { settings, text, dealer }
    if (request.kind === 'statement') {
      if (!request.period) throw new PortalError('documents.requestInvalid')
      if (!dealer.roles.some((role) => role === 'accountant' || role === 'admin'))
        throw new PortalError('auth.forbidden')
      const id = statementDocumentId(request.period)
      const statement = await cachedStatement(db, request.period.from, request.period.to)
      const reprint = await printCount(db, 'statement', id)
      const confirmation = await issuedPeriod(db, request.period)
      const section = statementDocument({ ...base, reprint }, statement, clock(), confirmation)
      return {
        kind: 'statement',
        id,
        language,
        section,
        fileName: nameOf('statement', section.number),
        checksum: dataChecksum({ statement, confirmation }),
        printCount: reprint,
      }
    }
    if (!request.id) throw new PortalError('documents.requestInvalid')
    const id = request.id
    const reprint = await printCount(db, request.kind, id)
    const context = { ...base, reprint }
    let section: DocumentSection
    let number: string
    let data: unknown
    if (request.kind === 'shipping') {
      const delivery = await readRecord<Delivery>(db, 'deliveries', id)
      ;[section, number, data] = [shippingDocument(context, delivery), delivery.number, delivery]
    } else if (request.kind === 'orderConfirmation') {
      const order = await readRecord<Order>(db, 'orders', id)
      ;[section, number, data] = [orderConfirmation(context, order), order.number, order]
    } else {
      const record = await readRecord<Return>(db, 'returns', id)
      ;[section, number, data] = [returnSlip(context, record), record.number, record]
    }
    return {
      kind: request.kind,
      id,
      language,
      section,
      fileName: nameOf(request.kind, number),
      checksum: dataChecksum(data),
      printCount: reprint,
    }
  }

  async function renderSections(sections: DocumentSection[], title: string) {
    try {
      return await renderPdf(sections, { title })
    } catch (error) {
      if (error instanceof PortalError) throw error
      throw new PortalError('documents.renderFailed', {
        reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
      })
    }
  }

  async function log(document: PreparedDocument, purpose: 'save' | 'print'): Promise<void> {
    const db = deps.database()
    if (!db) return
    await recordPrint(db, {
      kind: document.kind,
      id: document.id,
      purpose,
      language: document.language,
      checksum: document.checksum,
      printedAt: clock(),
    })
  }

  const batches = createDocumentBatches({
    prepare: (id, language) => prepare({ kind: 'shipping', id, ...(language ? { language } : {}) }),
    render: renderSections,
    log,
    database: () => open().db,
    output: deps.output,
    batchFileName: async (language) => {
      const settings = await deps.documentSettings()
      const resolved = await languageOf({ language }, settings)
      const t = deps.translator(resolved === 'en-US' ? 'en-US' : 'zh-CN')
      return `${t('documents.pdf.fileName.batch')}.pdf`
    },
    onProgress: deps.onBatchProgress,
  })

  return {
    async render(request) {
      const { purpose, ...documentRequest } = request
      const document = await prepare(documentRequest)
      const { pdf, pageCount } = await renderSections([document.section], document.section.title)
      if (purpose !== 'preview') await log(document, purpose)
      return {
        fileName: document.fileName,
        contentBase64: pdf.toString('base64'),
        pageCount,
        printCount: document.printCount,
      }
    },

    async print(request) {
      const output = deps.output
      if (!output) throw new PortalError('documents.printUnavailable')
      const document = await prepare(request)
      const { pdf } = await renderSections([document.section], document.section.title)
      const printed = await output.print(pdf, document.fileName)
      if (printed) await log(document, 'print')
      return { printed }
    },

    async savePdf(request) {
      const output = deps.output
      if (!output) throw new PortalError('documents.saveDialogUnavailable')
      const document = await prepare(request)
      const { pdf } = await renderSections([document.section], document.section.title)
      const path = await output.saveWithDialog(pdf, document.fileName)
      if (path) await log(document, 'save')
      return { saved: path !== null, path }
    },

    async history({ kind, id }) {
      return await printHistory(open().db, kind, id)
    },

    batchStart: (request) => batches.batchStart(request),
    batchCancel: (request) => batches.batchCancel(request),
    batchResult: (request) => batches.batchResult(request),
  }
}
