/** The areas of the left navigation, in order; labels are `layout.nav.<name>`. */
import {
  Box,
  Document,
  Goods,
  HomeFilled,
  Money,
  Promotion,
  RefreshLeft,
  Setting,
  ShoppingCart,
  Tickets,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'

export type AreaName =
  | 'home'
  | 'catalog'
  | 'cart'
  | 'orders'
  | 'deliveries'
  | 'returns'
  | 'invoices'
  | 'account'
  | 'outbox'
  | 'settings'

export interface NavigationArea {
  name: AreaName
  path: string
  icon: Component
}

export const NAVIGATION_AREAS: readonly NavigationArea[] = [
  { name: 'home', path: '/', icon: HomeFilled },
  { name: 'catalog', path: '/catalog', icon: Goods },
  { name: 'cart', path: '/cart', icon: ShoppingCart },
  { name: 'orders', path: '/orders', icon: Tickets },
  { name: 'deliveries', path: '/deliveries', icon: Box },
  { name: 'returns', path: '/returns', icon: RefreshLeft },
  { name: 'invoices', path: '/invoices', icon: Document },
  { name: 'account', path: '/account', icon: Money },
  { name: 'outbox', path: '/outbox', icon: Promotion },
  { name: 'settings', path: '/settings', icon: Setting },
]
