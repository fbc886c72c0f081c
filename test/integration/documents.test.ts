/**
 * Documents from a cache synced from the real sandbox: the shipping document of a synced delivery
 * carries its number, first product and total in capitals; the order confirmation and the
 * statement of the synced flow render; and everything works with the gateway gone (offline).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Delivery } from '../../shared/api'
import { DEFAULT_DOCUMENT_SETTINGS } from '../../shared/contract'
import { toChineseCapitalAmount } from '../../shared/domain/chineseAmount'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import type { CacheDatabase } from '../../electron/services/cache/cacheDatabase'
import {
  createDocumentsService,
  type DocumentsService,
} from '../../electron/services/documents/documentsService'
import { createSyncEngine } from '../../electron/services/sync/syncEngine'
import { translatorFor } from '../../electron/main/messages'
import { pdfText } from '../unit/services/documents/fixtures'
import { sandboxSession, temporaryCache } from './helpers'

let sandbox: RunningSandbox
let db: CacheDatabase
let documents: DocumentsService
const squash = (text: string) => text.replace(/\s+/g, ' ')

beforeAll(async () => {
  sandbox = await startSandbox({ products: 200, seed: 7 })
  const dataDirectory = await mkdtemp(join(tmpdir(), 'dealerdesk-documents-'))
  const session = sandboxSession(sandbox.url, dataDirectory)
  await session.login({
    server: { kind: 'url', url: sandbox.url },
    account: 'sh.admin',
    password: 'Demo@2026',
    remember: false,
  })
  db = await temporaryCache('documents')
  const engine = createSyncEngine({
    db,
    dealerId: 'd_sh',
    roles: ['admin'],
    client: () => session.client(),
  })
  expect((await engine.sync()).lastError).toBeNull()
  const dealer = session.state().dealers.find((candidate) => candidate.id === 'd_sh')!
  documents = createDocumentsService({
    database: () => db,
    dealer: () => ({
      dealerId: 'd_sh',
      code: dealer.code,
      nameZh: dealer.nameZh,
      nameEn: dealer.nameEn,
      roles: dealer.roles,
    }),
    documentSettings: async () => DEFAULT_DOCUMENT_SETTINGS,
    uiLanguage: async () => 'zh-CN',
    translator: translatorFor,
  })
  await sandbox.close() // everything below reads the cache only
}, 120_000)
afterAll(async () => {
  await db.close()
})

describe('documents from the synced cache (offline)', () => {
  it('prints the shipping document of a synced delivery', async () => {
    const row = await db.get<{ record: string }>(
      'SELECT record FROM deliveries ORDER BY created_at DESC LIMIT 1',
    )
    expect(row).toBeDefined()
    const delivery = JSON.parse(row!.record) as Delivery
    const rendered = await documents.render({ kind: 'shipping', id: delivery.id, purpose: 'save' })
    const text = squash(pdfText(Buffer.from(rendered.contentBase64, 'base64')))
    expect(text).toContain(delivery.number)
    expect(text).toContain(delivery.orderNumber)
    expect(text).toContain(delivery.lines[0]!.nameZh)
    expect(text).toContain(toChineseCapitalAmount(delivery.amount))
    expect(
      (await documents.render({ kind: 'shipping', id: delivery.id, purpose: 'preview' }))
        .printCount,
    ).toBe(1)
  })

  it('prints an order confirmation and the statement of the synced flow', async () => {
    const order = (await db.get<{ id: string; number: string }>(
      'SELECT id, number FROM orders ORDER BY created_at DESC LIMIT 1',
    ))!
    const confirmation = await documents.render({
      kind: 'orderConfirmation',
      id: order.id,
      purpose: 'preview',
      language: 'en-US',
    })
    expect(pdfText(Buffer.from(confirmation.contentBase64, 'base64'))).toContain(order.number)
    const span = (await db.get<{ first: number; last: number }>(
      'SELECT MIN(at) AS first, MAX(at) AS last FROM transactions',
    ))!
    const statement = await documents.render({
      kind: 'statement',
      period: { from: span.first, to: span.last + 1 },
      purpose: 'preview',
      language: 'bilingual',
    })
    const text = squash(pdfText(Buffer.from(statement.contentBase64, 'base64')))
    expect(text).toContain('对账单 Account statement')
    expect(text).toContain('期末余额')
    expect(statement.pageCount).toBeGreaterThanOrEqual(1)
  })
})
