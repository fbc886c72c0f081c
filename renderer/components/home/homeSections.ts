/**
 * Which Home sections a role sees, in order. An accountant starts with balances and statements;
 * an orderer with the to-do list and recent orders (no statements: the flow is not synced for
 * orderers); an admin (or a user whose roles are not known yet) sees everything, to-do first.
 */
import type { Role } from '../../../shared/api'

export type HomeSection = 'todo' | 'balances' | 'statements' | 'charts' | 'recentOrders'

export function homeSections(roles: readonly Role[]): HomeSection[] {
  if (roles.length === 0 || roles.includes('admin'))
    return ['todo', 'balances', 'statements', 'charts', 'recentOrders']
  const accountant = roles.includes('accountant')
  const orderer = roles.includes('orderer')
  if (accountant && orderer) return ['todo', 'balances', 'statements', 'charts', 'recentOrders']
  if (accountant) return ['balances', 'statements', 'todo', 'charts', 'recentOrders']
  return ['todo', 'recentOrders', 'charts', 'balances']
}
