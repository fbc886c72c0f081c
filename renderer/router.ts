/**
 * Routes, one per navigation area. Hash history: the app is loaded from app://dealerdesk/index.html
 * (or the web host's /) and must survive a reload without a server-side route table.
 */
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { getActivePinia } from 'pinia'
import { isPathAllowed } from './components/layout/navigationAreas'
import { useSessionStore } from './stores/session'

const SettingsView = () => import('./views/settings/SettingsView.vue')
const HomeView = () => import('./views/home/HomeView.vue')
const OutboxView = () => import('./views/outbox/OutboxView.vue')
const CatalogView = () => import('./views/catalog/CatalogView.vue')
const CartView = () => import('./views/cart/CartView.vue')
const OrdersView = () => import('./views/orders/OrdersView.vue')
const OrderDetailView = () => import('./views/orders/OrderDetailView.vue')
const ApprovalsView = () => import('./views/approvals/ApprovalsView.vue')
const DeliveriesView = () => import('./views/deliveries/DeliveriesView.vue')
const DeliveryDetailView = () => import('./views/deliveries/DeliveryDetailView.vue')
const ReturnsView = () => import('./views/returns/ReturnsView.vue')
const ReturnCreateView = () => import('./views/returns/ReturnCreateView.vue')
const ReturnDetailView = () => import('./views/returns/ReturnDetailView.vue')
const AccountView = () => import('./views/account/AccountView.vue')
const InvoicesView = () => import('./views/invoices/InvoicesView.vue')
const InvoiceRequestFormView = () => import('./views/invoices/InvoiceRequestFormView.vue')
const InvoiceDetailView = () => import('./views/invoices/InvoiceDetailView.vue')

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  { path: '/outbox', name: 'outbox', component: OutboxView },
  { path: '/catalog', name: 'catalog', component: CatalogView },
  { path: '/cart', name: 'cart', component: CartView },
  { path: '/orders', name: 'orders', component: OrdersView },
  { path: '/orders/:id', name: 'orderDetail', component: OrderDetailView, props: true },
  { path: '/approvals', name: 'approvals', component: ApprovalsView },
  { path: '/deliveries', name: 'deliveries', component: DeliveriesView },
  { path: '/deliveries/:id', name: 'deliveryDetail', component: DeliveryDetailView, props: true },
  { path: '/returns', name: 'returns', component: ReturnsView },
  { path: '/returns/new', name: 'returnCreate', component: ReturnCreateView },
  { path: '/returns/:id', name: 'returnDetail', component: ReturnDetailView, props: true },
  { path: '/account', name: 'account', component: AccountView },
  { path: '/invoices', name: 'invoices', component: InvoicesView },
  { path: '/invoices/new', name: 'invoiceNew', component: InvoiceRequestFormView },
  { path: '/invoices/:id', name: 'invoiceDetail', component: InvoiceDetailView, props: true },
  { path: '/settings', name: 'settings', component: SettingsView },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter() {
  const router = createRouter({ history: createWebHashHistory(), routes })
  // Hidden is not enough: a route of an area the current dealer's roles exclude leads Home.
  router.beforeEach((to) => {
    if (!getActivePinia()) return true
    const roles = useSessionStore().roles
    return roles.length === 0 || isPathAllowed(to.path, roles) ? true : '/'
  })
  return router
}
