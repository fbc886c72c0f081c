/**
 * The menu's Print (main → 'app:command' { command: 'print' }): prints the document on screen
 * through its DocumentActions; with none on screen, a translated hint instead.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ElMessage } from 'element-plus'
import { DEFAULT_SETTINGS } from '../../../shared/contract'
import DocumentActions from '../../../renderer/components/documents/DocumentActions.vue'
import { followAppCommands } from '../../../renderer/composables/usePrintCommand'
import { fakePortal, mountWithApp } from '../helpers'

vi.mock('element-plus', async (original) => ({
  ...(await original<Record<string, unknown>>()),
  ElMessage: vi.fn(),
}))

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
afterEach(() => vi.clearAllMocks())

function portalWithCommands() {
  let deliver: (payload: { command: 'print' }) => void = () => undefined
  const print = vi.fn(() => ok({ printed: true, printCount: 1 }))
  const portal = fakePortal({ documents: { print, history: vi.fn(() => ok([])) } })
  ;(portal as unknown as { onAppCommand: unknown }).onAppCommand = (listener: typeof deliver) => {
    deliver = listener
    return () => undefined
  }
  return { print, deliver: (payload: { command: 'print' }) => deliver(payload) }
}

describe('Print menu command', () => {
  it('prints the document shown on screen, and only while it is shown', async () => {
    const { print, deliver } = portalWithCommands()
    const t = vi.fn((key: string) => key)
    followAppCommands(t)
    const { wrapper } = mountWithApp(DocumentActions, {
      language: 'en-US',
      mount: { props: { kind: 'shipping', id: 'dv1' } },
      pinia: {
        initialState: { settings: { settings: { ...DEFAULT_SETTINGS, language: 'en-US' } } },
      },
    })
    await flushPromises()
    deliver({ command: 'print' })
    await flushPromises()
    expect(print).toHaveBeenCalledWith({ kind: 'shipping', id: 'dv1', language: 'en-US' })

    wrapper.unmount()
    deliver({ command: 'print' })
    await flushPromises()
    expect(print).toHaveBeenCalledTimes(1)
    expect(t).toHaveBeenCalledWith('documents.actions.nothingToPrint')
    expect(ElMessage).toHaveBeenCalledWith({
      type: 'info',
      message: 'documents.actions.nothingToPrint',
    })
  })
})
