import { describe, expect, it } from 'vitest'
import { createOpQueue } from '../../../../electron/services/cache/opQueue'

const turn = () => new Promise((resolve) => setImmediate(resolve))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the cache worker’s op queue', () => {
  it('runs tasks one at a time in order (an async task finishes first) and reports failures', async () => {
    const errors: unknown[] = []
    const queue = createOpQueue({ onError: (error) => errors.push(error) })
    const order: string[] = []
    queue.enqueue(async () => {
      await sleep(20)
      order.push('slow')
    })
    queue.enqueue(() => {
      throw new Error('broken')
    })
    queue.enqueue(() => order.push('next'))
    await sleep(60)
    expect(order).toEqual(['slow', 'next'])
    expect(errors).toEqual([new Error('broken')])
  })

  it('holds a task until the queue is idle, including tasks queued a turn later', async () => {
    const queue = createOpQueue({})
    const order: string[] = []
    queue.enqueue(async () => {
      await sleep(10)
      order.push('running')
    })
    queue.whenIdle(() => order.push('idle task'))
    queue.enqueue(() => order.push('queued behind'))
    // Work that arrives in the next turn (a message handled after the last task) goes first too.
    void turn().then(() => queue.enqueue(() => order.push('next turn')))
    await sleep(50)
    expect(order).toEqual(['running', 'queued behind', 'next turn', 'idle task'])
  })

  it('waits while work is behind (the index’s slices), then runs', async () => {
    let behind = true
    const queue = createOpQueue({ behind: () => behind })
    let ran = false
    queue.whenIdle(() => (ran = true))
    await sleep(30)
    expect(ran).toBe(false)
    behind = false
    // The behind work is queued when it runs: the check follows it.
    queue.enqueue(() => undefined)
    await sleep(30)
    expect(ran).toBe(true)
  })

  it('runs the task after maxWaitMs when the queue never goes idle', async () => {
    const queue = createOpQueue({ maxWaitMs: 100 })
    let ran = false
    queue.whenIdle(() => (ran = true))
    const started = Date.now()
    // A task always queued behind the running one.
    const keepBusy = async () => {
      while (!ran && Date.now() - started < 2000) {
        await new Promise<void>((resolve) =>
          queue.enqueue(async () => {
            queue.enqueue(() => undefined)
            await sleep(5)
            resolve()
          }),
        )
      }
    }
    await keepBusy()
    expect(ran).toBe(true)
    expect(Date.now() - started).toBeGreaterThanOrEqual(100)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
