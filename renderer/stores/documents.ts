/**
 * Document output (shipping documents, order confirmations, return slips, statements): print,
 * save as PDF, preview, and batch print of deliveries with progress. Electron prints and saves
 * natively through main; the web host has neither, so its refusals (`documents.printUnavailable`,
 * `documents.saveDialogUnavailable`) fall back to the browser: a new tab to print, a download to save.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  statementDocumentId,
  type BatchProgress,
  type DocumentLanguage,
  type DocumentRequest,
  type RenderedDocument,
} from '../../shared/contract/documents'
import type { PortalErrorData } from '../../shared/contract'
import { getPortal } from '../bridge'
import { closeTab, downloadPdf, pdfBlob, reserveTab, showInTab } from '../composables/usePdfOutput'
import { useAppInfoStore } from './appInfo'
import { useNoticeStore } from './notices'

export type BatchMode = 'save' | 'print'
export type BatchState = 'running' | 'done' | 'cancelled' | 'failed'

export interface BatchJob {
  jobId: string
  mode: BatchMode
  done: number
  total: number
  state: BatchState
  error: PortalErrorData | null
  /** The merged PDF of a finished 'save' job was downloaded. */
  delivered: boolean
}

export interface BatchSelection {
  ids?: string[]
  /** Epoch ms, `to` exclusive. */
  period?: { from: number; to: number }
  language: DocumentLanguage
  mode: BatchMode
}

