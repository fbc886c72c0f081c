/**
 * The user's preferences as the UI sees them. The language switch is instant (optimistic) and is
 * written through the bridge so it survives restarts; a refused write rolls back and says why.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { DEFAULT_SETTINGS, type Language, type Settings } from '../../shared/contract'
import { languageForLocale } from '../../shared/i18n/translate'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>({ ...DEFAULT_SETTINGS })
  const loaded = ref(false)
  const systemLanguage = ref<Language>(languageForLocale(globalThis.navigator?.language))
  const language = computed<Language>(() => settings.value.language ?? systemLanguage.value)
  const notices = useNoticeStore()

  async function load(): Promise<void> {
    const result = await getPortal().settings.get()
    if (result.ok) settings.value = result.data
    else notices.reportError(result.error)
    loaded.value = true
  }

  async function update(patch: Partial<Settings>): Promise<boolean> {
    const previous = settings.value
    settings.value = { ...previous, ...patch }
    const result = await getPortal().settings.set(patch)
    if (!result.ok) {
      settings.value = previous
      notices.reportError(result.error)
      return false
    }
    settings.value = result.data
    return true
  }

  function setLanguage(next: Language | null): Promise<boolean> {
    return update({ language: next })
  }

  /** Keeps this window in step when settings change elsewhere (menu, another window). */
  function follow(): () => void {
    return getPortal().onSettingsChanged((next) => {
      settings.value = next
    })
  }

  return { settings, loaded, systemLanguage, language, load, update, setLanguage, follow }
})
