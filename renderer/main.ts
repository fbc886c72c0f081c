/** The renderer's composition root: plugins, then the saved language, then mount. */
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { getPortal } from './bridge'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { followOrderStatusChanges } from './composables/orderStatusToasts'
import { followAppCommands } from './composables/usePrintCommand'
import { useHomeStore } from './stores/home'
import { useNoticeStore } from './stores/notices'
import { useOutboxStore } from './stores/outbox'
import { useSessionStore } from './stores/session'
import { useSettingsStore } from './stores/settings'
import { useSyncStore } from './stores/sync'
import { resetOnUserChange, userStatePlugin } from './stores/userState'

async function boot(): Promise<void> {
  const app = createApp(App)
  const pinia = createPinia()
  pinia.use(userStatePlugin)
  app.use(pinia)

  const settings = useSettingsStore()
  await settings.load()
  settings.follow()

  const router = createAppRouter()
  const i18n = createAppI18n(settings.language)
  app.use(i18n).use(router)

  const notices = useNoticeStore()
  const portal = getPortal()
  portal.onAppNotice((notice) => notices.push(notice))
  const early = await portal.app.takeEarlyNotices()
  if (early.ok) for (const notice of early.data) notices.push(notice)
  portal.onAppNavigate(({ path }) => void router.push(path))

  const session = useSessionStore()
  const sync = useSyncStore()
  const outbox = useOutboxStore()
  const home = useHomeStore()
  session.follow()
  // Filters, lists and details of one user are never shown to the next (see userState.ts).
  resetOnUserChange(pinia, () => session.state.user?.account.toLowerCase() ?? null)
  sync.follow()
  outbox.follow()
  followOrderStatusChanges(i18n, (path) => void router.push(path))
  followAppCommands(i18n.global.t as unknown as (key: string) => string)
  portal.onDataChanged(({ dealerId }) => {
    if (dealerId === session.state.dealerId) void home.load()
  })
  await Promise.all([session.load(), sync.load(), outbox.loadCounts()])

  await router.isReady()
  app.mount('#app')
}

void boot()
