/** The signed-in user and current dealer, mirrored from main (`session:changed`). */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  SIGNED_OUT,
  type LoginDefaults,
  type LoginInput,
  type PortalErrorData,
  type SessionState,
} from '../../shared/contract'
import { getPortal } from '../bridge'
import { useNoticeStore } from './notices'

export const useSessionStore = defineStore('session', () => {
  const state = ref<SessionState>({ ...SIGNED_OUT })
  const ready = ref(false)
  const signingIn = ref(false)
  const signedIn = computed(() => state.value.status === 'signedIn')
  const offline = computed(() => state.value.connectivity === 'offline')
  const currentDealer = computed(
    () => state.value.dealers.find((dealer) => dealer.id === state.value.dealerId) ?? null,
  )
  const roles = computed(() => currentDealer.value?.roles ?? [])
  const notices = useNoticeStore()

  async function load(): Promise<void> {
    const result = await getPortal().session.state()
    if (result.ok) state.value = result.data
    else notices.reportError(result.error)
    ready.value = true
  }

  async function defaults(): Promise<LoginDefaults | null> {
    const result = await getPortal().session.defaults()
    return result.ok ? result.data : null
  }

  /** Resolves to the refusal (shown in the form) or null when signed in. */
  async function login(input: LoginInput): Promise<PortalErrorData | null> {
    signingIn.value = true
    try {
      const result = await getPortal().session.login(input)
      if (!result.ok) return result.error
      state.value = result.data
      return null
    } finally {
      signingIn.value = false
    }
  }

  async function logout(): Promise<void> {
    const result = await getPortal().session.logout()
    if (result.ok) state.value = result.data
    else notices.reportError(result.error)
  }

  async function switchDealer(dealerId: string): Promise<void> {
    const result = await getPortal().session.switchDealer({ dealerId })
    if (result.ok) state.value = result.data
    else notices.reportError(result.error)
  }

  function follow(): () => void {
    return getPortal().onSessionChanged((next) => {
      state.value = next
    })
  }

  return {
    state,
    ready,
    signingIn,
    signedIn,
    offline,
    currentDealer,
    roles,
    load,
    defaults,
    login,
    logout,
    switchDealer,
    follow,
  }
})
