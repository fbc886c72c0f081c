/**
 * Batch print: starts a job for the ticked deliveries, follows `documents:batchProgress` into the
 * progress bar, cancels a running job, and downloads the merged PDF of a finished 'save' job.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BatchProgress } from '../../../shared/contract/documents'
import BatchPrintDialog from '../../../renderer/components/documents/BatchPrintDialog.vue'
import { fakePortal, mountWithApp } from '../helpers'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const MERGED = {
  fileName: 'shipping-batch.pdf',
  contentBase64: btoa('%PDF-1.7'),
  pageCount: 3,
  printCount: 0,
}

let clicked: HTMLAnchorElement[] = []
beforeEach(() => {
  clicked = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push(this)
  })
  URL.createObjectURL = vi.fn(() => 'blob:pdf')
  URL.revokeObjectURL = vi.fn()
})
afterEach(() => vi.restoreAllMocks())

function setup(selectedIds: string[]) {
  let emit: (progress: BatchProgress) => void = () => undefined
  const documents = {
    batchStart: vi.fn(() => ok({ jobId: 'job1', total: 3 })),
    batchCancel: vi.fn(() => ok({ cancelled: true })),
    batchResult: vi.fn(() => ok(MERGED)),
  }
  fakePortal({
    documents,
    onDocumentsBatchProgress: vi.fn((listener: (progress: BatchProgress) => void) => {
      emit = listener
      return () => undefined
    }),
  })
  const { wrapper } = mountWithApp(BatchPrintDialog, {
    language: 'en-US',
    mount: { props: { selectedIds, modelValue: false }, attachTo: document.body },
  })
  return {
    wrapper,
    documents,
    progress: (progress: Omit<BatchProgress, 'jobId' | 'error'>) =>
      emit({ jobId: 'job1', error: null, ...progress }),
  }
}

const find = (testId: string) =>
  document.body.querySelector<HTMLElement>(`[data-testid="${testId}"]`)

describe('BatchPrintDialog', () => {
  it('prints the ticked deliveries into one PDF with progress, then downloads it', async () => {
    const { wrapper, documents, progress } = setup(['dv1', 'dv2', 'dv3'])
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    find('batch-print-start')!.click()
    await flushPromises()
    expect(documents.batchStart).toHaveBeenCalledWith({
      kind: 'shipping',
      ids: ['dv1', 'dv2', 'dv3'],
      language: 'en-US',
      mode: 'save',
    })
    progress({ done: 1, total: 3, state: 'running' })
    await flushPromises()
    expect(find('batch-print-progress')!.dataset.done).toBe('1')
    expect(find('batch-print-cancel')).not.toBeNull()
    progress({ done: 3, total: 3, state: 'done' })
    await flushPromises()
    expect(documents.batchResult).toHaveBeenCalledWith({ jobId: 'job1' })
    expect(clicked.map((link) => link.download)).toEqual(['shipping-batch.pdf'])
    expect(find('batch-print-done')).not.toBeNull()
    wrapper.unmount()
  })

  it('cancels a running job', async () => {
    const { wrapper, documents, progress } = setup(['dv1', 'dv2', 'dv3'])
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    find('batch-print-start')!.click()
    await flushPromises()
    progress({ done: 1, total: 3, state: 'running' })
    await flushPromises()
    find('batch-print-cancel')!.click()
    await flushPromises()
    expect(documents.batchCancel).toHaveBeenCalledWith({ jobId: 'job1' })
    expect(find('batch-print-cancelled')).not.toBeNull()
    expect(documents.batchResult).not.toHaveBeenCalled()
    wrapper.unmount()
  })

  it('with nothing ticked, asks for a date range before it can start', async () => {
    const { wrapper, documents } = setup([])
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(find('batch-print-range')).not.toBeNull()
    expect((find('batch-print-start') as HTMLButtonElement).disabled).toBe(true)
    expect(documents.batchStart).not.toHaveBeenCalled()
    wrapper.unmount()
  })
})
