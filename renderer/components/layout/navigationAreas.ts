/** The areas of the left navigation, in order; labels are `layout.nav.<name>`. */
import {
  Box,
  Finished,
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
import type { Role } from '../../../shared/api'

export type AreaName =
  | 'home'
  | 'catalog'
  | 'cart'
  | 'orders'
  | 'approvals'
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
  /** Roles that may open the area (the gateway refuses the others too); absent = everyone. */
  roles?: readonly Role[]
}

const ORDERING: readonly Role[] = ['orderer', 'admin']
const ACCOUNTING: readonly Role[] = ['accountant', 'admin']
const ADMIN: readonly Role[] = ['admin']

export const NAVIGATION_AREAS: readonly NavigationArea[] = [
  { name: 'home', path: '/', icon: HomeFilled },
  { name: 'catalog', path: '/catalog', icon: Goods },
  { name: 'cart', path: '/cart', icon: ShoppingCart, roles: ORDERING },
  { name: 'orders', path: '/orders', icon: Tickets },
  { name: 'approvals', path: '/approvals', icon: Finished, roles: ADMIN },
  { name: 'deliveries', path: '/deliveries', icon: Box },
  { name: 'returns', path: '/returns', icon: RefreshLeft },
  { name: 'invoices', path: '/invoices', icon: Document, roles: ACCOUNTING },
  { name: 'account', path: '/account', icon: Money },
  { name: 'outbox', path: '/outbox', icon: Promotion },
  { name: 'settings', path: '/settings', icon: Setting },
]

/** Whether the roles may put products in the cart (catalog ordering actions); unknown roles = yes. */
export function mayOrder(roles: readonly Role[]): boolean {
  return roles.length === 0 || isAreaAllowed({ roles: ORDERING }, roles)
}

/** Whether a user with `roles` (the current dealer's) may see `area`. */
export function isAreaAllowed(
  area: Pick<NavigationArea, 'roles'>,
  roles: readonly Role[],
): boolean {
  return !area.roles || area.roles.some((role) => roles.includes(role))
}

/** The area a path belongs to (longest matching prefix; '/' only for Home itself). */
export function areaForPath(path: string): NavigationArea | undefined {
  if (path === '/') return NAVIGATION_AREAS[0]
  return [...NAVIGATION_AREAS]
    .reverse()
    .find((area) => area.path !== '/' && (path === area.path || path.startsWith(`${area.path}/`)))
}

/** Whether a user with `roles` may open `path`. */
export function isPathAllowed(path: string, roles: readonly Role[]): boolean {
  const area = areaForPath(path)
  return !area || isAreaAllowed(area, roles)
}
