/**
 * Mounting helpers for component tests: a real i18n instance (the precompiled messages), the
 * testing Pinia, and a fake portal in place of the bridge.
 */
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createTestingPinia, type TestingOptions } from '@pinia/testing'
import { vi } from 'vitest'
import type { Component } from 'vue'
import { DEFAULT_SETTINGS, type Language, type Result } from '../../shared/contract'
import type { PortalApi } from '../../shared/contract/portal'
import { setPortal } from '../../renderer/bridge'
import { createAppI18n } from '../../renderer/i18n'

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : DeepPartial<T[K]>
}

/** A portal whose every method answers `{ ok: true, data: null }` unless overridden. */
export function fakePortal(overrides: DeepPartial<PortalApi> = {}): PortalApi {
  const ok = () => Promise.resolve({ ok: true, data: null } as Result<never>)
  const base = {
    app: {
      info: vi.fn(ok),
      takeEarlyNotices: vi.fn(() => Promise.resolve({ ok: true, data: [] })),
    },
    settings: {
      get: vi.fn(() => Promise.resolve({ ok: true, data: DEFAULT_SETTINGS })),
      set: vi.fn(ok),
    },
    onSettingsChanged: vi.fn(() => () => undefined),
    onAppNotice: vi.fn(() => () => undefined),
    onAppNavigate: vi.fn(() => () => undefined),
    onAppCommand: vi.fn(() => () => undefined),
    // The sidebar counts orders awaiting approval: none unless a test says otherwise.
    approvals: {
      count: vi.fn(() => Promise.resolve({ ok: true, data: { count: 0 } })),
    },
    onDataChanged: vi.fn(() => () => undefined),
    onOutboxChanged: vi.fn(() => () => undefined),
    onSessionChanged: vi.fn(() => () => undefined),
    onCartChanged: vi.fn(() => () => undefined),
    onOutboxAccepted: vi.fn(() => () => undefined),
    onReturnsStatusChanged: vi.fn(() => () => undefined),
    onInvoicesStatusChanged: vi.fn(() => () => undefined),
    onApprovalsArrived: vi.fn(() => () => undefined),
  } as unknown as PortalApi
  for (const [domain, methods] of Object.entries(overrides)) {
    const target = (base as unknown as Record<string, unknown>)[domain]
    if (typeof methods === 'function' || typeof target !== 'object')
      (base as unknown as Record<string, unknown>)[domain] = methods
    else Object.assign(target as object, methods)
  }
  setPortal(base)
  return base
}

export function mountWithApp<T extends Component>(
  component: T,
  options: {
    language?: Language
    pinia?: TestingOptions
    mount?: ComponentMountingOptions<T>
  } = {},
) {
  const i18n = createAppI18n(options.language ?? 'zh-CN')
  const pinia = createTestingPinia({ createSpy: vi.fn, stubActions: false, ...options.pinia })
  const wrapper = mount(component, {
    ...options.mount,
    global: {
      ...options.mount?.global,
      plugins: [i18n, pinia, ...(options.mount?.global?.plugins ?? [])],
    },
  } as ComponentMountingOptions<T>)
  return { wrapper, i18n, pinia }
}

/**
 * Waits for the confirmation box (useConfirmAction / ElMessageBox), returns its text, and presses
 * its primary button (or the other one with `accept: false`).
 */
export async function answerConfirm(accept = true): Promise<string> {
  let box: HTMLElement | null = null
  await vi.waitFor(() => {
    box =
      [...document.body.querySelectorAll<HTMLElement>('.el-message-box')].find((candidate) =>
        candidate.querySelector('.el-message-box__btns'),
      ) ?? null
    if (!box) throw new Error('no confirmation box')
  })
  const found = box as unknown as HTMLElement
  const text = found.textContent ?? ''
  const buttons = [...found.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
  const button = accept
    ? buttons.find((candidate) => candidate.classList.contains('el-button--primary'))
    : buttons.find((candidate) => !candidate.classList.contains('el-button--primary'))
  button?.click()
  // The box leaves the DOM after its transition; later boxes must not find this one.
  found.classList.remove('el-message-box')
  await new Promise((resolve) => setTimeout(resolve, 0))
  return text
}
