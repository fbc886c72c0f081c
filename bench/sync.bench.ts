/**
 * The sync engine at 100k (bench/sync100k.ts: sandbox in this process, the client in children).
 * The full-sync figures are medians of the full runs (3 by default), each run's in `samples`.
 * - sync.full100k.ms: sign-in to every product, price and search entry queryable (the cache
 *   durably written, the search index complete); target < 5000.
 * - sync.full100k.floorRatio: that ÷ the time, in the same child, to fetch the same feed pages from
 *   the same gateway and JSON.parse them (no validation, no storage); target < 6.
 * - sync.incremental1k.ms: after the operator reprices 1,000 items, the incremental sync; < 500.
 * - catalog.firstRows100k.ms: sign-in on an empty cache to a full first catalog page (50 rows, as
 *   the catalog view asks it) whose rows all carry a price; target < 1500.
 * - main.stall.sync100k.ms: the longest a 10 ms timer of the client process fired late during the
 *   full sync (the time a bridge call would wait); target < 50.
 * - main.stall.open100k.ms: the same while a fresh process opens the synced cache and makes search
 *   ready (median of 3 processes); target < 50.
 * - rss.main100k.mb: resident memory of the client after the sync and 240 searches (index built),
 *   garbage collected on both threads; target < 350. rss.main100k.peak.mb: the highest seen by
 *   the probe; < 500.
 */
import { defineSuite, medianOf } from './harness'
import { scenario100k, type SyncReport } from './sync100k'

export default defineSuite({
  name: 'sync',
  ids: [
    'sync.full100k.ms',
    'sync.full100k.floorRatio',
    'sync.incremental1k.ms',
    'catalog.firstRows100k.ms',
    'main.stall.sync100k.ms',
    'main.stall.open100k.ms',
    'rss.main100k.mb',
    'rss.main100k.peak.mb',
  ],
  async run() {
    const { fulls, incremental, opens } = await scenario100k()
    /** A figure of the full sync: the median of the runs', and each run's. */
    const ofFulls = (figure: (run: SyncReport) => number, round: (value: number) => number) =>
      medianOf(fulls.map((run) => round(figure(run))))
    const ms = (value: number) => Math.round(value)
    return [
      {
        id: 'sync.full100k.ms',
        ...ofFulls((run) => run.ms, ms),
        unit: 'ms',
        target: 5_000,
        better: 'lower',
      },
      {
        id: 'sync.full100k.floorRatio',
        ...ofFulls(
          (run) => run.ms / run.floorMs,
          (ratio) => Math.round(ratio * 100) / 100,
        ),
        unit: '×',
        target: 6,
        better: 'lower',
      },
      {
        id: 'sync.incremental1k.ms',
        value: Math.round(incremental.ms),
        unit: 'ms',
        target: 500,
        better: 'lower',
      },
      {
        id: 'catalog.firstRows100k.ms',
        ...ofFulls((run) => run.firstRowsMs ?? Number.POSITIVE_INFINITY, ms),
        unit: 'ms',
        target: 1_500,
        better: 'lower',
      },
      {
        id: 'main.stall.sync100k.ms',
        ...ofFulls((run) => run.stallMs, ms),
        unit: 'ms',
        target: 50,
        better: 'lower',
      },
      {
        id: 'main.stall.open100k.ms',
        ...medianOf(opens.map((open) => Math.round(open.stallMs))),
        unit: 'ms',
        target: 50,
        better: 'lower',
      },
      {
        id: 'rss.main100k.mb',
        ...ofFulls((run) => run.rssMb, ms),
        unit: 'MB',
        target: 350,
        better: 'lower',
      },
      {
        id: 'rss.main100k.peak.mb',
        ...ofFulls((run) => run.peakRssMb, ms),
        unit: 'MB',
        target: 500,
        better: 'lower',
      },
    ]
  },
})
