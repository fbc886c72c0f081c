import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, type Ref } from 'vue'
import { useDrawnRows } from '../../../renderer/composables/useDrawnRows'

afterEach(() => {
  vi.useRealTimers()
})

function mountDrawn(first: number, all: number) {
  let drawn: { drawn: Ref<number>; restart(): void } | undefined
  const wrapper = mount(
    defineComponent({
      setup() {
        drawn = useDrawnRows(first, all)
        return () => h('div')
      },
    }),
  )
  return { wrapper, ...drawn! }
}

describe('useDrawnRows', () => {
  it('paints the first rows alone in the first frame, then grows a slice per frame to all', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] })
    const { drawn, restart } = mountDrawn(20, 100)
    restart()
    expect(drawn.value).toBe(20)
    vi.advanceTimersToNextFrame()
    expect(drawn.value).toBe(20)
    const seen: number[] = []
    for (let frame = 0; frame < 6; frame++) {
      vi.advanceTimersToNextFrame()
      seen.push(drawn.value)
    }
    expect(seen).toEqual([40, 60, 80, 100, 100, 100])
  })

  it('starts over on restart and stops when unmounted', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] })
    const { wrapper, drawn, restart } = mountDrawn(10, 50)
    restart()
    vi.advanceTimersToNextFrame()
    vi.advanceTimersToNextFrame()
    vi.advanceTimersToNextFrame()
    expect(drawn.value).toBe(30)
    restart()
    expect(drawn.value).toBe(10)
    vi.advanceTimersToNextFrame()
    vi.advanceTimersToNextFrame()
    expect(drawn.value).toBe(20)
    wrapper.unmount()
    vi.advanceTimersToNextFrame()
    vi.advanceTimersToNextFrame()
    expect(drawn.value).toBe(20)
  })
})
