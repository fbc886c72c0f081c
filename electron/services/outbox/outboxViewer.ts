/**
 * Whose outbox items a screen shows. The outbox file holds every submission made on this computer
 * (all users, all servers, until sent); a user sees only their own for the server they are signed
 * in to, and only until the server accepted them (a sent item has left the outbox). Items of older
 * versions carry no account: they show to users of their dealer on their server.
 */
import type { OutboxCounts } from '../../../shared/contract/workspace'
import type { OutboxItem } from './outboxTypes'

export interface OutboxViewer {
  account: string
  /** The signed-in server's key (what services stamp as `serverUrl`). */
  serverKey: string | undefined
  dealerIds: readonly string[]
}

/** The viewer of a session, or null when signed out (who sees nothing). */
export function outboxViewer(session: {
  state(): { status: string; user: { account: string } | null; dealers: readonly { id: string }[] }
  server(): { key: string } | null
}): OutboxViewer | null {
  const state = session.state()
  if (state.status !== 'signedIn' || !state.user) return null
  return {
    account: state.user.account,
    serverKey: session.server()?.key,
    dealerIds: state.dealers.map((dealer) => dealer.id),
  }
}

export function visibleTo(viewer: OutboxViewer | null): (item: OutboxItem) => boolean {
  return (item) => {
    if (!viewer || item.status === 'sent') return false
    if (item.serverUrl !== undefined && item.serverUrl !== viewer.serverKey) return false
    if (item.account !== undefined)
      return item.account.toLowerCase() === viewer.account.toLowerCase()
    return viewer.dealerIds.includes(item.dealerId)
  }
}

/** The navigation badge's counts over what the viewer sees. */
export function viewerCounts(
  items: readonly OutboxItem[],
  viewer: OutboxViewer | null,
): OutboxCounts {
  const mine = items.filter(visibleTo(viewer))
  return {
    pending: mine.filter((item) => item.status === 'pending' || item.status === 'sending').length,
    failed: mine.filter((item) => item.status === 'failed').length,
  }
}
