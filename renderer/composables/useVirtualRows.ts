/**
 * Windowing for long lists with a fixed row height: only the rows in view (plus a margin) are
 * rendered, and `onEndReached` is called when the user scrolls near the end of what is loaded
 * while more exist (`total`). Bind `viewport` to the scrolling element and `onScroll` to its
 * scroll event; place the visible rows at `offset` px inside a spacer of `spacerHeight` px.
 */
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export interface VirtualRowsOptions<Row> {
  items: () => readonly Row[]
  /** All rows that exist, loaded or not. */
  total: () => number
  rowHeight: number
  overscan?: number
  /** Height assumed until the list has been laid out (and where there is no layout, in tests). */
  fallbackHeight?: number
  onEndReached?: () => void
}

export function useVirtualRows<Row>(options: VirtualRowsOptions<Row>) {
  const { rowHeight } = options
  const overscan = options.overscan ?? 8
  const fallbackHeight = options.fallbackHeight ?? 640
  const viewport: Ref<HTMLElement | null> = ref(null)
  const scrollTop = ref(0)
  const height = ref(fallbackHeight)
  let observer: ResizeObserver | undefined

  onMounted(() => {
    const element = viewport.value
    if (!element) return
    height.value = element.clientHeight || fallbackHeight
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => (height.value = element.clientHeight || fallbackHeight))
      observer.observe(element)
    }
  })
  onBeforeUnmount(() => observer?.disconnect())

  const start = computed(() => Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan))
  const end = computed(() => Math.min(options.items().length, Math.ceil((scrollTop.value + height.value) / rowHeight) + overscan))
  const visible = computed(() => options.items().slice(start.value, end.value))
  const offset = computed(() => start.value * rowHeight)
  const spacerHeight = computed(() => options.items().length * rowHeight)

  function onScroll(event: Event): void {
    const element = event.target as HTMLElement
    scrollTop.value = element.scrollTop
    const nearEnd = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight * overscan
    if (nearEnd && options.items().length < options.total()) options.onEndReached?.()
  }

  return { viewport, visible, offset, spacerHeight, onScroll }
}
