/**
 * What a sync says about orders: status changes (a renderer event per change, and a native
 * notification in the app's language where there is one), and, to the dealer's admins, orders
 * of other users that arrived awaiting their approval (`approvals:arrived`: the renderer shows a
 * toast opening the queue; a native notification too).
 */
import type { Order } from '../../shared/api'
import { languageForLocale, type Translate } from '../../shared/i18n/translate'
import type { EventHub } from '../ipc/eventHub'
import {
  approvalsArrivedText,
  orderStatusNotifications,
} from '../services/orders/orderNotifications'
import type { SessionService } from '../services/session/sessionService'
import type { SettingsService } from '../services/settings/settingsService'
import type { OrderStatusTransition } from '../services/sync/syncEngine'
import { translatorFor } from './messages'

export interface OrderNoticesDependencies {
  hub: Pick<EventHub, 'emit'>
  session: Pick<SessionService, 'state' | 'me'>
  settings: Pick<SettingsService, 'get'>
  /** The system locale, for the language when the user chose none. */
  locale: string
  notify?: (title: string, body: string) => void
}

export function createOrderNotices(deps: OrderNoticesDependencies) {
  /** Shows native notifications in the app's language (none where there is no notifier). */
  function native(texts: (t: Translate) => { title: string; body: string }[]): void {
    const notify = deps.notify
    if (!notify) return
    void deps.settings.get().then((current) => {
      const t = translatorFor(current.language ?? languageForLocale(deps.locale))
      for (const text of texts(t)) notify(text.title, text.body)
    })
  }

  return {
    statusChanged(dealerId: string, changes: OrderStatusTransition[]): void {
      for (const change of changes) deps.hub.emit('orders:statusChanged', { dealerId, ...change })
      native((t) => orderStatusNotifications(changes, t))
    },

    /** Only for an admin of the open dealer, and only other users' orders. */
    awaitingApproval(dealerId: string, arrived: readonly Order[]): void {
      const { dealerId: current, dealers } = deps.session.state()
      const roles = dealers.find((dealer) => dealer.id === dealerId)?.roles ?? []
      if (dealerId !== current || !roles.includes('admin')) return
      const me = deps.session.me()?.user.id
      const orders = arrived
        .filter((order) => !me || order.approval?.orderedBy !== me)
        .map((order) => ({ id: order.id, number: order.number, createdBy: order.createdBy }))
      if (orders.length === 0) return
      deps.hub.emit('approvals:arrived', { dealerId, orders })
      native((t) => [approvalsArrivedText(orders, t)])
    },
  }
}
