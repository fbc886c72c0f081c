import { flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SIGNED_OUT } from '../../shared/contract'
import NoticeCenter from '../../renderer/components/common/NoticeCenter.vue'
import AppSidebar from '../../renderer/components/layout/AppSidebar.vue'
import SyncStatusIndicator from '../../renderer/components/layout/SyncStatusIndicator.vue'
import { routes } from '../../renderer/router'
import { useNoticeStore } from '../../renderer/stores/notices'
import { fakePortal, mountWithApp } from './helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

describe('workspace indicators', () => {
  it('tells the user in Chinese that a damaged cache was rebuilt', async () => {
    fakePortal()
    mountWithApp(NoticeCenter)
    useNoticeStore().push({ level: 'warning', code: 'notice.cache.rebuilt' })
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain(
        '本地缓存文件已损坏，已另存备份并从服务器重新同步。',
      ),
    )
  })

  it('counts pending and failed submissions in a badge on the Outbox item', async () => {
    fakePortal()
    const router = createRouter({ history: createMemoryHistory(), routes })
    const { wrapper } = mountWithApp(AppSidebar, {
      mount: { global: { plugins: [router] } },
      pinia: { initialState: { outbox: { counts: { pending: 2, failed: 1 }, entries: [] } } },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="outbox-badge"]').text()).toBe('3')
  })

  it('counts the cart lines in a badge on the Cart item, live as main changes the cart', async () => {
    let push: (change: { dealerId: string; lineCount: number }) => void = () => undefined
    const get = vi.fn(() =>
      Promise.resolve({ ok: true as const, data: { lines: [{}, {}, {}] } as never }),
    )
    fakePortal({
      cart: { get },
      onCartChanged: vi.fn((listener) => {
        push = listener
        return () => undefined
      }) as never,
    })
    const router = createRouter({ history: createMemoryHistory(), routes })
    const { wrapper } = mountWithApp(AppSidebar, {
      mount: { global: { plugins: [router] } },
      pinia: {
        initialState: {
          session: {
            state: {
              ...SIGNED_OUT,
              status: 'signedIn',
              dealerId: 'd1',
              dealers: [{ id: 'd1', roles: ['orderer'] }],
            },
            ready: true,
          },
        },
      },
    })
    await flushPromises()
    expect(get).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="cart-badge"]').text()).toBe('3')
    push({ dealerId: 'd1', lineCount: 7 })
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-badge"]').text()).toBe('7')
    // Another dealer's cart (a switch in flight) does not count; an empty cart shows no badge.
    push({ dealerId: 'd2', lineCount: 40 })
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-badge"]').text()).toBe('7')
    push({ dealerId: 'd1', lineCount: 0 })
    await flushPromises()
    expect(wrapper.find('[data-testid="cart-badge"]').exists()).toBe(false)
  })

  it('shows offline state, progress while syncing, and the last sync time', async () => {
    fakePortal()
    const { wrapper } = mountWithApp(SyncStatusIndicator, {
      language: 'en-US',
      pinia: {
        initialState: {
          session: {
            state: { ...SIGNED_OUT, status: 'signedIn', connectivity: 'offline' },
            ready: true,
          },
          sync: {
            status: {
              dealerId: 'd1',
              running: true,
              lastSyncedAt: null,
              feeds: [
                { feed: 'products', done: 10, total: null, finished: true },
                { feed: 'orders', done: 5, total: 10, finished: false },
              ],
              lastError: null,
            },
          },
        },
      },
    })
    await flushPromises()
    expect(wrapper.find('[data-testid="offline-indicator"]').text()).toBe('Offline')
    expect(wrapper.find('[data-testid="sync-progress"]').text()).toContain('75%')
  })
})
