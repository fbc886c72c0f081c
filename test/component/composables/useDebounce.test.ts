import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useDebounce, type Debounced } from '../../../renderer/composables/useDebounce'

afterEach(() => {
  vi.useRealTimers()
})

function mountDebounced(run: () => void, delayMs: number) {
  let debounced: Debounced | undefined
  const wrapper = mount(
    defineComponent({
      setup() {
        debounced = useDebounce(run, delayMs)
        return () => h('div')
      },
    }),
  )
  return { wrapper, debounced: debounced! }
}

describe('useDebounce', () => {
  it('runs once, the delay after the last of a burst of calls', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const { debounced } = mountDebounced(run, 250)
    debounced.schedule()
    vi.advanceTimersByTime(200)
    debounced.schedule()
    vi.advanceTimersByTime(200)
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(50)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('runs at once on flush, and not again when the wait would have ended', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const { debounced } = mountDebounced(run, 250)
    debounced.schedule()
    debounced.flush()
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('drops a waiting run when the component unmounts', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const { wrapper, debounced } = mountDebounced(run, 250)
    debounced.schedule()
    wrapper.unmount()
    vi.advanceTimersByTime(1000)
    expect(run).not.toHaveBeenCalled()
  })
})
