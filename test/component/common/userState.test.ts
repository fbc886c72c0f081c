import { createApp, nextTick, ref } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { resetOnUserChange, userStatePlugin } from '../../../renderer/stores/userState'
import { useDeliveriesStore } from '../../../renderer/stores/deliveries'
import { useOrdersStore } from '../../../renderer/stores/orders'
import { useSettingsStore } from '../../../renderer/stores/settings'
import { fakePortal } from '../helpers'

describe('per-user view state', () => {
  it('a filter typed by one user is gone when the next user signs in; preferences stay', async () => {
    fakePortal()
    const pinia = createPinia()
    pinia.use(userStatePlugin)
    createApp({}).use(pinia) // plugins apply once Pinia is installed, as in main.ts
    setActivePinia(pinia)
    const account = ref<string | null>('agent.li')
    resetOnUserChange(pinia, () => account.value)

    const deliveries = useDeliveriesStore()
    const settings = useSettingsStore()
    deliveries.filter = { statuses: ['has_delivered'], text: 'SF123' }
    settings.settings = { ...settings.settings, language: 'en-US' }
    const orders = useOrdersStore()
    const emptyOrders = JSON.stringify(orders.$state)

    account.value = null // agent.li signs out
    await nextTick()
    account.value = 'cd.accountant'
    await nextTick()
    expect(deliveries.filter).toEqual({ statuses: [], text: '' })
    expect(JSON.stringify(orders.$state)).toBe(emptyOrders)
    expect(settings.settings.language).toBe('en-US')
  })
})
