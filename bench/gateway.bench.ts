/**
 * Gateway benchmarks against an in-memory sandbox with 100,000 products:
 * - feed.priceItems100k.rps: records/s reading the whole standard price list (≈ 97.6k items,
 *   5,000 per page) over loopback HTTP, parsing every page;
 * - quote.lines1000.ms: median time of a 1,000-line quote (after a warm-up).
 */
import { startSandbox } from '../server/sandbox'
import { defineSuite, percentile, timeMs } from './harness'

export default defineSuite({
  name: 'gateway',
  ids: ['feed.priceItems100k.rps', 'quote.lines1000.ms'],
  async run() {
    const sandbox = await startSandbox({ products: 100_000 })
    try {
      const api = `${sandbox.url}/api/v1`
      const login = await fetch(`${api}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ account: 'cd.accountant', password: 'Demo@2026' }),
      })
      const { accessToken } = (await login.json()) as { accessToken: string }
      const headers = { authorization: `Bearer ${accessToken}` }

      const readFeed = async () => {
        let records = 0
        let query = 'since=0&limit=5000'
        for (;;) {
          const page = (await (
            await fetch(`${api}/dealers/d_cd/price-lists/pl_std/items?${query}`, { headers })
          ).json()) as {
            items: unknown[]
            nextCursor: { since: number; after: string } | null
          }
          records += page.items.length
          if (!page.nextCursor) return records
          query = `since=${page.nextCursor.since}&after=${encodeURIComponent(page.nextCursor.after)}&limit=5000`
        }
      }
      await readFeed()
      let records = 0
      const feedMs = await timeMs(async () => {
        records = await readFeed()
      })

      const orderer = (await (
        await fetch(`${api}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ account: 'agent.li', password: 'Demo@2026' }),
        })
      ).json()) as { accessToken: string }
      const lines = Array.from({ length: 1000 }, (_, index) => ({
        productId: `P${String(index * 97 + 1).padStart(6, '0')}`,
        quantity: 20,
      }))
      const quote = () =>
        fetch(`${api}/dealers/d_cd/orders/quote`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${orderer.accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ lines }),
        }).then((response) => response.json())
      for (let warm = 0; warm < 3; warm++) await quote()
      const samples: number[] = []
      for (let run = 0; run < 15; run++) samples.push(await timeMs(quote))

      return [
        {
          id: 'feed.priceItems100k.rps',
          value: Math.round(records / (feedMs / 1000)),
          unit: 'records/s',
          target: 20_000,
          better: 'higher' as const,
        },
        {
          id: 'quote.lines1000.ms',
          value: Number(percentile(samples, 50).toFixed(1)),
          unit: 'ms',
          target: 200,
          better: 'lower' as const,
        },
      ]
    } finally {
      await sandbox.close()
    }
  },
})
