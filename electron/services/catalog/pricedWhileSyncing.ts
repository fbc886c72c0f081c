/**
 * The catalog while the first full sync of prices runs (a first sign-in): only products that
 * already have a sellable price are listed, so every row shown can be ordered at the price it
 * keeps (price lists sync winner first, see syncEngine). The ranked matches are walked in windows
 * and priced with the price book until the page is full (each window is a read that waits behind
 * the sync's writes, so one or two per page) or `budget` matches were looked at; `total` is exact
 * when the walk reached the last match, else an upper bound (found + not yet looked at). The renderer says prices are
 * syncing (`syncing.prices`).
 */
export interface RankedMatches {
  /** Ids of the matches [offset, offset + limit) in rank order, and how many there are. */
  (offset: number, limit: number): { total: number; ids: string[] }
}

const WINDOW = 1000

export async function pricedMatches(
  matches: RankedMatches,
  priced: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
  offset: number,
  limit: number,
  budget = 10_000,
): Promise<{ total: number; ids: string[] }> {
  const ids: string[] = []
  let found = 0
  for (let start = 0; ; start += WINDOW) {
    const { total, ids: window } = matches(start, WINDOW)
    const withPrice = window.length ? await priced(window) : new Set<string>()
    for (const id of window) {
      if (!withPrice.has(id)) continue
      if (found >= offset && ids.length < limit) ids.push(id)
      found++
    }
    const walked = start + window.length
    if (walked >= total || window.length === 0) return { total: found, ids }
    if (ids.length === limit || walked >= budget) return { total: found + (total - walked), ids }
  }
}
