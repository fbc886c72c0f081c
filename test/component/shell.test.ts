import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import AppSidebar from '../../renderer/components/layout/AppSidebar.vue'
import LanguageSwitch from '../../renderer/components/layout/LanguageSwitch.vue'
import NoticeCenter from '../../renderer/components/common/NoticeCenter.vue'
import SettingsView from '../../renderer/views/settings/SettingsView.vue'
import { routes } from '../../renderer/router'
import { NAVIGATION_AREAS } from '../../renderer/components/layout/navigationAreas'
import { useSettingsStore } from '../../renderer/stores/settings'
import { fakePortal, mountWithApp } from './helpers'
import { DEFAULT_SETTINGS } from '../../shared/contract'

afterEach(() => {
  document.body.innerHTML = ''
})

function router() {
  return createRouter({ history: createMemoryHistory(), routes })
}

describe('navigation', () => {
  it('lists every area in Chinese', async () => {
    fakePortal()
    const { wrapper } = mountWithApp(AppSidebar, { mount: { global: { plugins: [router()] } } })
    await flushPromises()
    const labels = wrapper.findAll('[data-testid^="nav-"]').map((item) => item.text())
    expect(labels).toEqual([
      '首页',
      '商品目录',
      '购物车',
      '订单',
      '订单审批',
      '发货单',
      '退货单',
      '开票申请',
      '客户账户',
      '待发送',
      '设置',
    ])
  })

  it('lists every area in English', async () => {
    fakePortal()
    const { wrapper } = mountWithApp(AppSidebar, {
      language: 'en-US',
      mount: { global: { plugins: [router()] } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="nav-deliveries"]').text()).toBe('Deliveries')
  })

  it('opens a screen of its own for every area', () => {
    const resolving = router()
    for (const area of NAVIGATION_AREAS) {
      const match = resolving.resolve(area.path).matched.at(-1)
      expect(match?.name, area.path).toBe(area.name)
      expect(match?.components?.default, area.path).toBeDefined()
    }
  })
})

describe('language switch', () => {
  it('switches instantly and saves the choice through the bridge', async () => {
    const portal = fakePortal({
      settings: {
        set: vi.fn((patch) =>
          Promise.resolve({
            ok: true as const,
            data: { ...DEFAULT_SETTINGS, language: patch.language ?? null },
          }),
        ),
      },
    })
    const { wrapper } = mountWithApp(LanguageSwitch, {
      pinia: { initialState: { settings: { systemLanguage: 'zh-CN' } } },
    })
    const store = useSettingsStore()
    expect(store.language).toBe('zh-CN')
    await wrapper.find('[data-testid="language-en-US"] input').setValue(true)
    expect(store.language).toBe('en-US')
    await flushPromises()
    expect(portal.settings.set).toHaveBeenCalledWith({ language: 'en-US' })
  })

  it('rolls back and reports the translated reason when saving is refused', async () => {
    fakePortal({
      settings: {
        set: vi.fn(() =>
          Promise.resolve({
            ok: false as const,
            error: { code: 'bridge.invalidInput', params: { path: 'language' } },
          }),
        ),
      },
    })
    const { wrapper } = mountWithApp(
      {
        components: { LanguageSwitch, NoticeCenter },
        template: '<LanguageSwitch /><NoticeCenter />',
      },
      { pinia: { initialState: { settings: { systemLanguage: 'zh-CN' } } } },
    )
    const store = useSettingsStore()
    await wrapper.find('[data-testid="language-en-US"] input').setValue(true)
    await flushPromises()
    expect(store.language).toBe('zh-CN')
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('请求内容无效（字段：language），未做任何更改。'),
    )
  })
})

describe('notice center', () => {
  it('shows a bridge error in the user language, and an unknown code with the generic message', async () => {
    fakePortal()
    mountWithApp(NoticeCenter, { language: 'en-US' })
    const { useNoticeStore } = await import('../../renderer/stores/notices')
    const notices = useNoticeStore()
    notices.reportError({ code: 'bridge.invalidInput', params: { path: 'language' } })
    notices.reportError({ code: 'brand.newCode' })
    await vi.waitFor(() => {
      expect(document.body.textContent).toContain(
        'The request was not valid (field: language); nothing was changed.',
      )
      expect(document.body.textContent).toContain('The action failed (error code: brand.newCode).')
    })
  })
})

describe('settings view', () => {
  it('shows the version from app:info', async () => {
    fakePortal({
      app: {
        info: vi.fn(() =>
          Promise.resolve({
            ok: true as const,
            data: {
              name: 'DealerDesk',
              version: '3.4.5',
              platform: 'linux',
              locale: 'zh-CN',
              dataDirectory: '/home/li/.config/DealerDesk',
              runtime: 'web' as const,
              electronVersion: null,
            },
          }),
        ),
      },
    })
    const { wrapper } = mountWithApp(SettingsView)
    await flushPromises()
    expect(wrapper.find('[data-testid="app-version"]').text()).toBe('3.4.5')
    expect(wrapper.text()).toContain('浏览器（Web 主机）')
    expect(wrapper.text()).toContain('/home/li/.config/DealerDesk')
  })
})
