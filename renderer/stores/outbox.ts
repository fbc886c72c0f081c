/** Submissions waiting to be sent or refused by the gateway; counts feed the navigation badge. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OutboxCounts, OutboxEntry } from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useOutboxStore = defineStore('outbox', () => {
  const counts = ref<OutboxCounts>({ pending: 0, failed: 0 })
  const entries = ref<OutboxEntry[]>([])
  const notices = useNoticeStore()

  async function loadCounts(): Promise<void> {
    const result = await getPortal().outbox.counts()
    if (result.ok) counts.value = result.data
  }

  async function loadEntries(): Promise<void> {
    const result = await getPortal().outbox.list()
    if (result.ok) entries.value = result.data
    else notices.reportError(result.error)
  }

  async function discard(id: string): Promise<void> {
    const result = await getPortal().outbox.discard({ id })
    if (!result.ok) return notices.reportError(result.error)
    counts.value = result.data
    await loadEntries()
  }

  async function retry(id: string): Promise<void> {
    const result = await getPortal().outbox.retry({ id })
    if (!result.ok) return notices.reportError(result.error)
    counts.value = result.data
    await loadEntries()
  }

  function follow(): () => void {
    return getPortal().onOutboxChanged((next) => {
      counts.value = next
      void loadEntries()
    })
  }

  return { counts, entries, loadCounts, loadEntries, discard, retry, follow }
})
