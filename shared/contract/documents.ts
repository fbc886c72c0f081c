/**
 * Bridge schemas of printed documents: shipping documents (发货单), order confirmations,
 * return slips and account statements (对账单) as PDF, rendered in main from the dealer's cache.
 *
 * `render` answers the PDF as base64 (preview, browser download); 'save' and 'print' renders are
 * recorded in the cache's print log, and a document recorded before carries a reprint mark.
 * `print` / `savePdf` use the desktop's printer and save dialog; the web host refuses them with
 * `documents.printUnavailable` / `documents.saveDialogUnavailable` (the renderer then opens or
 * downloads the PDF of `render`). Batch jobs render many shipping documents one after another,
 * announce progress as `documents:batchProgress`, and can be cancelled between documents.
 *
 * Errors: session.signedOut, resource.notFound (no such cached record), auth.forbidden
 * (statements are for accountants and admins), documents.requestInvalid (id or period missing),
 * account.periodInvalid, documents.batchEmpty, documents.batchTooLarge {max},
 * documents.jobNotFound, documents.jobNotFinished, documents.renderFailed.
 */
import { z } from 'zod'
import { EpochMs, Id } from '../api/common'
import { defineMethod } from './define'
import { DocumentLanguage } from './schemas'

export { DOCUMENT_LANGUAGES, DocumentLanguage, DocumentSettings } from './schemas'

export const DOCUMENT_KINDS = ['shipping', 'orderConfirmation', 'returnSlip', 'statement'] as const
export const DocumentKind = z.enum(DOCUMENT_KINDS)
export type DocumentKind = z.infer<typeof DocumentKind>

/** [from, to) in epoch ms. */
export const DocumentPeriod = z.strictObject({ from: EpochMs, to: EpochMs })
export type DocumentPeriod = z.infer<typeof DocumentPeriod>

export const DocumentRequest = z.strictObject({
  kind: DocumentKind,
  /** Delivery id (shipping), order id (orderConfirmation), return id (returnSlip). */
  id: Id.optional(),
  /** Statement period. */
  period: DocumentPeriod.optional(),
  /** Default: the settings' document language, else the UI language. */
  language: DocumentLanguage.optional(),
})
export type DocumentRequest = z.infer<typeof DocumentRequest>

export const DocumentPurpose = z.enum(['preview', 'save', 'print'])
export type DocumentPurpose = z.infer<typeof DocumentPurpose>

export const RenderDocumentRequest = DocumentRequest.extend({ purpose: DocumentPurpose })
export type RenderDocumentRequest = z.infer<typeof RenderDocumentRequest>

export const RenderedDocument = z.object({
  fileName: z.string(),
  contentBase64: z.string(),
  pageCount: z.int().nonnegative(),
  /** Times this document was saved or printed before this render (from the print log). */
  printCount: z.int().nonnegative(),
})
export type RenderedDocument = z.infer<typeof RenderedDocument>

export const MAX_BATCH_DOCUMENTS = 500

export const BatchStartRequest = z.strictObject({
  kind: z.literal('shipping'),
  ids: z.array(Id).max(MAX_BATCH_DOCUMENTS).optional(),
  /** Deliveries shipped in [from, to). */
  period: DocumentPeriod.optional(),
  language: DocumentLanguage.optional(),
  mode: z.enum(['save', 'print']),
})
export type BatchStartRequest = z.infer<typeof BatchStartRequest>

export const BatchProgress = z.object({
  jobId: Id,
  done: z.int().nonnegative(),
  total: z.int().nonnegative(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  error: z
    .object({
      code: z.string(),
      params: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
        .optional(),
    })
    .nullable(),
})
export type BatchProgress = z.infer<typeof BatchProgress>

export const PrintHistoryEntry = z.object({
  printedAt: EpochMs,
  purpose: z.enum(['save', 'print']),
  language: DocumentLanguage,
})
export type PrintHistoryEntry = z.infer<typeof PrintHistoryEntry>

export const documentsMethods = {
  render: defineMethod(RenderDocumentRequest, RenderedDocument),
  print: defineMethod(DocumentRequest, z.object({ printed: z.boolean() })),
  savePdf: defineMethod(
    DocumentRequest,
    z.object({ saved: z.boolean(), path: z.string().nullable() }),
  ),
  batchStart: defineMethod(
    BatchStartRequest,
    z.object({ jobId: Id, total: z.int().nonnegative() }),
  ),
  batchCancel: defineMethod(z.strictObject({ jobId: Id }), z.object({ cancelled: z.boolean() })),
  batchResult: defineMethod(z.strictObject({ jobId: Id }), RenderedDocument),
  /** Statements: id = statementDocumentId(period). Newest first. */
  history: defineMethod(z.strictObject({ kind: DocumentKind, id: Id }), z.array(PrintHistoryEntry)),
}

export const documentsEvents = {
  'documents:batchProgress': BatchProgress,
} as const

/** The print log's document id of a statement: `<from>-<to>` (epoch ms). */
export function statementDocumentId(period: DocumentPeriod): string {
  return `${period.from}-${period.to}`
}
