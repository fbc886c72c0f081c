/**
 * Home over a cache of 100,000 products and three years of history (~16,000 orders, their
 * deliveries and ~40,000 flow movements; bench/homeData.ts):
 * - home.data.ms: the home service's overview (to-do, four charts, recent orders, balances)
 *   computed from the sql.js cache in the process that owns it (main / the web host); median of 5
 *   after one warm-up.
 * - home.render.ms: in Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH) on the built
 *   renderer served by the real web host, whose registry answers `home:overview` from the same
 *   service over the same cache (the other methods from the test fixture's fixed answers, signed in
 *   as an admin, so every section and chart shows): from the moment the Home view asks for its
 *   data (`performance.mark('home:overview-requested')` in the store) to the first complete paint
 *   of it: every chart's ECharts `finished` event, then two animation frames. It includes the
 *   bridge round trip over loopback HTTP, the computation, schema checks, Vue's render and the
 *   canvas drawing. Median of 5 page loads.
 * - home.coldStart.ms: the same paint measured from navigation start (app boot included).
 * - home.chunk.kb: size on disk (minified, not compressed) of Home's lazily loaded chunk (the view
 *   and the tree-shaken ECharts) in a fresh production build of the renderer, made into a
 *   temporary folder, which is also what the Chromium runs load.
 * Without Chromium, home.render.ms and home.coldStart.ms are not reported.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SessionState } from '../shared/contract'
import { translatorFor } from '../electron/main/messages'
import { createEventHub } from '../electron/ipc/eventHub'
import { createRegistry } from '../electron/ipc/registry'
import { createSenderCheck } from '../electron/ipc/trustedSender'
import { startWebHost } from '../electron/host/web'
import { createHomeService, type HomeService } from '../electron/services/home/homeService'
import { fakeHandlers } from '../test/fixtures/fakeHandlers'
import { defineSuite, percentile, timeMs, type BenchResult } from './harness'
import { homeBenchCache } from './homeData'

const RUNS = 5
const repositoryRoot = fileURLToPath(new URL('../', import.meta.url))
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const SIGNED_IN: SessionState = {
  status: 'signedIn',
  user: { account: 'bench', displayName: '基准', preferredLanguage: 'zh-CN' },
  dealers: [
    {
      id: 'd_bench',
      code: 'BENCH',
      nameZh: '基准经销商',
      nameEn: 'Bench dealer',
      city: '上海',
      roles: ['admin'],
    },
  ],
  dealerId: 'd_bench',
  server: { kind: 'sandbox', url: null },
  connectivity: 'online',
}

/**
 * Runs in the page before its scripts (a string: the bench type-checks without DOM types): once
 * Home marks its first paint complete, and again once every chart is drawn, waits two animation
 * frames and records the time (and, at first paint, how many to-do items and sections show).
 */
const WATCH_PAINT = `
  const watchFor = (attribute, record) => {
    const observer = new MutationObserver(() => {
      const view = document.querySelector('[data-testid="home-view"]')
      if (view?.getAttribute(attribute) !== 'true') return
      observer.disconnect()
      const shown = { sections: view.querySelectorAll('.home-view__section').length }
      requestAnimationFrame(() => requestAnimationFrame(() => record(performance.now(), shown)))
    })
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: [attribute] })
  }
  watchFor('data-first-paint', (at, shown) => { window.homePaintedAt = at; window.homeShown = shown })
  watchFor('data-charts-ready', (at) => (window.homeChartsDrawnAt = at))
`
/** What the page functions below read (typed structurally: no DOM types here). */
interface PageGlobals {
  homePaintedAt?: number
  homeChartsDrawnAt?: number
  homeShown?: { sections: number }
  performance: { getEntriesByName(name: string): { startTime: number }[] }
  document: { querySelectorAll(selector: string): { length: number } }
}

