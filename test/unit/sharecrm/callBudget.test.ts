/** The in-memory call budget and token store (fake clock, no network). */
import { describe, expect, it } from 'vitest'
import { MemoryCallBudget } from '../../../server/backends/sharecrm/callBudget'
import { MemoryTokenStore } from '../../../server/backends/sharecrm/tokenStore'

describe('MemoryCallBudget', () => {
  it('lets `limit` calls run, then waits until a finished one leaves the window', async () => {
    let now = 1_000
    const budget = new MemoryCallBudget({ callsPer20s: 2, windowMs: 100, now: () => now })
    const first = await budget.acquire('/q')
    const second = await budget.acquire('/q')
    let third = false
    const waiting = budget.acquire('/q').then((release) => {
      third = true
      return release
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(third).toBe(false)
    first()
    now += 50
    second()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(third).toBe(false) // the first finished at 1,000: counted until 1,100
    now = 1_101
    ;(await waiting)()
    expect(third).toBe(true)
    expect(budget.used('/q')).toBe(2)
    expect(budget.used('/other')).toBe(0)
  })

  it('counts interfaces separately', async () => {
    const budget = new MemoryCallBudget({ callsPer20s: 1 })
    await budget.acquire('/a')
    await budget.acquire('/b')
    expect(budget.used('/a')).toBe(1)
  })
})

describe('MemoryTokenStore', () => {
  it('refreshes single-flight and keeps a usable token unless it was rejected', async () => {
    let fetches = 0
    const store = new MemoryTokenStore(() => 0)
    const fetchToken = async () => {
      fetches++
      await new Promise((resolve) => setTimeout(resolve, 10))
      return { corpAccessToken: `t${fetches}`, corpId: 'c', expiresAt: 1_000 }
    }
    const tokens = await Promise.all(Array.from({ length: 5 }, () => store.refresh(fetchToken)))
    expect(new Set(tokens.map((token) => token.corpAccessToken))).toEqual(new Set(['t1']))
    expect(fetches).toBe(1)
    expect((await store.refresh(fetchToken, 't1')).corpAccessToken).toBe('t2')
    expect((await store.refresh(fetchToken, 't1')).corpAccessToken).toBe('t2')
    expect(fetches).toBe(2)
  })
})
