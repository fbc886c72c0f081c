/**
 * Keeps a detail page's document current: opens `id` on mount and when it changes, and calls
 * `refresh(id)` when the cache's data (and, with `outbox`, the outbox) changes, so a document that
 * only just reached the cache (a return right after it was submitted) appears without a reload.
 */
import { onMounted, watch } from 'vue'
import { useDataChanges } from './useDataChanges'

export interface LiveDetailSource {
  open(id: string): unknown
  refresh(id: string): unknown
}

export function useLiveDetail(
  id: () => string,
  source: LiveDetailSource,
  options: { outbox?: boolean } = {},
): void {
  onMounted(() => void source.open(id()))
  useDataChanges(() => void source.refresh(id()), options)
  watch(id, (next) => void source.open(next))
}
