import { describe, expect, it } from 'vitest'
import { nextTurn } from '../../../electron/services/turns'

describe('nextTurn', () => {
  it('resumes waiters one per event-loop turn, in order: work queued by one runs before the next', async () => {
    const order: string[] = []
    const waiters = ['a', 'b', 'c'].map((name) =>
      nextTurn().then(() => {
        order.push(name)
        // What a slice lets through (a bridge call's I/O, a timer) comes before the next slice.
        setImmediate(() => order.push(`after ${name}`))
      }),
    )
    await Promise.all(waiters)
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual(['a', 'after a', 'b', 'after b', 'c', 'after c'])
  })

  it('resumes in a later turn than the one that asked', async () => {
    const order: string[] = []
    setImmediate(() => order.push('queued before'))
    await nextTurn()
    order.push('resumed')
    expect(order).toEqual(['queued before', 'resumed'])
  })
})
