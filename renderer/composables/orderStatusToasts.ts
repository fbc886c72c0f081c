/**
 * Order status changes pushed by main (`orders:statusChanged`): in the browser an in-app toast in
 * the UI language (the desktop app shows a native notification from main instead), and a reload
 * of the orders views when sync or the outbox changed what they show. Changes arriving together
 * are shown one by one up to three, as one summary beyond (as main does).
 */
import { ElNotification } from 'element-plus'
import { orderStatusMessageKey, type OrderStatusChange } from '../../shared/contract/orders'
import { getPortal } from '../bridge'
import { useDebounce } from './useDebounce'
import type { AppI18n } from '../i18n'
import { useOrdersStore } from '../stores/orders'
import { useSessionStore } from '../stores/session'

const MAX_SEPARATE = 3
const GATHER_MS = 300

export function followOrderStatusChanges(i18n: AppI18n): () => void {
  const portal = getPortal()
  const session = useSessionStore()
  const orders = useOrdersStore()
  const t = i18n.global.t as unknown as (key: string, params?: Record<string, unknown>) => string
  let desktop = false
  void portal.app.info().then((result) => {
    desktop = result.ok && result.data.runtime === 'electron'
  })

  let gathered: OrderStatusChange[] = []
  const showGathered = useDebounce(() => {
    const changes = gathered
    gathered = []
    const title = t('orders.notification.title')
    if (changes.length > MAX_SEPARATE) {
      ElNotification({
        type: 'info',
        title,
        message: t('orders.notification.many', { count: changes.length }),
      })
      return
    }
    for (const change of changes) {
      ElNotification({
        type: change.to === 'declined' ? 'warning' : 'info',
        title,
        message: t(orderStatusMessageKey(change), { number: change.number }),
      })
    }
  }, GATHER_MS)

  const shown = () => orders.items.length > 0 || orders.detail !== null
  const stops = [
    portal.onOrdersStatusChanged((change) => {
      if (change.dealerId !== session.state.dealerId || desktop) return
      gathered.push(change)
      showGathered.schedule()
    }),
    portal.onDataChanged(({ dealerId }) => {
      if (dealerId === session.state.dealerId && shown()) orders.refresh()
    }),
    portal.onOutboxChanged(() => {
      if (shown()) orders.refresh()
    }),
  ]
  return () => {
    showGathered.cancel()
    for (const stop of stops) stop()
  }
}
