/**
 * Batch jobs of shipping documents (selected deliveries, or those shipped in a period): run one
 * after another, each document loaded and rendered alone with the event loop free in between
 * (progress events, cancellation between documents), then all rendered again into ONE PDF in which
 * every document numbers its own pages (pdfkit cannot append to a finished PDF). 'print' jobs go to the platform printer when there is one (else the
 * renderer prints the result from the browser); every document is logged as saved / printed.
 *
 * Errors: documents.requestInvalid (neither ids nor period), documents.batchEmpty,
 * documents.batchTooLarge {max}, resource.notFound (an id not cached), documents.jobNotFound,
 * documents.jobNotFinished.
 */
import { randomUUID } from 'node:crypto'
import {
  MAX_BATCH_DOCUMENTS,
  type BatchProgress,
  type BatchStartRequest,
  type DocumentLanguage,
  type RenderedDocument,
} from '../../../shared/contract/documents'
import { PortalError } from '../../../shared/contract/result'
import type { CacheDatabase } from '../cache/cacheDatabase'
import type { DocumentOutputPort, PreparedDocument } from './documentsService'
import type { RenderedPdf } from './pdfRenderer'
import type { DocumentSection } from './pdfTypes'

export interface DocumentBatchDependencies {
  prepare(deliveryId: string, language: DocumentLanguage | undefined): Promise<PreparedDocument>
  render(sections: DocumentSection[], title: string): Promise<RenderedPdf>
  log(document: PreparedDocument, purpose: 'save' | 'print'): void
  database(): CacheDatabase
  output?: DocumentOutputPort
  batchFileName(language: DocumentLanguage | undefined): Promise<string>
  onProgress?: (progress: BatchProgress) => void
}

export interface DocumentBatches {
  batchStart(request: BatchStartRequest): Promise<{ jobId: string; total: number }>
  batchCancel(request: { jobId: string }): Promise<{ cancelled: boolean }>
  batchResult(request: { jobId: string }): Promise<RenderedDocument>
}

interface Job {
  id: string
  ids: string[]
  request: BatchStartRequest
  state: BatchProgress['state']
  done: number
  cancelRequested: boolean
  error: BatchProgress['error']
  result: RenderedDocument | null
}

/** Finished jobs kept for batchResult. */
const KEPT_JOBS = 10

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export function createDocumentBatches(deps: DocumentBatchDependencies): DocumentBatches {
  const jobs = new Map<string, Job>()
  let queue: Promise<void> = Promise.resolve()

  function emit(job: Job): void {
    deps.onProgress?.({
      jobId: job.id,
      done: job.done,
      total: job.ids.length,
      state: job.state,
      error: job.error,
    })
  }

  async function deliveriesOf(request: BatchStartRequest): Promise<string[]> {
    const db = deps.database()
    if (request.ids) {
      const ids = [...new Set(request.ids)]
      for (const id of ids)
        if (!(await db.get('SELECT 1 AS found FROM deliveries WHERE id = ?', [id])))
          throw new PortalError('resource.notFound')
      return ids
    }
    if (!request.period) throw new PortalError('documents.requestInvalid')
    if (!(request.period.to > request.period.from)) throw new PortalError('account.periodInvalid')
    return (
      await db.all<{ id: string }>(
        `SELECT id FROM deliveries WHERE json_extract(record, '$.shippedAt') >= ? AND json_extract(record, '$.shippedAt') < ?
         ORDER BY json_extract(record, '$.shippedAt'), number LIMIT ?`,
        [request.period.from, request.period.to, MAX_BATCH_DOCUMENTS + 1],
      )
    ).map((row) => row.id)
  }

  async function run(job: Job): Promise<void> {
    const prepared: PreparedDocument[] = []
    try {
      emit(job)
      for (const id of job.ids) {
        await nextTurn()
        if (job.cancelRequested) {
          job.state = 'cancelled'
          emit(job)
          return
        }
        const document = await deps.prepare(id, job.request.language)
        // Rendered alone first: the real work per document, so progress and cancel follow it.
        await deps.render([document.section], document.section.title)
        prepared.push(document)
        job.done++
        emit(job)
      }
      const { pdf, pageCount } = await deps.render(
        prepared.map((document) => document.section),
        'DealerDesk',
      )
      const fileName = await deps.batchFileName(job.request.language)
      job.result = { fileName, contentBase64: pdf.toString('base64'), pageCount, printCount: 0 }
      let logged = true
      if (job.request.mode === 'print' && deps.output)
        logged = await deps.output.print(pdf, fileName)
      if (logged) for (const document of prepared) deps.log(document, job.request.mode)
      job.state = 'done'
    } catch (error) {
      job.state = 'failed'
      job.error = error instanceof PortalError ? error.toData() : { code: 'documents.renderFailed' }
    }
    emit(job)
  }

  function forget(): void {
    const finished = [...jobs.values()].filter((job) => job.state !== 'running')
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_JOBS)))
      jobs.delete(job.id)
  }

  return {
    async batchStart(request) {
      const ids = await deliveriesOf(request)
      if (ids.length === 0) throw new PortalError('documents.batchEmpty')
      if (ids.length > MAX_BATCH_DOCUMENTS)
        throw new PortalError('documents.batchTooLarge', { max: MAX_BATCH_DOCUMENTS })
      forget()
      const job: Job = {
        id: randomUUID(),
        ids,
        request,
        state: 'running',
        done: 0,
        cancelRequested: false,
        error: null,
        result: null,
      }
      jobs.set(job.id, job)
      // Jobs run one after another; this answer goes out before the first progress event.
      queue = queue.then(
        () => new Promise<void>((resolve) => setTimeout(() => void run(job).finally(resolve), 0)),
      )
      return { jobId: job.id, total: ids.length }
    },

    async batchCancel({ jobId }) {
      const job = jobs.get(jobId)
      if (!job || job.state !== 'running') return { cancelled: false }
      job.cancelRequested = true
      return { cancelled: true }
    },

    async batchResult({ jobId }) {
      const job = jobs.get(jobId)
      if (!job) throw new PortalError('documents.jobNotFound')
      if (job.state !== 'done' || !job.result) throw new PortalError('documents.jobNotFinished')
      return job.result
    },
  }
}
