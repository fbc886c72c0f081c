/** The login form under an IT configuration: the server preset, and with lockServer fixed. */
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import LoginView from '../../../renderer/views/session/LoginView.vue'
import { fakePortal, mountWithApp } from '../helpers'

const SERVER = 'https://portal.example.com'
const defaultsOf = (locked: boolean) =>
  vi.fn(() =>
    Promise.resolve({
      ok: true as const,
      data: { server: { kind: 'url' as const, url: SERVER }, account: 'agent.li', locked },
    }),
  )

describe('LoginView with a managed server', () => {
  it('locked: URL read-only with the IT note, no sandbox choice', async () => {
    fakePortal({ session: { defaults: defaultsOf(true) } })
    const { wrapper } = mountWithApp(LoginView, { language: 'en-US' })
    await flushPromises()
    const url = wrapper.get('input[data-testid="login-url"]')
    expect((url.element as HTMLInputElement).value).toBe(SERVER)
    expect(url.attributes('readonly')).toBeDefined()
    expect(wrapper.get('[data-testid="login-server-managed"]').text()).toContain('IT department')
    expect(wrapper.find('[data-testid="login-server-sandbox"]').exists()).toBe(false)
  })

  it('not locked: preset but editable, sandbox still offered', async () => {
    fakePortal({ session: { defaults: defaultsOf(false) } })
    const { wrapper } = mountWithApp(LoginView, { language: 'zh-CN' })
    await flushPromises()
    expect((wrapper.get('input[data-testid="login-url"]').element as HTMLInputElement).value).toBe(
      SERVER,
    )
    expect(wrapper.get('input[data-testid="login-url"]').attributes('readonly')).toBeUndefined()
    expect(wrapper.find('[data-testid="login-server-managed"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="login-server-sandbox"]').exists()).toBe(true)
  })
})
