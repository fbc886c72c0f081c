/**
 * Windowing for long lists with a fixed row height (the catalog, VirtualTable): only the rows in
 * view (plus a margin) are rendered. Bind `viewport` to the scrolling element and `onScroll` to its
 * scroll event; render the rows `start` to `end` (exclusive), placed at `offset` px (or each at
 * index × rowHeight) inside a spacer of `spacerHeight` px. `count` is how many rows the list is
 * tall for: the loaded ones, or every one that exists when rows are fetched by range.
 * `onEndReached` is called when the user scrolls near the end while `hasMore()` says rows remain.
 */
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export interface VirtualRowsOptions {
  count: () => number
  rowHeight: number
  overscan?: number
  /** Height assumed until the list has been laid out (and where there is no layout, in tests). */
  fallbackHeight?: number
  hasMore?: () => boolean
  onEndReached?: () => void
}

export function useVirtualRows(options: VirtualRowsOptions) {
  const { rowHeight } = options
  const overscan = options.overscan ?? 8
  const fallbackHeight = options.fallbackHeight ?? 640
  const viewport: Ref<HTMLElement | null> = ref(null)
  const scrollTop = ref(0)
  const height = ref(fallbackHeight)
  let observer: ResizeObserver | undefined

  const measure = (element: HTMLElement) => (height.value = element.clientHeight || fallbackHeight)
  onMounted(() => {
    const element = viewport.value
    if (!element) return
    measure(element)
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => measure(element))
      observer.observe(element)
    }
  })
  onBeforeUnmount(() => observer?.disconnect())

  const start = computed(() => Math.max(0, Math.floor(scrollTop.value / rowHeight) - overscan))
  const end = computed(() =>
    Math.min(options.count(), Math.ceil((scrollTop.value + height.value) / rowHeight) + overscan),
  )
  const offset = computed(() => start.value * rowHeight)
  const spacerHeight = computed(() => options.count() * rowHeight)

  function onScroll(): void {
    const element = viewport.value
    if (!element) return
    scrollTop.value = element.scrollTop
    const nearEnd =
      element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeight * overscan
    if (nearEnd && (options.hasMore?.() ?? false)) options.onEndReached?.()
  }

  /** Scrolls just enough for row `index` to be in view (keyboard selection). */
  function scrollToRow(index: number): void {
    const element = viewport.value
    if (!element || index < 0) return
    const top = index * rowHeight
    if (top < element.scrollTop) element.scrollTop = top
    else if (top + rowHeight > element.scrollTop + element.clientHeight)
      element.scrollTop = top + rowHeight - element.clientHeight
    onScroll()
  }

  return { viewport, start, end, offset, spacerHeight, onScroll, scrollToRow }
}
