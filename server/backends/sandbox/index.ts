/**
 * The sandbox engine: every area wired over one sql.js database and one clock, synchronous (a
 * mutation that does not await is atomic). `createSandboxPortal` (portal.ts) puts the
 * PortalBackend port over it; server/sandbox.ts seeds, persists and serves it.
 */
import { createHash } from 'node:crypto'
import { createAccount } from './account'
import { createApprovals } from './approvals'
import { createAuth } from './auth'
import { createCatalog } from './catalog'
import { createContext } from './context'
import type { SandboxDatabase } from './database'
import { createDealers } from './dealers'
import { createDeliveries } from './deliveries'
import { createHeldOrders } from './heldOrders'
import { createIdempotencyStore } from './idempotency'
import { createInvoices } from './invoices'
import { createLedger } from './ledger'
import { createOperations } from './operations'
import { createOrders } from './orders'
import { createPricing } from './pricing'
import { createReturns } from './returns'
import { createStatements } from './statements'

/** Tables that make up the business state (sessions and idempotency records excluded). */
const CHECKSUM_TABLES = [
  'users',
  'dealers',
  'memberships',
  'addresses',
  'invoice_profiles',
  'categories',
  'products',
  'price_lists',
  'price_list_assignments',
  'price_list_items',
  'tombstones',
  'accounts',
  'transactions',
  'orders',
  'deliveries',
  'returns',
  'invoice_requests',
  'document_sequences',
  'statement_periods',
  'approval_rules',
]

export type SandboxEngine = ReturnType<typeof createSandboxBackend>

export function createSandboxBackend(
  db: SandboxDatabase,
  clock: () => number,
  onChange: () => void = () => {},
) {
  let notify = onChange
  const ctx = createContext(db, clock, () => notify())
  const dealers = createDealers(ctx)
  const ledger = createLedger(ctx)
  const catalog = createCatalog(ctx)
  const approvals = createApprovals(ctx, { dealers })
  const orders = createOrders(ctx, { catalog, ledger, dealers, approvals })
  const deliveries = createDeliveries(ctx, { orders, ledger })
  const returns = createReturns(ctx, { orders, ledger })
  const invoices = createInvoices(ctx, { orders })
  const account = createAccount(ctx, { ledger, dealers })
  const statements = createStatements(ctx, { account })
  return {
    db,
    ctx,
    auth: createAuth(ctx),
    dealers,
    ledger,
    catalog,
    orders,
    approvals,
    heldOrders: createHeldOrders(ctx, { orders }),
    deliveries,
    returns,
    invoices,
    account,
    statements,
    pricing: createPricing(ctx),
    idempotency: createIdempotencyStore(ctx),
    operations: createOperations(ctx),
    /** Swaps the clock (the seed replays history in the past). */
    setClock: ctx.setClock,
    onChange(listener: () => void) {
      notify = listener
    },
    /** SHA-256 over the business tables in primary-key order: same seed → same checksum. */
    checksum(): string {
      const hash = createHash('sha256')
      for (const table of CHECKSUM_TABLES) {
        hash.update(`#${table}\n`)
        for (const row of db.values(`SELECT * FROM ${table} ORDER BY 1, 2, 3`))
          hash.update(JSON.stringify(row)).update('\n')
      }
      return hash.digest('hex')
    },
  }
}