/** Builds the renderer as it ships into a temporary folder; returns the size of Home's lazy chunk (ECharts included). */
async function buildRenderer(outDir: string): Promise<{ homeChunkBytes: number }> {
  const { build } = await import('vite')
  await build({
    configFile: join(repositoryRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
  const assets = await readdir(join(outDir, 'assets'))
  const home = assets.filter((file) => /^HomeView-.*\.js$/.test(file))
  if (home.length !== 1)
    throw new Error(`home bench: expected one HomeView chunk, found ${home.join(', ')}`)
  return { homeChunkBytes: (await stat(join(outDir, 'assets', home[0]!))).size }
}

async function renderInChromium(
  service: HomeService,
  rendererDirectory: string,
): Promise<{ render: number[]; cold: number[]; charts: number[] } | null> {
  if (!existsSync(chromiumPath)) return null
  let isTrusted: (url: string) => boolean = () => false
  const registry = createRegistry({
    handlers: fakeHandlers({
      session: { state: () => SIGNED_IN },
      home: { overview: () => service.overview() },
    }),
    isTrustedSender: (url) => isTrusted(url),
  })
  const host = await startWebHost({
    registry,
    hub: createEventHub(),
    token: randomBytes(24).toString('base64url'),
    rendererDirectory,
    port: 0,
    onListening: (origins) => (isTrusted = createSenderCheck(origins)),
  })
  const { chromium } = await import('@playwright/test')
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  try {
    const render: number[] = []
    const cold: number[] = []
    const charts: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        locale: 'zh-CN',
      })
      await page.addInitScript({ content: WATCH_PAINT })
      await page.goto(host.url)
      // Functions, not strings: the renderer's CSP forbids eval.
      await page.waitForFunction(
        () => (globalThis as unknown as PageGlobals).homeChartsDrawnAt !== undefined,
        undefined,
        { timeout: 60_000 },
      )
      const times = await page.evaluate(() => {
        const page = globalThis as unknown as PageGlobals
        return {
          painted: page.homePaintedAt ?? Number.NaN,
          chartsDrawn: page.homeChartsDrawnAt ?? Number.NaN,
          sections: page.homeShown?.sections ?? 0,
          requested:
            page.performance.getEntriesByName('home:overview-requested')[0]?.startTime ??
            Number.NaN,
          charts: page.document.querySelectorAll('.home-chart canvas').length,
        }
      })
      if (times.charts < 4)
        throw new Error(`home bench: expected 4 drawn charts, found ${times.charts}`)
      // An admin sees all five sections; the first paint must have had them all, with data.
      if (times.sections < 5)
        throw new Error(`home bench: first paint showed ${times.sections} of 5 sections`)
      render.push(times.painted - times.requested)
      charts.push(times.chartsDrawn - times.requested)
      cold.push(times.painted)
      await page.close()
    }
    return { render, cold, charts }
  } finally {
    await browser.close()
    await host.close()
  }
}

export default defineSuite({
  name: 'home',
  ids: [
    'home.render.ms',
    'home.chartsDrawn.ms',
    'home.data.ms',
    'home.coldStart.ms',
    'home.chunk.kb',
  ],
  async run() {
    const now = Date.now()
    const cache = await homeBenchCache({ products: 100_000, days: 3 * 365, ordersPerDay: 15, now })
    try {
      console.log(`home bench cache: ${JSON.stringify(cache.counts)}`)
      const service = createHomeService({
        database: () => cache.db,
        dealer: () => ({ dealerId: 'd_bench' }),
        outbox: { list: async () => [] },
        translator: translatorFor,
      })
      await service.overview()
      const data: number[] = []
      for (let run = 0; run < RUNS; run++) data.push(await timeMs(() => service.overview()))
      const results: BenchResult[] = [
        { id: 'home.data.ms', value: percentile(data, 50), unit: 'ms', better: 'lower' },
      ]
      const rendererDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-renderer-'))
      const { homeChunkBytes } = await buildRenderer(rendererDirectory)
      results.push({
        id: 'home.chunk.kb',
        value: Math.round(homeChunkBytes / 1024),
        unit: 'kB',
        better: 'lower',
      })
      const chromium = await renderInChromium(service, rendererDirectory).finally(() =>
        rm(rendererDirectory, { recursive: true, force: true }),
      )
      if (chromium) {
        results.unshift({
          id: 'home.render.ms',
          value: percentile(chromium.render, 50),
          unit: 'ms',
          target: 300,
          better: 'lower',
        })
        results.push({
          id: 'home.chartsDrawn.ms',
          value: percentile(chromium.charts, 50),
          unit: 'ms',
          better: 'lower',
        })
        results.push({
          id: 'home.coldStart.ms',
          value: percentile(chromium.cold, 50),
          unit: 'ms',
          better: 'lower',
        })
      }
      return results
    } finally {
      await cache.dispose()
    }
  },
})
