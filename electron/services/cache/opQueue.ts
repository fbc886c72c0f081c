/**
 * The cache worker's op queue (cacheWorker.ts): one op at a time, in the order they were queued;
 * an async op (load) finishes before the next starts. Background work (the catalog's slices) is
 * queued the same way, behind the messages already in.
 *
 * `whenIdle` holds a task (the image written at the end of a sync) until the queue is idle: no
 * task queued or running, none among the messages that arrived meanwhile, and nothing `behind`
 * (the search index has taken the noted changes); or until `maxWaitMs` have passed, so ops that
 * keep coming do not hold it back for good. The check runs two event-loop turns after the queue
 * drains: a message that arrived while the last task ran is handled, and queued, in between.
 */
export interface OpQueue {
  enqueue(task: () => unknown): void
  whenIdle(task: () => void): void
}

export function createOpQueue(options: {
  /** True while work the queue does not see yet is due (it will be queued). */
  behind?: () => boolean
  /** What a failed task reports (the op's own answer is the caller's concern). */
  onError?: (error: unknown) => void
  maxWaitMs?: number
}): OpQueue {
  const maxWaitMs = options.maxWaitMs ?? 2000
  let queue: Promise<void> = Promise.resolve()
  /** Tasks queued and not yet done. */
  let pending = 0
  const idleWaiters: Array<() => void> = []
  let idleDeadline = 0
  let checking = false

  function checkIdle(): void {
    if (checking) return
    checking = true
    setImmediate(() =>
      setImmediate(() => {
        checking = false
        // Still busy: checked again when the queue drains.
        if ((pending > 0 || options.behind?.()) && Date.now() < idleDeadline) return
        for (const task of idleWaiters.splice(0)) task()
      }),
    )
  }

  return {
    enqueue(task) {
      pending++
      queue = queue.then(async () => {
        try {
          await task()
        } catch (error) {
          options.onError?.(error)
        } finally {
          pending--
          if (idleWaiters.length) checkIdle()
        }
      })
    },
    whenIdle(task) {
      if (idleWaiters.length === 0) idleDeadline = Date.now() + maxWaitMs
      idleWaiters.push(task)
      checkIdle()
    },
  }
}
