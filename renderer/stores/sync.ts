/** Sync progress and last sync time for the header, pushed by main (`sync:progress`). */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SyncStatus } from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

const IDLE: SyncStatus = {
  dealerId: null,
  running: false,
  lastSyncedAt: null,
  feeds: [],
  lastError: null,
}

export const useSyncStore = defineStore('sync', () => {
  const status = ref<SyncStatus>({ ...IDLE })
  /** 0–100 while running: finished feeds plus the fraction of the current one. */
  const percent = computed(() => {
    const feeds = status.value.feeds
    if (feeds.length === 0) return 0
    const share = feeds.reduce((sum, feed) => {
      if (feed.finished) return sum + 1
      if (feed.total) return sum + Math.min(1, feed.done / feed.total)
      return sum
    }, 0)
    return Math.round((share / feeds.length) * 100)
  })

  async function load(): Promise<void> {
    const result = await getPortal().sync.status()
    if (result.ok) status.value = result.data
  }

  async function syncNow(full = false): Promise<void> {
    const result = await getPortal().sync.now(full ? { full } : undefined)
    if (result.ok) status.value = result.data
    else useNoticeStore().reportError(result.error)
  }

  function follow(): () => void {
    return getPortal().onSyncProgress((next) => {
      status.value = next
    })
  }

  return { status, percent, load, syncNow, follow }
})
