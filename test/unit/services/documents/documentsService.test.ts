/**
 * The documents service over a real sql.js cache: renders from the cached records, records saves
 * and prints in the print log (preview records nothing), marks reprints, answers the history,
 * refuses printer / dialog in the web host, and runs batch jobs with progress, cancel and one
 * merged PDF numbered per document.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_DOCUMENT_SETTINGS, type Language } from '../../../../shared/contract'
import type { BatchProgress } from '../../../../shared/contract/documents'
import {
  openCacheDatabase,
  type CacheDatabase,
} from '../../../../electron/services/cache/cacheDatabase'
import { CACHE_MIGRATIONS } from '../../../../electron/services/cache/cacheSchema'
import {
  createDocumentsService,
  type DocumentOutputPort,
  type DocumentsService,
} from '../../../../electron/services/documents/documentsService'
import { translatorFor } from '../../../../electron/main/messages'
import {
  DEALER,
  delivery,
  NOVEMBER,
  order,
  pdfPages,
  pdfText,
  returnRecord,
  SHIPPED_AT,
  transactions,
} from './fixtures'

const compact = (text: string) => text.replace(/\s+/g, '')
let db: CacheDatabase
let now = SHIPPED_AT + 86_400_000
const progress: BatchProgress[] = []
const printed: string[] = []
let roles: ('admin' | 'orderer')[] = ['admin']

function service(output?: DocumentOutputPort, uiLanguage: Language = 'zh-CN'): DocumentsService {
  return createDocumentsService({
    database: () => db,
    dealer: () => ({ dealerId: 'd_sh', ...DEALER, roles }),
    documentSettings: async () => DEFAULT_DOCUMENT_SETTINGS,
    uiLanguage: async () => uiLanguage,
    translator: translatorFor,
    output,
    onBatchProgress: (event) => progress.push(event),
    clock: () => now++,
  })
}
const pdfOf = (contentBase64: string) => Buffer.from(contentBase64, 'base64')

beforeAll(async () => {
  db = await openCacheDatabase({
    file: join(await mkdtemp(join(tmpdir(), 'dealerdesk-documents-')), 'cache.sqlite'),
    migrations: CACHE_MIGRATIONS,
  })
  const insert = async (
    table: string,
    record: { id: string; number: string; status: string; createdAt: number; shippedAt?: number },
  ) =>
    await db.run(
      `INSERT INTO ${table} (id, number, status, created_at, modified_at, record) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        record.id,
        record.number,
        record.status,
        record.createdAt,
        record.createdAt,
        JSON.stringify(record),
      ],
    )
  for (let index = 0; index < 25; index++) {
    const record = delivery(
      index === 0 ? 3 : 40,
      `dv${index}`,
      `DN20261122-${String(index + 1).padStart(4, '0')}`,
    )
    await insert('deliveries', { ...record, shippedAt: SHIPPED_AT + index * 1000 })
  }
  await insert('orders', order())
  await insert('returns', returnRecord())
  for (const movement of transactions(4)) {
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

describe('documents service', () => {
  it('renders a preview from the cache in the UI language without recording it', async () => {
    const documents = service()
    const rendered = await documents.render({ kind: 'shipping', id: 'dv0', purpose: 'preview' })
    expect(rendered).toMatchObject({
      fileName: '发货单_DN20261122-0001.pdf',
      pageCount: 1,
      printCount: 0,
    })
    expect(pdfText(pdfOf(rendered.contentBase64))).toContain('圆顶机')
    expect(await documents.history({ kind: 'shipping', id: 'dv0' })).toEqual([])
  })

  it('records saves and prints and marks the reprint with the count', async () => {
    const documents = service()
    const first = await documents.render({
      kind: 'shipping',
      id: 'dv0',
      purpose: 'save',
      language: 'en-US',
    })
    expect(first.printCount).toBe(0)
    expect(pdfText(pdfOf(first.contentBase64))).not.toContain('Reprint')
    const second = await documents.render({
      kind: 'shipping',
      id: 'dv0',
      purpose: 'print',
      language: 'bilingual',
    })
    expect(second.printCount).toBe(1)
    expect(pdfText(pdfOf(second.contentBase64))).toContain('重印 (1) Reprint (1)')
    const history = await documents.history({ kind: 'shipping', id: 'dv0' })
    expect(history).toEqual([
      { printedAt: expect.any(Number), purpose: 'print', language: 'bilingual' },
      { printedAt: expect.any(Number), purpose: 'save', language: 'en-US' },
    ])
    const row = await db.get<{ record: string; copies: number }>(
      "SELECT record, copies FROM print_log WHERE document_id = 'dv0' ORDER BY id LIMIT 1",
    )
    expect(row?.copies).toBe(1)
    expect(JSON.parse(row!.record)).toEqual({
      purpose: 'save',
      language: 'en-US',
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
    })
  })

  it('renders the order confirmation, the return slip and the statement', async () => {
    const documents = service(undefined, 'en-US')
    const confirmation = await documents.render({
      kind: 'orderConfirmation',
      id: 'o1',
      purpose: 'preview',
    })
    expect(confirmation.fileName).toBe('order-confirmation_SO20261120-0042.pdf')
    const slip = await documents.render({
      kind: 'returnSlip',
      id: 'r1',
      purpose: 'preview',
      language: 'zh-CN',
    })
    expect(pdfText(pdfOf(slip.contentBase64))).toContain('RT20261123-0003')
    const statement = await documents.render({
      kind: 'statement',
      period: NOVEMBER,
      purpose: 'save',
    })
    expect(statement.fileName).toBe('statement_STSH001-20261101-20261130.pdf')
    expect(compact(pdfText(pdfOf(statement.contentBase64)))).toContain(
      'Opening+movements=closing:reconciled',
    )
    expect(
      await documents.history({ kind: 'statement', id: `${NOVEMBER.from}-${NOVEMBER.to}` }),
    ).toHaveLength(1)
  })

  it('refuses what it cannot print', async () => {
    const documents = service()
    await expect(
      documents.render({ kind: 'shipping', id: 'missing', purpose: 'preview' }),
    ).rejects.toMatchObject({ code: 'resource.notFound' })
    await expect(documents.render({ kind: 'shipping', purpose: 'preview' })).rejects.toMatchObject({
      code: 'documents.requestInvalid',
    })
    await expect(
      documents.render({ kind: 'statement', period: { from: 10, to: 10 }, purpose: 'preview' }),
    ).rejects.toMatchObject({ code: 'account.periodInvalid' })
    await expect(documents.print({ kind: 'shipping', id: 'dv0' })).rejects.toMatchObject({
      code: 'documents.printUnavailable',
    })
    await expect(documents.savePdf({ kind: 'shipping', id: 'dv0' })).rejects.toMatchObject({
      code: 'documents.saveDialogUnavailable',
    })
    roles = ['orderer']
    await expect(
      documents.render({ kind: 'statement', period: NOVEMBER, purpose: 'preview' }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' })
    roles = ['admin']
  })

  it('prints and saves through the platform output, recording only what went out', async () => {
    const answers = { printed: false, path: null as string | null }
    const documents = service({
      print: async (_pdf, title) => (printed.push(title), answers.printed),
      saveWithDialog: async () => answers.path,
    })
    expect(await documents.print({ kind: 'returnSlip', id: 'r1' })).toEqual({ printed: false })
    expect(await documents.savePdf({ kind: 'returnSlip', id: 'r1' })).toEqual({
      saved: false,
      path: null,
    })
    expect(await documents.history({ kind: 'returnSlip', id: 'r1' })).toEqual([])
    answers.printed = true
    answers.path = '/tmp/slip.pdf'
    expect(await documents.print({ kind: 'returnSlip', id: 'r1' })).toEqual({ printed: true })
    expect(await documents.savePdf({ kind: 'returnSlip', id: 'r1' })).toEqual({
      saved: true,
      path: '/tmp/slip.pdf',
    })
    expect(
      (await documents.history({ kind: 'returnSlip', id: 'r1' })).map((entry) => entry.purpose),
    ).toEqual(['save', 'print'])
  })

  it('runs a batch with progress into one PDF numbered per document', async () => {
    const documents = service()
    progress.length = 0
    const ids = ['dv1', 'dv2', 'dv3']
    const { jobId, total } = await documents.batchStart({
      kind: 'shipping',
      ids,
      mode: 'save',
      language: 'zh-CN',
    })
    expect(total).toBe(3)
    await expect.poll(() => progress.at(-1)?.state, { timeout: 30_000 }).toBe('done')
    expect(progress.filter((event) => event.jobId === jobId).map((event) => event.done)).toEqual([
      0, 1, 2, 3, 3,
    ])
    const result = await documents.batchResult({ jobId })
    const pdf = pdfOf(result.contentBase64)
    expect(pdfPages(pdf)).toBe(result.pageCount)
    const perDocument = result.pageCount / 3
    expect(Number.isInteger(perDocument)).toBe(true)
    expect(compact(pdfText(pdf, 1))).toContain(`第1/${perDocument}页`)
    expect(compact(pdfText(pdf, perDocument + 1))).toContain('DN20261122-0003')
    expect(compact(pdfText(pdf, perDocument + 1))).toContain(`第1/${perDocument}页`)
    expect(await documents.history({ kind: 'shipping', id: 'dv2' })).toHaveLength(1)
  }, 60_000)

  it('selects a batch by ship date, and cancels between documents', async () => {
    const documents = service()
    progress.length = 0
    const { jobId, total } = await documents.batchStart({
      kind: 'shipping',
      period: { from: SHIPPED_AT + 4000, to: SHIPPED_AT + 24_000 },
      mode: 'print',
    })
    expect(total).toBe(20)
    await expect
      .poll(() => progress.some((event) => event.done >= 2), { timeout: 30_000 })
      .toBe(true)
    expect(await documents.batchCancel({ jobId })).toEqual({ cancelled: true })
    await expect.poll(() => progress.at(-1)?.state, { timeout: 30_000 }).toBe('cancelled')
    expect(progress.at(-1)!.done).toBeLessThan(20)
    await expect(documents.batchResult({ jobId })).rejects.toMatchObject({
      code: 'documents.jobNotFinished',
    })
    await expect(documents.batchResult({ jobId: 'nope' })).rejects.toMatchObject({
      code: 'documents.jobNotFound',
    })
    await expect(
      documents.batchStart({ kind: 'shipping', period: { from: 0, to: 1 }, mode: 'save' }),
    ).rejects.toMatchObject({ code: 'documents.batchEmpty' })
    await expect(
      documents.batchStart({ kind: 'shipping', ids: ['dv1', 'missing'], mode: 'save' }),
    ).rejects.toMatchObject({ code: 'resource.notFound' })
  }, 60_000)
})
