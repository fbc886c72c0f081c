/**
 * A filtered list read from the cache a page at a time as the user scrolls (deliveries, returns):
 * `load` starts over with the current filter, `loadMore` appends the next page. An answer to an
 * older filter that arrives late is dropped. Used inside Pinia setup stores.
 */
import { ref, type Ref } from 'vue'
import type { PortalErrorData, Result } from '../../shared/contract'

export interface ListFilter<Status extends string> {
  statuses: Status[]
  text: string
}

export interface ListQuery<Status extends string> {
  statuses?: Status[]
  text?: string
  offset: number
  limit: number
}

export function usePagedList<Item, Status extends string>(
  fetchPage: (query: ListQuery<Status>) => Promise<Result<{ items: Item[]; total: number }>>,
  pageSize: number,
  reportError: (error: PortalErrorData) => void,
) {
  const filter = ref({ statuses: [], text: '' }) as Ref<ListFilter<Status>>
  const items = ref([]) as Ref<Item[]>
  const total = ref(0)
  const loading = ref(false)
  let generation = 0

  async function fetch(offset: number): Promise<void> {
    const mine = offset === 0 ? ++generation : generation
    const { statuses, text } = filter.value
    loading.value = true
    try {
      const result = await fetchPage({
        ...(statuses.length ? { statuses } : {}),
        ...(text.trim() ? { text: text.trim() } : {}),
        offset,
        limit: pageSize,
      })
      if (mine !== generation) return
      if (!result.ok) return reportError(result.error)
      items.value = offset === 0 ? result.data.items : [...items.value, ...result.data.items]
      total.value = result.data.total
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  const load = () => fetch(0)
  const loadMore = () =>
    loading.value || items.value.length >= total.value
      ? Promise.resolve()
      : fetch(items.value.length)

  return { filter, items, total, loading, load, loadMore }
}
