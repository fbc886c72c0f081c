/**
 * The text of "an order changed status" notifications, in the user's language: one per order for
 * a few changes, one summary when a sync brings many at once (e.g. after a week offline).
 */
import { orderStatusMessageKey } from '../../../shared/contract/orders'
import type { Translate } from '../../../shared/i18n/translate'
import type { OrderStatusTransition } from '../sync/syncEngine'

/** More changes than this in one sync page → a single summary notification. */
export const MAX_SEPARATE_NOTIFICATIONS = 3

export interface NotificationText {
  title: string
  body: string
}

export function orderStatusNotifications(
  changes: readonly OrderStatusTransition[],
  t: Translate,
): NotificationText[] {
  const title = t('orders.notification.title')
  if (changes.length > MAX_SEPARATE_NOTIFICATIONS) {
    return [{ title, body: t('orders.notification.many', { count: changes.length }) }]
  }
  return changes.map((change) => ({
    title,
    body: t(orderStatusMessageKey(change), { number: change.number }),
  }))
}

/** "Order … by … awaits your approval" (one order) or "3 orders await your approval". */
export function approvalsArrivedText(
  orders: readonly { number: string; createdBy: string }[],
  t: Translate,
): NotificationText {
  const title = t('approvals.arrived.title')
  const [first] = orders
  if (orders.length === 1 && first)
    return {
      title,
      body: t('approvals.arrived.one', { number: first.number, by: first.createdBy }),
    }
  return { title, body: t('approvals.arrived.many', { count: orders.length }) }
}
