/**
 * Order status changes pushed by main (`orders:statusChanged`): in the browser an in-app toast in
 * the UI language (the desktop app shows a native notification from main instead), and a reload
 * of the orders views when sync or the outbox changed what they show. Changes arriving together
 * are shown one by one up to three, as one summary beyond (as main does).
 *
 * Toasts that lead somewhere, in both runtimes (a click opens the document): a submission that
 * had waited in the outbox and is now accepted (`outbox:accepted`, the signed-in user's own; not
 * the one a screen still waits for, see awaitedSubmissions.ts), a return refunded or rejected and
 * an invoice request issued or rejected (`returns:statusChanged`, `invoices:statusChanged`), and
 * for admins new orders awaiting their approval (`approvals:arrived`, opening the queue).
 */
import { h } from 'vue'
import { ElNotification } from 'element-plus'
import { orderStatusMessageKey, type OrderStatusChange } from '../../shared/contract/orders'
import type { DocumentStatusChange, SubmissionAccepted } from '../../shared/contract'
import type { ApprovalsArrived } from '../../shared/contract/approvals'
import { getPortal } from '../bridge'
import { isAwaitedSubmission } from './awaitedSubmissions'
import { useDebounce } from './useDebounce'
import type { AppI18n } from '../i18n'
import { useOrdersStore } from '../stores/orders'
import { useSessionStore } from '../stores/session'

const MAX_SEPARATE = 3
const GATHER_MS = 300

const ACCEPTED: Record<SubmissionAccepted['kind'], { text: string; path: string }> = {
  'order.submit': { text: 'acceptedOrder', path: '/orders/' },
  'return.submit': { text: 'acceptedReturn', path: '/returns/' },
  'invoiceRequest.submit': { text: 'acceptedInvoiceRequest', path: '/invoices/' },
}
/** The status changes of returns and invoice requests worth a toast. */
const DOCUMENT_CHANGES = {
  return: { statuses: ['refunded', 'rejected'], path: '/returns/' },
  invoice: { statuses: ['issued', 'rejected'], path: '/invoices/' },
} as const

/**
 * `open` shows a screen (the router's push); without it the toasts carry no link.
 */
export function followOrderStatusChanges(i18n: AppI18n, open?: (path: string) => void): () => void {
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

  /** A toast whose text ends with "Open", the whole toast opening `path` (none: text only). */
  function leading(title: string, text: string, path: string | null, testId: string): void {
    const notification = ElNotification({
      type: 'success',
      title,
      message:
        open && path
          ? h('span', [
              `${text} `,
              h(
                'a',
                {
                  href: `#${path}`,
                  class: 'el-link el-link--primary',
                  'data-testid': testId,
                  onClick: (event: MouseEvent) => event.preventDefault(),
                },
                t('orders.notification.open'),
              ),
            ])
          : text,
      duration: 8000,
      // Below, clear of the header's controls (sync, language, user) it would otherwise cover.
      position: 'bottom-right',
      onClick: () => {
        if (!open || !path) return
        open(path)
        notification.close()
      },
    })
  }

  function onAccepted(accepted: SubmissionAccepted): void {
    const account = session.state.user?.account.toLowerCase()
    if (accepted.account && accepted.account.toLowerCase() !== account) return
    if (isAwaitedSubmission(accepted.idempotencyKey)) return
    const { text, path } = ACCEPTED[accepted.kind]
    // Another of the user's dealers: its documents are not on screen, so no link.
    const current = accepted.dealerId === session.state.dealerId
    leading(
      t('orders.notification.acceptedTitle'),
      t(`orders.notification.${text}`, { number: accepted.document.number }),
      current ? `${path}${encodeURIComponent(accepted.document.id)}` : null,
      'toast-accepted-link',
    )
  }

  function onDocumentStatus(kind: 'return' | 'invoice', change: DocumentStatusChange): void {
    const { statuses, path } = DOCUMENT_CHANGES[kind]
    if (change.dealerId !== session.state.dealerId) return
    if (!(statuses as readonly string[]).includes(change.to)) return
    leading(
      t(`orders.notification.${kind}Title`),
      t(`orders.notification.${kind}_${change.to}`, { number: change.number }),
      `${path}${encodeURIComponent(change.id)}`,
      `toast-${kind}-link`,
    )
  }

  /** New orders await the admin's approval (main sends only those for admins): to the queue. */
  function onApprovalsArrived(arrived: ApprovalsArrived): void {
    if (arrived.dealerId !== session.state.dealerId || arrived.orders.length === 0) return
    const [first] = arrived.orders
    const text =
      arrived.orders.length === 1 && first
        ? t('approvals.arrived.one', { number: first.number, by: first.createdBy })
        : t('approvals.arrived.many', { count: arrived.orders.length })
    leading(t('approvals.arrived.title'), text, '/approvals', 'toast-approvals-link')
  }

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
    portal.onOutboxAccepted(onAccepted),
    portal.onApprovalsArrived(onApprovalsArrived),
    portal.onReturnsStatusChanged((change) => onDocumentStatus('return', change)),
    portal.onInvoicesStatusChanged((change) => onDocumentStatus('invoice', change)),
  ]
  return () => {
    showGathered.cancel()
    for (const stop of stops) stop()
  }
}