export const useDocumentsStore = defineStore('documents', () => {
  const notices = useNoticeStore()
  const appInfo = useAppInfoStore()
  /** Times each document (`kind:id`) was saved or printed, as far as this window knows. */
  const printCounts = ref<Record<string, number>>({})
  const busy = ref(false)
  const batch = ref<BatchJob | null>(null)
  /** Electron refuses new windows from the renderer: the preview shows in an in-app frame (Blob URL). */
  const inAppPreview = ref<{ url: string; title: string } | null>(null)
  let stopProgress: (() => void) | null = null
  /** Progress of a job whose batchStart answer has not arrived yet (events may overtake it). */
  let early: BatchProgress | null = null

  /** The print log's id of a document: its record id, or the period of a statement. */
  const documentId = (request: DocumentRequest) =>
    request.id ?? (request.period ? statementDocumentId(request.period) : null)
  const keyOf = (request: DocumentRequest) => `${request.kind}:${documentId(request) ?? ''}`
  const isWeb = () => appInfo.info?.runtime !== 'electron'

  async function loadHistory(request: DocumentRequest): Promise<void> {
    const id = documentId(request)
    if (!id) return
    // Only the reprint hint depends on it: a failure leaves the hint off, nothing else.
    try {
      const result = await getPortal().documents.history({ kind: request.kind, id })
      if (result.ok)
        printCounts.value = { ...printCounts.value, [keyOf(request)]: result.data.length }
    } catch {
      // hint stays as it was
    }
  }

  function countUp(request: DocumentRequest, printCount?: number): void {
    const key = keyOf(request)
    printCounts.value = {
      ...printCounts.value,
      [key]: (printCount ?? printCounts.value[key] ?? 0) + 1,
    }
  }

  async function render(
    request: DocumentRequest,
    purpose: 'preview' | 'save' | 'print',
  ): Promise<RenderedDocument | null> {
    const result = await getPortal().documents.render({ ...request, purpose })
    if (!result.ok) {
      notices.reportError(result.error)
      return null
    }
    return result.data
  }

  /** Runs one output action; `busy` keeps the buttons from starting a second one meanwhile. */
  async function exclusive<T>(action: () => Promise<T>): Promise<T | null> {
    if (busy.value) return null
    busy.value = true
    try {
      return await action()
    } finally {
      busy.value = false
    }
  }

  /** Resolves true when the document went to a printer (or to the browser's print tab). */
  function print(request: DocumentRequest): Promise<boolean | null> {
    const tab = isWeb() ? reserveTab() : null
    return exclusive(async () => {
      const result = await getPortal().documents.print(request)
      if (result.ok) {
        closeTab(tab)
        if (result.data.printed) countUp(request)
        return result.data.printed
      }
      if (result.error.code !== 'documents.printUnavailable') {
        closeTab(tab)
        notices.reportError(result.error)
        return false
      }
      const document = await render(request, 'print')
      if (!document) {
        closeTab(tab)
        return false
      }
      showInTab(document, tab)
      countUp(request, document.printCount)
      return true
    })
  }

  /** Resolves true when the PDF was written (native dialog) or handed to the browser's download. */
  function save(request: DocumentRequest): Promise<boolean | null> {
    return exclusive(async () => {
      const result = await getPortal().documents.savePdf(request)
      if (result.ok) {
        if (result.data.saved) countUp(request)
        return result.data.saved
      }
      if (result.error.code !== 'documents.saveDialogUnavailable') {
        notices.reportError(result.error)
        return false
      }
      const document = await render(request, 'save')
      if (!document) return false
      downloadPdf(document)
      countUp(request, document.printCount)
      return true
    })
  }

  function preview(request: DocumentRequest): Promise<boolean | null> {
    const web = isWeb()
    const tab = web ? reserveTab() : null
    return exclusive(async () => {
      const document = await render(request, 'preview')
      if (!document) {
        closeTab(tab)
        return false
      }
      if (web) showInTab(document, tab)
      else {
        closePreview()
        inAppPreview.value = {
          url: URL.createObjectURL(pdfBlob(document)),
          title: document.fileName,
        }
      }
      return true
    })
  }

  function closePreview(): void {
    if (inAppPreview.value) URL.revokeObjectURL(inAppPreview.value.url)
    inAppPreview.value = null
  }

  function follow(): void {
    if (stopProgress) return
    stopProgress = getPortal().onDocumentsBatchProgress((progress) => {
      apply(progress)
    })
  }

  function apply(progress: BatchProgress): void {
    const job = batch.value
    if (!job || job.jobId !== progress.jobId) {
      early = progress
      return
    }
    batch.value = {
      ...job,
      done: progress.done,
      total: progress.total,
      state: progress.state,
      error: progress.error,
    }
    if (progress.state === 'failed' && progress.error) notices.reportError(progress.error)
    if (progress.state === 'done' && job.mode === 'save' && !job.delivered)
      void deliver(progress.jobId)
  }

  async function deliver(jobId: string): Promise<void> {
    const job = batch.value
    if (!job || job.jobId !== jobId || job.delivered) return
    batch.value = { ...job, delivered: true }
    const result = await getPortal().documents.batchResult({ jobId })
    if (result.ok) downloadPdf(result.data)
    else {
      notices.reportError(result.error)
      if (batch.value?.jobId === jobId)
        batch.value = { ...batch.value, state: 'failed', error: result.error }
    }
  }

  async function startBatch(selection: BatchSelection): Promise<boolean> {
    follow()
    const result = await getPortal().documents.batchStart({
      kind: 'shipping',
      ...(selection.ids ? { ids: selection.ids } : {}),
      ...(selection.period ? { period: selection.period } : {}),
      language: selection.language,
      mode: selection.mode,
    })
    if (!result.ok) {
      notices.reportError(result.error)
      return false
    }
    const { jobId, total } = result.data
    batch.value = {
      jobId,
      mode: selection.mode,
      done: 0,
      total,
      state: 'running',
      error: null,
      delivered: false,
    }
    const overtaken = early
    early = null
    if (overtaken?.jobId === jobId) apply(overtaken)
    else if (total === 0) batch.value = { ...batch.value, state: 'done', delivered: true }
    return true
  }

  async function cancelBatch(): Promise<void> {
    const job = batch.value
    if (!job || job.state !== 'running') return
    const result = await getPortal().documents.batchCancel({ jobId: job.jobId })
    if (!result.ok) return notices.reportError(result.error)
    if (result.data.cancelled && batch.value?.jobId === job.jobId)
      batch.value = { ...batch.value, state: 'cancelled' }
  }

  function clearBatch(): void {
    if (batch.value?.state !== 'running') batch.value = null
  }

  function stop(): void {
    stopProgress?.()
    stopProgress = null
  }

  return {
    printCounts,
    busy,
    batch,
    inAppPreview,
    closePreview,
    keyOf,
    loadHistory,
    render,
    print,
    save,
    preview,
    startBatch,
    cancelBatch,
    clearBatch,
    follow,
    stop,
  }
})
