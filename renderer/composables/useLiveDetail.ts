/**
 * Keeps a detail page's document current: opens `id` on mount and when it changes, and calls
 * `refresh(id)` when the cache's data (and, with `outbox`, the outbox) changes, so a document that
 * only just reached the cache (a return right after it was submitted) appears without a reload.
 */
import { onBeforeUnmount, onMounted, watch } from 'vue'
import { getPortal } from '../bridge'

export interface LiveDetailSource {
  open(id: string): unknown
  refresh(id: string): unknown
}

export function useLiveDetail(id: () => string, source: LiveDetailSource, options: { outbox?: boolean } = {}): void {
  let stops: (() => void)[] = []
  onMounted(() => {
    void source.open(id())
    const portal = getPortal()
    stops = [portal.onDataChanged(() => void source.refresh(id()))]
    if (options.outbox) stops.push(portal.onOutboxChanged(() => void source.refresh(id())))
  })
  onBeforeUnmount(() => stops.forEach((stop) => stop()))
  watch(id, (next) => void source.open(next))
}
