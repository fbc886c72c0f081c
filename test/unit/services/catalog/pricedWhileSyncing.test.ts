import { describe, expect, it } from 'vitest'
import { pricedMatches } from '../../../../electron/services/catalog/pricedWhileSyncing'

/** 5,000 ranked matches m0000…m4999; every third one has a price. */
const ranked = Array.from({ length: 5000 }, (_, index) => `m${String(index).padStart(4, '0')}`)
const matches = (offset: number, limit: number) => ({
  total: ranked.length,
  ids: ranked.slice(offset, offset + limit),
})
const hasPrice = (id: string) => Number(id.slice(1)) % 3 === 0

describe('pricedMatches (the catalog while prices sync)', () => {
  it('lists only priced matches, in rank order, paged over the priced ones', async () => {
    const asked: number[] = []
    const priced = (ids: readonly string[]) => {
      asked.push(ids.length)
      return Promise.resolve(new Set(ids.filter(hasPrice)))
    }
    const first = await pricedMatches(matches, priced, 0, 50)
    expect(first.ids).toEqual(ranked.filter(hasPrice).slice(0, 50))
    // One window looked at (334 priced in it), the rest not yet: an upper bound.
    expect(asked).toEqual([1000])
    expect(first.total).toBe(334 + 4000)
    const all = await pricedMatches(matches, priced, 0, 5000)
    expect(all.ids).toEqual(ranked.filter(hasPrice))
    expect(all.total).toBe(ranked.filter(hasPrice).length)
    const second = await pricedMatches(matches, priced, 50, 50)
    expect(second.ids).toEqual(ranked.filter(hasPrice).slice(50, 100))
  })

  it('stops walking after the budget even when the page is not full', async () => {
    let looked = 0
    const priced = (ids: readonly string[]) => {
      looked += ids.length
      return Promise.resolve(new Set(ids.filter((id) => id >= 'm2500' && hasPrice(id))))
    }
    const page = await pricedMatches(matches, priced, 0, 50, 2000)
    expect(looked).toBe(2000)
    expect(page).toEqual({ total: 3000, ids: [] })
  })

  it('returns nothing when no match has a price yet', async () => {
    const page = await pricedMatches(matches, () => Promise.resolve(new Set<string>()), 0, 50)
    expect(page).toEqual({ total: 0, ids: [] })
  })
})
