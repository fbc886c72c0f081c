/**
 * The account area over a cache holding 100,000 transactions (one year, three account types):
 * - account.statementMonth.ms: the statement of one month computed and reconciled from the cache
 *   (the gateway cross-check is left out: it is network time); median of 5.
 * - account.flowPage.ms: the first page (300 rows) of the flow filtered by account type; median of 5.
 * - account.exportMonthXlsx.ms: the flow of one month exported as XLSX; median of 3.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Transaction } from '../shared/api'
import { statementPeriod } from '../shared/domain/statement'
import { translatorFor } from '../electron/main/messages'
import { createAccountService } from '../electron/services/account/accountService'
import { openCacheDatabase } from '../electron/services/cache/cacheDatabase'
import { createFeedRepository } from '../electron/services/cache/cacheRepositories'
import { CACHE_MIGRATIONS } from '../electron/services/cache/cacheSchema'
import { defineSuite, percentile, timeMs } from './harness'

const COUNT = 100_000
const YEAR_MS = 365 * 86_400_000
const TYPES = ['deposit', 'rebate', 'credit'] as const

function flow(now: number): Transaction[] {
  const figures = { deposit: 0, rebate: 0, credit: 0 }
  return Array.from({ length: COUNT }, (_, index) => {
    const accountType = TYPES[index % 3]!
    const amount = index % 4 === 0 ? 250_000 : -((index * 7919) % 60_000)
    figures[accountType] += amount
    return {
      id: `TX${String(index).padStart(9, '0')}`,
      at: now - YEAR_MS + Math.floor((index * YEAR_MS) / COUNT),
      accountType,
      type: amount > 0 ? 'topUp' : 'orderDeduction',
      amount,
      lockedChange: 0,
      balanceAfter: figures[accountType],
      availableAfter: figures[accountType],
      documentType: amount > 0 ? 'topUp' : 'order',
      documentId: amount > 0 ? null : `o_${index}`,
      documentNumber: `SO${String(index).padStart(10, '0')}`,
      note: null,
    }
  })
}

export default defineSuite({
  name: 'account',
  ids: ['account.statementMonth.ms', 'account.flowPage.ms', 'account.exportMonthXlsx.ms'],
  async run() {
    const directory = await mkdtemp(join(tmpdir(), 'dealerdesk-bench-account-'))
    try {
      const db = await openCacheDatabase({
        file: join(directory, 'cache.sqlite'),
        migrations: CACHE_MIGRATIONS,
      })
      const now = Date.now()
      const repo = createFeedRepository<Transaction>(db, 'transactions', (item) => ({
        id: item.id,
        at: item.at,
        account_type: item.accountType,
        type: item.type,
        amount: item.amount,
      }))
      await repo.upsertMany(flow(now))
      const service = createAccountService({
        database: () => db,
        dealer: () => ({ dealerId: 'd_bench', roles: ['accountant'] }),
        remoteStatement: () => Promise.reject(new Error('offline')),
        translator: translatorFor,
      })
      const period = statementPeriod('lastMonth', now)
      const statement: number[] = []
      const page: number[] = []
      const xlsx: number[] = []
      for (let run = 0; run < 5; run++) {
        statement.push(await timeMs(() => service.statement(period)))
        page.push(
          await timeMs(() =>
            service.transactions({ accountType: 'rebate', offset: 0, limit: 300 }),
          ),
        )
      }
      for (let run = 0; run < 3; run++) {
        xlsx.push(
          await timeMs(() =>
            service.export({ kind: 'flow', format: 'xlsx', language: 'zh-CN', filter: period }),
          ),
        )
      }
      return [
        {
          id: 'account.statementMonth.ms',
          value: percentile(statement, 50),
          unit: 'ms',
          better: 'lower',
        },
        { id: 'account.flowPage.ms', value: percentile(page, 50), unit: 'ms', better: 'lower' },
        {
          id: 'account.exportMonthXlsx.ms',
          value: percentile(xlsx, 50),
          unit: 'ms',
          better: 'lower',
        },
      ]
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  },
})
