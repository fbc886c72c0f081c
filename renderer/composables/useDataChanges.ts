/**
 * For the component's lifetime, calls `reload` when the cache's data changed (a sync brought
 * something) and, with `outbox`, when the outbox changed (a submission was queued, sent or
 * refused), so a screen shows what is there now without a manual refresh.
 */
import { onBeforeUnmount, onMounted } from 'vue'
import { getPortal } from '../bridge'

export function useDataChanges(reload: () => void, options: { outbox?: boolean } = {}): void {
  let stops: (() => void)[] = []
  onMounted(() => {
    const portal = getPortal()
    stops = [portal.onDataChanged(() => reload())]
    if (options.outbox) stops.push(portal.onOutboxChanged(() => reload()))
  })
  onBeforeUnmount(() => {
    for (const stop of stops) stop()
    stops = []
  })
}
