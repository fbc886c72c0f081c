/**
 * One continuation per event-loop turn. `await nextTurn()` resumes in a later turn than the one
 * that asked, and when several wait (a sync reads five feeds at once), one per turn, in the order
 * they asked. Long work cut into slices this way lets timers and I/O (a bridge call) run between
 * any two slices: with setImmediate alone, every callback queued before a turn's check phase runs
 * in that one phase, so the slices of all the feeds ran back to back (~40–80 ms at 100k).
 */
let last: Promise<void> = Promise.resolve()

export function nextTurn(): Promise<void> {
  // Each waiter's immediate is queued once the one before it has run: in the next turn.
  const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)))
  last = turn
  return turn
}
