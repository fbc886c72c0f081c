/**
 * Run something once the user pauses: `schedule()` (re)starts the wait of `delayMs`, so a burst of
 * calls (keystrokes, pushed changes) runs `run` once, `delayMs` after the last; `flush()` runs it
 * now instead, `cancel()` drops it. Called in a component's setup, a pending run is dropped when
 * the component unmounts; elsewhere the caller cancels.
 */
import { getCurrentInstance, onBeforeUnmount } from 'vue'

export interface Debounced {
  schedule(): void
  flush(): void
  cancel(): void
}

export function useDebounce(run: () => void, delayMs: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = () => {
    clearTimeout(timer)
    timer = undefined
  }
  const flush = () => {
    cancel()
    run()
  }
  const schedule = () => {
    cancel()
    timer = setTimeout(flush, delayMs)
  }
  if (getCurrentInstance()) onBeforeUnmount(cancel)
  return { schedule, flush, cancel }
}
