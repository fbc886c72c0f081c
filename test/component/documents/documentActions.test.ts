/**
 * Document actions: the language defaults to the settings' document language, else the UI
 * language; Save / Print go through main and fall back to the browser in the web host
 * (download, new tab); the reprint hint shows what the print log says.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_SETTINGS } from '../../../shared/contract'
import DocumentActions from '../../../renderer/components/documents/DocumentActions.vue'
import { fakePortal, mountWithApp } from '../helpers'

const PDF = {
  fileName: '发货单-DN1.pdf',
  contentBase64: btoa('%PDF-1.7'),
  pageCount: 1,
  printCount: 0,
}
const refused = (code: string) => Promise.resolve({ ok: false as const, error: { code } })
const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })

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

function mountActions(
  portal: Parameters<typeof fakePortal>[0],
  options: { language?: 'zh-CN' | 'en-US'; defaultLanguage?: 'bilingual' | null } = {},
) {
  const fake = fakePortal(portal)
  const { wrapper } = mountWithApp(DocumentActions, {
    language: options.language ?? 'en-US',
    mount: { props: { kind: 'shipping', id: 'dv1' } },
    pinia: {
      initialState: {
        settings: {
          settings: {
            ...DEFAULT_SETTINGS,
            language: options.language ?? 'en-US',
            documents: {
              ...DEFAULT_SETTINGS.documents,
              defaultLanguage: options.defaultLanguage ?? null,
            },
          },
        },
        appInfo: { info: { runtime: 'web' } },
      },
    },
  })
  return { wrapper, fake }
}

describe('DocumentActions', () => {
  it('saves in the browser: savePdf refused → render purpose save → download under the returned name, in the UI language', async () => {
    const render = vi.fn(() => ok(PDF))
    const savePdf = vi.fn(() => refused('documents.saveDialogUnavailable'))
    const { wrapper } = mountActions({
      documents: { savePdf, render, history: vi.fn(() => ok([])) },
    })
    await flushPromises()
    await wrapper.get('[data-testid="document-save"]').trigger('click')
    await flushPromises()
    expect(savePdf).toHaveBeenCalledWith({ kind: 'shipping', id: 'dv1', language: 'en-US' })
    expect(render).toHaveBeenCalledWith({
      kind: 'shipping',
      id: 'dv1',
      language: 'en-US',
      purpose: 'save',
    })
    expect(clicked.map((link) => link.download)).toEqual(['发货单-DN1.pdf'])
    expect(wrapper.find('[data-testid="document-reprint"]').exists()).toBe(true)
  })

  it('uses the settings default document language over the UI language', async () => {
    const savePdf = vi.fn(() => ok({ saved: true, path: '/tmp/x.pdf' }))
    const { wrapper } = mountActions(
      { documents: { savePdf, history: vi.fn(() => ok([])) } },
      { language: 'zh-CN', defaultLanguage: 'bilingual' },
    )
    await wrapper.get('[data-testid="document-save"]').trigger('click')
    await flushPromises()
    expect(savePdf).toHaveBeenCalledWith({ kind: 'shipping', id: 'dv1', language: 'bilingual' })
    expect(clicked).toEqual([])
  })

  it('prints in the browser: print refused → the PDF opens in the tab reserved on click', async () => {
    const tab = { closed: false, location: { href: '' }, close: vi.fn() }
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window)
    const render = vi.fn(() => ok(PDF))
    const { wrapper } = mountActions({
      documents: {
        print: vi.fn(() => refused('documents.printUnavailable')),
        render,
        history: vi.fn(() => ok([])),
      },
    })
    await wrapper.get('[data-testid="document-print"]').trigger('click')
    await flushPromises()
    expect(render).toHaveBeenCalledWith(expect.objectContaining({ purpose: 'print' }))
    expect(tab.location.href).toBe('blob:pdf')
    expect(tab.close).not.toHaveBeenCalled()
  })

  it('previews in a new tab and records nothing', async () => {
    const tab = { closed: false, location: { href: '' }, close: vi.fn() }
    vi.spyOn(window, 'open').mockReturnValue(tab as unknown as Window)
    const render = vi.fn(() => ok(PDF))
    const { wrapper } = mountActions({ documents: { render, history: vi.fn(() => ok([])) } })
    await wrapper.get('[data-testid="document-preview"]').trigger('click')
    await flushPromises()
    expect(render).toHaveBeenCalledWith(expect.objectContaining({ purpose: 'preview' }))
    expect(tab.location.href).toBe('blob:pdf')
    expect(wrapper.find('[data-testid="document-reprint"]').exists()).toBe(false)
  })

  it('shows the reprint hint when the print log has entries', async () => {
    const history = vi.fn(() =>
      ok([
        { printedAt: 1, purpose: 'print' as const, language: 'zh-CN' as const },
        { printedAt: 2, purpose: 'save' as const, language: 'en-US' as const },
      ]),
    )
    const { wrapper } = mountActions({ documents: { history } })
    await flushPromises()
    expect(history).toHaveBeenCalledWith({ kind: 'shipping', id: 'dv1' })
    expect(wrapper.get('[data-testid="document-reprint"]').text()).toContain('2')
  })

  it('a refusal other than the web-host ones is reported, nothing downloaded', async () => {
    const render = vi.fn(() => ok(PDF))
    const { wrapper } = mountActions({
      documents: {
        savePdf: vi.fn(() => refused('resource.notFound')),
        render,
        history: vi.fn(() => ok([])),
      },
    })
    await wrapper.get('[data-testid="document-save"]').trigger('click')
    await flushPromises()
    expect(render).not.toHaveBeenCalled()
    expect(clicked).toEqual([])
  })
})
