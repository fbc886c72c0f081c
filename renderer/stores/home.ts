/**
 * Home: the overview (balances, to-do, charts, recent orders) computed by main from the cache;
 * reloaded when sync brings news or the outbox changes. Chart exports come back as files.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Language } from '../../shared/contract'
import type { HomeChart, HomeOverview } from '../../shared/contract/home'
import type { ExportedFile } from '../../shared/contract/orders'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useHomeStore = defineStore('home', () => {
  const overview = ref<HomeOverview | null>(null)
  const loading = ref(false)
  const exporting = ref<HomeChart | null>(null)
  /** Home views on screen: news that arrives while none is shown is read when one opens. */
  let shown = 0
  let generation = 0

  function show(): () => void {
    shown++
    void load()
    return () => void shown--
  }

  /** Reads the overview again (only while Home is shown: it is computed over the whole cache). */
  async function load(): Promise<void> {
    if (shown === 0) return
    const mine = ++generation
    loading.value = true
    // Where the home bench (bench/home.bench.ts) starts its clock.
    performance.mark('home:overview-requested')
    try {
      const result = await getPortal().home.overview()
      // A later load (dealer switch, new data) wins over an earlier one that answers late.
      if (mine !== generation) return
      if (result.ok) overview.value = result.data
      else useNoticeStore().reportError(result.error)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function exportChart(chart: HomeChart, language: Language): Promise<ExportedFile | null> {
    exporting.value = chart
    try {
      const result = await getPortal().home.exportChart({ chart, language })
      if (result.ok) return result.data
      useNoticeStore().reportError(result.error)
      return null
    } finally {
      exporting.value = null
    }
  }

  return { overview, loading, exporting, show, load, exportChart }
})
