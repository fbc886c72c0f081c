/**
 * A long list drawn first rows first: `drawn` starts at `first` and grows by `first` per animation
 * frame up to `all`, so the first rows are on screen without waiting for the rest (a page of 100
 * table rows with inputs takes several frames' worth to draw). The first frame after a `restart()`
 * paints the first rows alone: growing starts the frame after it, so the rows that fill the screen
 * are never held back by the ones below them. `restart()` goes back to `first` (new rows, another
 * page). The frame is cancelled when the component unmounts.
 */
import { onBeforeUnmount, ref, type Ref } from 'vue'

export function useDrawnRows(first: number, all: number): { drawn: Ref<number>; restart(): void } {
  const drawn = ref(first)
  let frame: number | undefined
  function more(): void {
    frame = undefined
    if (drawn.value >= all) return
    drawn.value += first
    frame = requestAnimationFrame(more)
  }
  function restart(): void {
    if (frame !== undefined) cancelAnimationFrame(frame)
    drawn.value = first
    frame = requestAnimationFrame(() => (frame = requestAnimationFrame(more)))
  }
  onBeforeUnmount(() => frame !== undefined && cancelAnimationFrame(frame))
  return { drawn, restart }
}
