/** The Home summary (balances and open work) read from the cache; reloaded when sync brings news. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { HomeSummary } from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useHomeStore = defineStore('home', () => {
  const summary = ref<HomeSummary | null>(null)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const result = await getPortal().home.summary()
      if (result.ok) summary.value = result.data
      else useNoticeStore().reportError(result.error)
    } finally {
      loading.value = false
    }
  }

  return { summary, loading, load }
})
