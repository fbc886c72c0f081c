import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Role } from '../../../shared/api'
import type { SessionState } from '../../../shared/contract'
import AppSidebar from '../../../renderer/components/layout/AppSidebar.vue'
import CatalogView from '../../../renderer/views/catalog/CatalogView.vue'
import { catalogProduct, emptyCartChange } from '../catalog/catalogFixtures'
import { isPathAllowed } from '../../../renderer/components/layout/navigationAreas'
import { createAppRouter } from '../../../renderer/router'
import { useSessionStore } from '../../../renderer/stores/session'
import { fakePortal, mountWithApp } from '../helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

const dealer = (id: string, roles: Role[]) => ({
  id,
  code: id,
  nameZh: id,
  nameEn: id,
  city: '成都',
  roles,
})

function sessionState(dealers: ReturnType<typeof dealer>[], dealerId: string): SessionState {
  return {
    status: 'signedIn',
    user: { account: 'someone', displayName: '某人', preferredLanguage: 'zh-CN' },
    dealers,
    dealerId,
    server: { kind: 'sandbox', url: null },
    connectivity: 'online',
  }
}

async function mountSidebar(state: SessionState, path = '/') {
  fakePortal()
  const router = createAppRouter()
  const mounted = mountWithApp(AppSidebar, { mount: { global: { plugins: [router] } } })
  const session = useSessionStore(mounted.pinia)
  session.state = state
  await router.push(path)
  await flushPromises()
  const areas = () =>
    mounted.wrapper.findAll('[data-testid^="nav-"]').map((item) => item.attributes('data-testid'))
  return { ...mounted, router, session, areas }
}

describe('role-aware navigation', () => {
  it('an orderer does not see Invoices, nor the Approvals of admins', async () => {
    const { areas } = await mountSidebar(sessionState([dealer('d_sh', ['orderer'])], 'd_sh'))
    expect(areas()).toContain('nav-cart')
    expect(areas()).not.toContain('nav-invoices')
    expect(areas()).not.toContain('nav-approvals')
  })

  it('an accountant does not see the Cart', async () => {
    const { areas } = await mountSidebar(sessionState([dealer('d_cd', ['accountant'])], 'd_cd'))
    expect(areas()).toContain('nav-invoices')
    expect(areas()).not.toContain('nav-cart')
  })

  it('an admin sees everything', async () => {
    const { areas } = await mountSidebar(sessionState([dealer('d_hk', ['admin'])], 'd_hk'))
    expect(areas()).toEqual(
      expect.arrayContaining([
        'nav-cart',
        'nav-invoices',
        'nav-catalog',
        'nav-account',
        'nav-approvals',
      ]),
    )
    expect(areas()).toHaveLength(11)
  })

  it('refuses the routes too: an accountant typing /cart lands Home, an orderer typing /invoices/new too', async () => {
    const accountant = await mountSidebar(
      sessionState([dealer('d_cd', ['accountant'])], 'd_cd'),
      '/cart',
    )
    expect(accountant.router.currentRoute.value.path).toBe('/')
    await accountant.router.push('/invoices/new')
    expect(accountant.router.currentRoute.value.path).toBe('/invoices/new')
    accountant.wrapper.unmount()
    const orderer = await mountSidebar(
      sessionState([dealer('d_sh', ['orderer'])], 'd_sh'),
      '/invoices/new',
    )
    expect(orderer.router.currentRoute.value.path).toBe('/')
  })

  it('goes Home when a dealer switch takes away the current area', async () => {
    const both = [dealer('d_cd', ['accountant']), dealer('d_sh', ['orderer'])]
    const { router, session, areas } = await mountSidebar(sessionState(both, 'd_cd'), '/invoices')
    expect(router.currentRoute.value.path).toBe('/invoices')
    session.state = { ...session.state, dealerId: 'd_sh' }
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/')
    expect(areas()).not.toContain('nav-invoices')
  })

  it('knows which paths belong to which area', () => {
    expect(isPathAllowed('/invoices/IV1', ['orderer'])).toBe(false)
    expect(isPathAllowed('/invoices', ['admin'])).toBe(true)
    expect(isPathAllowed('/cart', ['accountant'])).toBe(false)
    expect(isPathAllowed('/catalog', ['accountant'])).toBe(true)
    expect(isPathAllowed('/orders/SO1', ['accountant'])).toBe(true)
  })

  it('the catalog has no ordering actions for an accountant (quantity, Add, quick order), but has them for an orderer', async () => {
    for (const [roles, canOrder] of [
      [['accountant'], false],
      [['orderer'], true],
    ] as const) {
      const add = vi.fn(() => Promise.resolve({ ok: true as const, data: emptyCartChange }))
      fakePortal({
        catalog: {
          categories: vi.fn(() => Promise.resolve({ ok: true as const, data: [] })),
          search: vi.fn(() =>
            Promise.resolve({
              ok: true as const,
              data: { total: 1, items: [catalogProduct('P1')] },
            }),
          ),
        },
        cart: { add },
        onDataChanged: vi.fn(() => () => undefined),
      })
      const { wrapper, pinia } = mountWithApp(CatalogView, { mount: { attachTo: document.body } })
      useSessionStore(pinia).state = sessionState([dealer('d_cd', [...roles])], 'd_cd')
      await new Promise((resolve) => setTimeout(resolve, 120))
      await flushPromises()
      expect(wrapper.find('[data-testid="catalog-row-0"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="catalog-add-0"]').exists()).toBe(canOrder)
      expect(wrapper.find('[data-testid="catalog-quantity-0"]').exists()).toBe(canOrder)
      expect(wrapper.find('[data-testid="quick-order-open"]').exists()).toBe(canOrder)
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })
})
