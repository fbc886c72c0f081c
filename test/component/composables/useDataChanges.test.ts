import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useDataChanges } from '../../../renderer/composables/useDataChanges'
import { fakePortal } from '../helpers'

describe('useDataChanges', () => {
  it('reloads on data changes (and outbox changes when asked) while mounted, and stops listening on unmount', () => {
    type Listener = (payload: never) => void
    const listeners = { data: new Set<Listener>(), outbox: new Set<Listener>() }
    const subscribe = (set: Set<Listener>) => (listener: Listener) => {
      set.add(listener)
      return () => void set.delete(listener)
    }
    fakePortal({
      onDataChanged: vi.fn(subscribe(listeners.data)),
      onOutboxChanged: vi.fn(subscribe(listeners.outbox)),
    })
    const reload = vi.fn()
    const wrapper = mount(
      defineComponent({
        setup() {
          useDataChanges(reload, { outbox: true })
          return () => h('div')
        },
      }),
    )
    for (const listener of [...listeners.data, ...listeners.outbox]) listener(undefined as never)
    expect(reload).toHaveBeenCalledTimes(2)
    wrapper.unmount()
    expect(listeners.data.size + listeners.outbox.size).toBe(0)
  })
})
