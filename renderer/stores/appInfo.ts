/** Facts about the running app (version, runtime, data directory) for Settings → About. */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AppInfo } from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useAppInfoStore = defineStore('appInfo', () => {
  const info = ref<AppInfo | null>(null)

  async function load(): Promise<void> {
    const result = await getPortal().app.info()
    if (result.ok) info.value = result.data
    else useNoticeStore().reportError(result.error)
  }

  return { info, load }
})
