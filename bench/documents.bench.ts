/**
 * Documents: PDFs rendered with pdfmake and Noto Sans SC.
 * - pdf.shipping200.warm.ms: a 200-row shipping document, median of 10 after 3 warm-ups.
 * - pdf.shipping200.first.ms: the same in a fresh process (tsx child), font loading included.
 * - pdf.batch100.ms: a batch 'save' job of 100 shipping documents (20 rows each) from a cache,
 *   start to merged result.
 * - pdf.statement1000.ms: the statement of a month with 1,000 transactions, from the cache.
 * - pdf.rss.mb: resident memory of this process afterwards.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_DOCUMENT_SETTINGS } from '../shared/contract'
import type { BatchProgress } from '../shared/contract/documents'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { createDocumentsService } from '../electron/services/documents/documentsService'
import { createDocumentText } from '../electron/services/documents/documentText'
import { renderPdf } from '../electron/services/documents/pdfRenderer'
import { shippingDocument } from '../electron/services/documents/shippingDocument'
import { translatorFor } from '../electron/main/messages'
import { BENCH_DEALER, benchDelivery, benchTransactions } from './documentsData'
import { defineSuite, percentile, timeMs } from './harness'

const round = (value: number) => Math.round(value * 10) / 10

export default defineSuite({
  name: 'documents',
  ids: [
    'pdf.shipping200.warm.ms',
    'pdf.shipping200.first.ms',
    'pdf.batch100.ms',
    'pdf.statement1000.ms',
    'pdf.rss.mb',
  ],
  async run() {
    const child = fileURLToPath(new URL('./documentsFirstRender.ts', import.meta.url))
    const firstOutput = execFileSync(process.execPath, ['--import', 'tsx', child], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    })
    const first = (JSON.parse(firstOutput.trim().split('\n').at(-1) ?? '{}') as { ms: number }).ms

    const text = createDocumentText('zh-CN', {
      zh: translatorFor('zh-CN'),
      en: translatorFor('en-US'),
    })
    const section = () =>
      shippingDocument(
        { settings: DEFAULT_DOCUMENT_SETTINGS, text, dealer: BENCH_DEALER, reprint: 0 },
        benchDelivery(200),
      )
    const samples: number[] = []
    for (let index = 0; index < 13; index++) {
      const ms = await timeMs(() => renderPdf([section()], { title: 'warm' }))
      if (index >= 3) samples.push(ms)
    }

    const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-documents-'))
    try {
      const db = await openCacheDatabase({
        file: join(folder, 'cache.sqlite'),
        migrations: CACHE_MIGRATIONS,
        persistDelayMs: 3_600_000,
        maxPersistDelayMs: 3_600_000,
      })
      await db.transaction(async () => {
        for (let index = 0; index < 100; index++) {
          const record = benchDelivery(20, index)
          await db.run(
            'INSERT INTO deliveries (id, number, status, created_at, modified_at, record, order_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [
              record.id,
              record.number,
              record.status,
              record.createdAt,
              record.modifiedAt,
              JSON.stringify(record),
              record.orderId,
            ],
          )
        }
        for (const movement of benchTransactions(1000)) {
          await db.run(
            'INSERT INTO transactions (id, at, account_type, type, amount, record) VALUES (?, ?, ?, ?, ?, ?)',
            [
              movement.id,
              movement.at,
              movement.accountType,
              movement.type,
              movement.amount,
              JSON.stringify(movement),
            ],
          )
        }
      })
      let finished: (progress: BatchProgress) => void = () => undefined
      const documents = createDocumentsService({
        database: () => db,
        dealer: () => ({ dealerId: 'd_sh', ...BENCH_DEALER, roles: ['admin'] }),
        documentSettings: async () => DEFAULT_DOCUMENT_SETTINGS,
        uiLanguage: async () => 'zh-CN',
        translator: translatorFor,
        onBatchProgress: (progress) => {
          if (progress.state !== 'running') finished(progress)
        },
      })
      const batch = await timeMs(async () => {
        const done = new Promise<BatchProgress>((resolve) => (finished = resolve))
        const { jobId } = await documents.batchStart({
          kind: 'shipping',
          ids: Array.from({ length: 100 }, (_, index) => `dv${index}`),
          mode: 'save',
        })
        const outcome = await done
        if (outcome.state !== 'done')
          throw new Error(`batch ${outcome.state}: ${JSON.stringify(outcome.error)}`)
        await documents.batchResult({ jobId })
      })
      const november = {
        from: Date.UTC(2026, 10, 1) - 8 * 3_600_000,
        to: Date.UTC(2026, 11, 1) - 8 * 3_600_000,
      }
      const statementSamples: number[] = []
      for (let index = 0; index < 4; index++) {
        const ms = await timeMs(() =>
          documents.render({ kind: 'statement', period: november, purpose: 'preview' }),
        )
        if (index >= 1) statementSamples.push(ms)
      }
      await db.close()
      return [
        {
          id: 'pdf.shipping200.warm.ms',
          value: round(percentile(samples, 50)),
          unit: 'ms',
          target: 150,
          better: 'lower' as const,
        },
        {
          id: 'pdf.shipping200.first.ms',
          value: round(first),
          unit: 'ms',
          better: 'lower' as const,
        },
        {
          id: 'pdf.batch100.ms',
          value: round(batch),
          unit: 'ms',
          target: 15_000,
          better: 'lower' as const,
        },
        {
          id: 'pdf.statement1000.ms',
          value: round(percentile(statementSamples, 50)),
          unit: 'ms',
          target: 1000,
          better: 'lower' as const,
        },
        {
          id: 'pdf.rss.mb',
          value: round(process.memoryUsage().rss / 1_048_576),
          unit: 'MB',
          better: 'lower' as const,
        },
      ]
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  },
})
