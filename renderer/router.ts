/**
 * Routes, one per navigation area. Hash history: the app is loaded from app://dealerdesk/index.html
 * (or the web host's /) and must survive a reload without a server-side route table.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { NAVIGATION_AREAS } from './components/layout/navigationAreas'

const AreaPlaceholderView = () => import('./views/common/AreaPlaceholderView.vue')
const SettingsView = () => import('./views/settings/SettingsView.vue')
const HomeView = () => import('./views/home/HomeView.vue')
const OutboxView = () => import('./views/outbox/OutboxView.vue')
const CatalogView = () => import('./views/catalog/CatalogView.vue')
const CartView = () => import('./views/cart/CartView.vue')
const OrdersView = () => import('./views/orders/OrdersView.vue')
const OrderDetailView = () => import('./views/orders/OrderDetailView.vue')

/** Areas with a screen of their own; the others show what will be there. */
const BUILT_AREAS = new Set(['home', 'outbox', 'settings', 'orders', 'cart', 'catalog'])

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  { path: '/outbox', name: 'outbox', component: OutboxView },
  { path: '/catalog', name: 'catalog', component: CatalogView },
  { path: '/cart', name: 'cart', component: CartView },
  { path: '/orders', name: 'orders', component: OrdersView },
  { path: '/orders/:id', name: 'orderDetail', component: OrderDetailView, props: true },
  ...NAVIGATION_AREAS.filter((area) => !BUILT_AREAS.has(area.name)).map((area) => ({
    path: area.path,
    name: area.name,
    component: AreaPlaceholderView,
    props: { area: area.name },
  })),
  { path: '/settings', name: 'settings', component: SettingsView },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
