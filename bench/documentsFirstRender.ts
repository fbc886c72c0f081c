/**
 * Child process of bench/documents.bench.ts: the first shipping document (200 rows) of a fresh
 * process, fonts loaded from disk included. Prints `{"ms": <number>}`.
 */
import { DEFAULT_DOCUMENT_SETTINGS } from '../shared/contract'
import { createDocumentText } from '../electron/services/documents/documentText'
import { renderPdf } from '../electron/services/documents/pdfRenderer'
import { shippingDocument } from '../electron/services/documents/shippingDocument'
import { translatorFor } from '../electron/main/messages'
import { BENCH_DEALER, benchDelivery } from './documentsData'

const start = process.hrtime.bigint()
const text = createDocumentText('zh-CN', { zh: translatorFor('zh-CN'), en: translatorFor('en-US') })
await renderPdf(
  [
    shippingDocument(
      { settings: DEFAULT_DOCUMENT_SETTINGS, text, dealer: BENCH_DEALER, reprint: 0 },
      benchDelivery(200),
    ),
  ],
  { title: 'first' },
)
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6 }))
