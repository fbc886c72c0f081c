/**
 * Mirrors one dealer's data from the gateway into its cache database.
 *
 * Each feed is synced incrementally from its stored cursor (since = modifiedAt, after = id). A page
 * and its cursor are one atomic batch written by the cache worker (cacheWorker.ts) while this
 * thread fetches and parses the next page, so the bridge keeps answering; a crash resumes at the
 * last complete page. Price lists and their items
 * are fetched alongside the products, so the catalog's first rows carry their prices. The cache
 * file is written once, right after the run (the outbox, not the cache, holds what must not be
 * lost): a run resolves when its data is queryable, `persisted()` when the image is on disk. A full sync (on demand, on a new or rebuilt cache, or the
 * first time a feed is seen) reads the feed from the start and then removes local records the
 * gateway no longer has. Feeds the user's role may not read are skipped, not failed.
 *
 * Errors: the run stops at the first failure and reports it in `lastError` (a PortalError code,
 * e.g. `upstream.unreachable`); what was applied before stays applied.
 */
import type {
  ApprovalRuleState,
  Balances,
  FeedCursor,
  FeedEntry,
  Order,
  PortalRouteName,
  PriceList,
  Role,
  StatementPeriod,
  Transaction,
} from '../../../shared/api'
import { PortalError } from '../../../shared/contract'
import type { FeedProgress, SyncFeed, SyncStatus } from '../../../shared/contract/workspace'
import type { CacheDatabase, CacheStatement } from '../cache/cacheDatabase'
import {
  createCursorStore,
  createFeedRepository,
  createMetaStore,
  createPriceItemRepository,
  type FeedRepository,
} from '../cache/cacheRepositories'
import type { UpstreamClient } from '../upstream/upstreamClient'
import {
  deliveryFeed,
  invoiceRequestFeed,
  mayCall,
  orderFeed,
  priceItemFeed,
  priceListFeed,
  productFeed,
  returnFeed,
  type AbsorbableFeed,
  type FeedDefinition,
} from './feeds'
import { ABSORBABLE_FEEDS } from './feeds'
import { storeApprovalRule } from './approvalRuleCache'
import { nextTurn } from '../turns'
import {
  pageStatusChanges,
  replacedHeldIds,
  type OrderStatusTransition,
} from './orderStatusTransitions'

export type { AbsorbableFeed } from './feeds'
export type { OrderStatusTransition } from './orderStatusTransitions'

export const LAST_SYNCED_META_KEY = 'lastSyncedAt'

/** Records encoded per task (see pageThrough); a page's slices still go as one atomic batch. */
const ENCODE_SLICE = 250
/** Resolves in a later turn of the event loop (after timers and I/O waiting meanwhile). */

export interface SyncEngineDependencies {
  db: CacheDatabase
  dealerId: string
  roles: readonly Role[]
  client: () => UpstreamClient
  clock?: () => number
  pageSize?: number
  onProgress?(status: SyncStatus): void
  /** Feeds whose cached data changed in a run (for the renderer to reload what it shows). */
  onApplied?(feeds: SyncFeed[]): void
  /**
   * Orders already cached whose status a page changed (new orders are not reported); called after
   * the page committed.
   */
  onOrderStatusChanged?(changes: OrderStatusTransition[]): void
  /**
   * Orders a page brought that were not cached and await the dealer's approval (not on the first
   * read into an empty cache); called after the page committed.
   */
  onOrdersAwaitingApproval?(orders: Order[]): void
  /** The same for returns and invoice requests (`orderId` is the document's id). */
  onDocumentStatusChanged?(
    table: 'returns' | 'invoice_requests',
    changes: OrderStatusTransition[],
  ): void
}

export interface SyncEngine {
  status(): SyncStatus
  /** Runs a sync; a call while one runs joins it. Never rejects: failures are in `lastError`. */
  sync(options?: { full?: boolean }): Promise<SyncStatus>
  /**
   * Writes a document the gateway just returned for a submission (the created return, the
   * cancelled order…) into the cache at once, so the screens that follow find it before the next
   * sync; a cached row modified later is kept. Cursors do not move: the next sync still reads it.
   * Resolves to whether the row was written.
   */
  absorb(feed: AbsorbableFeed, record: { id: string; modifiedAt: number }): Promise<boolean>
  /**
   * Resolves once the image written after the last run is on disk (a run resolves as soon as its
   * data is queryable; the write follows it). Never rejects.
   */
  persisted(): Promise<void>
}

type PageResult<R> = { items: FeedEntry<R>[]; nextCursor: FeedCursor | null }

export function createSyncEngine(deps: SyncEngineDependencies): SyncEngine {
  const { db, dealerId } = deps
  const clock = deps.clock ?? Date.now
  // Pages of 1,000: each is parsed and validated in one go on the event loop (5,000 held it
  // ~100 ms); the next page is always already on its way, so round trips do not add up.
  const pageSize = deps.pageSize ?? 1000
  const cursors = createCursorStore(db, clock)
  const meta = createMetaStore(db)
  const repositories = new Map<string, FeedRepository<unknown>>()
  let running: Promise<SyncStatus> | null = null
  let current: SyncStatus = {
    dealerId,
    running: false,
    lastSyncedAt: null,
    feeds: [],
    lastError: null,
  }
  const loaded = meta.get(LAST_SYNCED_META_KEY).then(
    (value) => {
      if (current.lastSyncedAt === null)
        current = { ...current, lastSyncedAt: Number(value) || null }
    },
    () => undefined,
  )

  function repository<R>(definition: FeedDefinition<R>): FeedRepository<R> {
    let repo = repositories.get(definition.table)
    if (!repo) {
      repo =
        definition.table === 'price_items'
          ? createPriceItemRepository(db, definition.toColumns as never, clock)
          : createFeedRepository(db, definition.table, definition.toColumns as never)
      repositories.set(definition.table, repo)
    }
    return repo as FeedRepository<R>
  }

  function publish(next: Partial<SyncStatus>): void {
    current = { ...current, ...next }
    deps.onProgress?.(current)
  }

  function progress(feed: SyncFeed, change: Partial<FeedProgress>): void {
    const feeds = current.feeds.map((entry) =>
      entry.feed === feed ? { ...entry, ...change } : entry,
    )
    publish({ feeds })
  }

  /**
   * Pages through one change feed from its cursor. `scope` limits the sweep of a full sync to the
   * rows of one price list. Returns the number of records applied.
   *
   * Pipelined: a page's statements (records, tombstones, cursor) go to the cache worker as one
   * atomic batch; while the worker writes it, this thread fetches, parses and encodes the next
   * page (at most one batch in flight per feed).
   */
  async function pageThrough<R extends { id: string }>(
    feed: SyncFeed,
    cursorKey: string,
    definition: FeedDefinition<R>,
    params: Record<string, string>,
    full: boolean,
    scope?: { column: string; value: string },
  ): Promise<number> {
    const repo = repository(definition)
    const stored = full ? undefined : await cursors.get(cursorKey)
    const where = scope ? ` WHERE ${scope.column} = ?` : ''
    const scopeParams = scope ? [scope.value] : []
    // A full read that starts from an empty table has nothing stale to sweep afterwards.
    const fullRead = !stored?.fullSyncDone
    const sweep =
      fullRead && (await db.get(`SELECT 1 FROM ${definition.table}${where} LIMIT 1`, scopeParams))
        ? new Set<string>()
        : null
    // The first read into an empty table (a new cache): everything in it is new, nothing arrived.
    const firstRead = fullRead && sweep === null
    // A full read resumed after a failed or interrupted run: the rows up to its cursor came with
    // the pages read before, which this run does not read again; they are not swept.
    const resumedAt = fullRead && !full && stored && stored.since !== null ? stored : null
    let since = stored?.since ?? 0
    let after = stored?.after ?? undefined
    let applied = 0
    const fetchPage = (from: number, fromAfter: string | undefined) =>
      deps.client().call(definition.route as PortalRouteName, {
        params,
        query: { since: from, after: fromAfter, limit: pageSize },
      }) as unknown as Promise<PageResult<R>>
    let pending = fetchPage(since, after)
    let writing: Promise<void> = Promise.resolve()
    try {
      for (;;) {
        const page = await pending
        // Ask for the next page before applying this one, so the gateway works while we write.
        if (page.nextCursor) {
          pending = fetchPage(page.nextCursor.since, page.nextCursor.after)
          // Handled when awaited next turn; if this page's write fails first, it is dropped quietly.
          pending.catch(() => undefined)
        }
        const last = page.items.at(-1)
        const next =
          page.nextCursor ??
          (last ? { since: last.modifiedAt, after: last.id } : { since, after: after ?? '' })
        const records: R[] = []
        const removed: string[] = []
        for (const entry of page.items) {
          if (entry.deleted) removed.push(entry.id)
          else records.push(entry.record)
        }
        // The records are encoded in slices, each its own task, so the event loop answers between
        // them (a page of 1,000 products encoded at once held it ~10–20 ms, more with another
        // feed's page queued behind); while the worker still writes the previous page.
        const upserts: CacheStatement[] = []
        for (let from = 0; from < records.length; from += ENCODE_SLICE) {
          await nextTurn()
          upserts.push(...repo.upsertStatements(records.slice(from, from + ENCODE_SLICE)))
        }
        // Statuses before this page, read once the previous page is written (the worker runs
        // calls in order).
        await writing
        const announced =
          definition.table === 'orders'
            ? Boolean(deps.onOrderStatusChanged)
            : (definition.table === 'returns' || definition.table === 'invoice_requests') &&
              Boolean(deps.onDocumentStatusChanged)
        const isOrders = definition.table === 'orders'
        const watchArrivals = isOrders && Boolean(deps.onOrdersAwaitingApproval) && !firstRead
        const { transitions, arrivedAwaitingApproval } =
          (announced || watchArrivals) && records.length
            ? await pageStatusChanges(
                db,
                records as unknown as Order[],
                definition.table as 'orders' | 'returns' | 'invoice_requests',
              )
            : { transitions: [], arrivedAwaitingApproval: [] }
        // An order approved under a new id replaces its held record (whose tombstone follows).
        const replaced = isOrders ? replacedHeldIds(records as unknown as Order[]) : []
        // One batch, even for an empty page (it moves the cursor).
        const statements = [
          ...upserts,
          ...repo.deleteStatements([...removed, ...replaced]),
          cursors.setStatement(cursorKey, { since: next.since, after: next.after || null }),
        ]
        writing = db.batch(statements).then(() => {
          if (watchArrivals && arrivedAwaitingApproval.length) {
            const arrived = new Set(arrivedAwaitingApproval)
            deps.onOrdersAwaitingApproval?.(
              (records as unknown as Order[]).filter((order) => arrived.has(order.id)),
            )
          }
          if (!announced || !transitions.length) return
          if (definition.table === 'orders') deps.onOrderStatusChanged?.(transitions)
          else if (definition.table === 'returns' || definition.table === 'invoice_requests')
            deps.onDocumentStatusChanged?.(definition.table, transitions)
        })
        // Awaited before the next batch (or in `finally`); not reported as unhandled meanwhile,
        // while the next page is fetched and encoded.
        writing.catch(() => undefined)
        for (const record of records) sweep?.add(record.id)
        applied += page.items.length
        progress(feed, {
          done: (current.feeds.find((entry) => entry.feed === feed)?.done ?? 0) + page.items.length,
        })
        if (!page.nextCursor) break
        since = next.since
        after = next.after
      }
    } finally {
      // A failed fetch still lets the page in flight finish (its error, if any, wins).
      await writing
    }
    if (fullRead) {
      const gone: string[] = []
      if (sweep) {
        // Read in slices by rowid (each slice is one message to the worker).
        for (let afterRowid = 0; ;) {
          const rows = await db.all<{ r: number; id: string }>(
            `SELECT rowid AS r, id FROM ${definition.table} WHERE rowid > ?${scope ? ` AND ${scope.column} = ?` : ''}${resumedAt ? ' AND (modified_at > ? OR (modified_at = ? AND id > ?))' : ''} ORDER BY rowid LIMIT 5000`,
            [
              afterRowid,
              ...scopeParams,
              ...(resumedAt ? [resumedAt.since, resumedAt.since, resumedAt.after ?? ''] : []),
            ],
          )
          for (const row of rows) if (!sweep.has(row.id)) gone.push(row.id)
          if (rows.length < 5000) break
          afterRowid = rows.at(-1)!.r
        }
      }
      const cursor = await cursors.get(cursorKey)
      await db.batch([
        ...repo.deleteStatements(gone),
        cursors.setStatement(cursorKey, {
          since: cursor?.since ?? null,
          after: cursor?.after ?? null,
          fullSyncDone: true,
        }),
      ])
      applied += gone.length
    }
    return applied
  }

  async function syncPriceLists(full: boolean): Promise<number> {
    let applied = await pageThrough('priceLists', 'priceLists', priceListFeed, { dealerId }, full)
    const rows = await db.all<{ id: string; record: string }>('SELECT id, record FROM price_lists')
    const known = new Set(rows.map((list) => list.id))
    // The list that wins a product's price (lowest priority number) first: a price the catalog
    // shows while the sync runs is the one it keeps.
    const lists = rows
      .map((row) => JSON.parse(row.record) as PriceList)
      .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    // A first (full) read goes list by list, winner first; later runs ask every list at once
    // (one round trip for an incremental run, not one per list).
    const stored = new Map((await cursors.list()).map((cursor) => [cursor.feed, cursor]))
    const together =
      !full && lists.every((list) => stored.get(`priceItems:${list.id}`)?.fullSyncDone)
    const syncItems = (record: PriceList) =>
      pageThrough(
        'priceItems',
        `priceItems:${record.id}`,
        priceItemFeed,
        { dealerId, id: record.id },
        full,
        {
          column: 'price_list_id',
          value: record.id,
        },
      )
    if (together) {
      for (const count of await Promise.all(lists.map(syncItems))) applied += count
    } else {
      for (const record of lists) applied += await syncItems(record)
    }
    // Items of lists no longer assigned to the dealer go, with their cursors.
    for (const cursor of stored.values()) {
      const listId = cursor.feed.startsWith('priceItems:')
        ? cursor.feed.slice('priceItems:'.length)
        : null
      if (listId && !known.has(listId)) {
        const [removed] = await db.batch([
          { sql: 'DELETE FROM price_items WHERE price_list_id = ?', params: [listId] },
          { sql: 'DELETE FROM sync_cursors WHERE feed = ?', params: [cursor.feed] },
        ])
        applied += removed ?? 0
      }
    }
    return applied
  }

  async function syncBalances(): Promise<number> {
    const balances: Balances = await deps.client().call('balances', { params: { dealerId } })
    const previous = (await db.get<{ record: string }>('SELECT record FROM balances WHERE id = 1'))
      ?.record
    const record = JSON.stringify(balances)
    await db.run(
      'INSERT INTO balances (id, updated_at, record) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, record = excluded.record',
      [clock(), record],
    )
    progress('balances', { done: 1, total: 1 })
    const strip = (text: string | undefined) => text?.replace(/"asOf":\d+,?/, '')
    return strip(previous) === strip(record) ? 0 : 1
  }

  /** The transaction flow is append-only and ordered by id: page on with `after`. */
  async function syncTransactions(full: boolean): Promise<number> {
    const stored = full ? undefined : await cursors.get('transactions')
    let after = stored?.after ?? undefined
    let applied = 0
    const repo = createFeedRepository<Transaction>(db, 'transactions', (transaction) => ({
      id: transaction.id,
      at: transaction.at,
      account_type: transaction.accountType,
      type: transaction.type,
      amount: transaction.amount,
    }))
    for (;;) {
      const page = await deps
        .client()
        .call('transactions', { params: { dealerId }, query: { after, limit: pageSize } })
      const last = page.items.at(-1)?.id ?? after ?? null
      await db.batch([
        ...repo.upsertStatements(page.items),
        cursors.setStatement('transactions', { since: null, after: last, fullSyncDone: true }),
      ])
      applied += page.items.length
      progress('transactions', { done: applied })
      if (!page.nextAfter) break
      after = page.nextAfter
    }
    return applied
  }

  /** The issued statement periods: a short list, replaced whole. */
  async function syncStatementPeriods(): Promise<number> {
    let items: StatementPeriod[]
    try {
      ;({ items } = await deps.client().call('statementPeriods', { params: { dealerId } }))
    } catch (error) {
      // A gateway older than statement confirmation has no such route: no periods, not a failure.
      if (error instanceof PortalError && error.code === 'request.routeNotFound') return 0
      throw error
    }
    const rows = await db.all<{ period: string; record: string }>(
      'SELECT period, record FROM statement_periods',
    )
    const before = new Map(rows.map((row) => [row.period, row.record]))
    let changed = 0
    const statements: CacheStatement[] = []
    for (const item of items) {
      const record = JSON.stringify(item)
      if (before.get(item.period) !== record) changed++
      before.delete(item.period)
      statements.push({
        sql: `INSERT INTO statement_periods (period, status, modified_at, record) VALUES (?, ?, ?, ?)
           ON CONFLICT (period) DO UPDATE SET status = excluded.status,
             modified_at = excluded.modified_at, record = excluded.record`,
        params: [item.period, item.status, item.modifiedAt, record],
      })
    }
    for (const period of before.keys()) {
      statements.push({ sql: 'DELETE FROM statement_periods WHERE period = ?', params: [period] })
      changed++
    }
    // One atomic batch: the list is replaced whole.
    await db.batch(statements)
    progress('statementPeriods', { done: items.length, total: items.length })
    return changed
  }

  /** The dealer's approval rule (admins): one record, kept in `meta` so it reads offline. */
  async function syncApprovalRule(): Promise<number> {
    let state: ApprovalRuleState
    const requestedAt = clock()
    try {
      state = await deps.client().call('approvalRule', { params: { dealerId } })
    } catch (error) {
      // A gateway older than in-dealer approvals has no such route: nothing to cache.
      if (error instanceof PortalError && error.code === 'request.routeNotFound') return 0
      throw error
    }
    const changed = await storeApprovalRule(db, state, clock(), requestedAt)
    progress('approvalRule', { done: 1, total: 1 })
    return changed ? 1 : 0
  }

  type Step = { feed: SyncFeed; route: PortalRouteName; run: (full: boolean) => Promise<number> }
  const steps: Step[] = [
    {
      feed: 'products',
      route: 'products',
      run: (full) => pageThrough('products', 'products', productFeed, { dealerId }, full),
    },
    { feed: 'priceLists', route: 'priceLists', run: syncPriceLists },
    { feed: 'balances', route: 'balances', run: syncBalances },
    { feed: 'transactions', route: 'transactions', run: syncTransactions },
    { feed: 'statementPeriods', route: 'statementPeriods', run: syncStatementPeriods },
    { feed: 'approvalRule', route: 'approvalRule', run: syncApprovalRule },
    {
      feed: 'orders',
      route: 'orders',
      run: (full) => pageThrough('orders', 'orders', orderFeed, { dealerId }, full),
    },
    {
      feed: 'deliveries',
      route: 'deliveries',
      run: (full) => pageThrough('deliveries', 'deliveries', deliveryFeed, { dealerId }, full),
    },
    {
      feed: 'returns',
      route: 'returns',
      run: (full) => pageThrough('returns', 'returns', returnFeed, { dealerId }, full),
    },
    {
      feed: 'invoiceRequests',
      route: 'invoiceRequests',
      run: (full) =>
        pageThrough('invoiceRequests', 'invoiceRequests', invoiceRequestFeed, { dealerId }, full),
    },
  ]

  async function run(full: boolean): Promise<SyncStatus> {
    await loaded
    const allowed = steps.filter((step) => mayCall(step.route, deps.roles))
    // Price list items are paged inside the price-list step but reported as a feed of their own.
    const feeds = allowed.flatMap((step) =>
      step.feed === 'priceLists' ? ['priceLists', 'priceItems'] : [step.feed],
    ) as SyncFeed[]
    publish({
      running: true,
      lastError: null,
      feeds: feeds.map((feed) => ({ feed, done: 0, total: null, finished: false })),
    })
    const changed: SyncFeed[] = []
    const runStep = async (step: Step) => {
      const applied = await step.run(full)
      if (applied > 0) changed.push(step.feed)
      progress(step.feed, { finished: true })
      if (step.feed === 'priceLists') progress('priceItems', { finished: true })
    }
    // One write of the file at the end of the run, not one every few seconds during it.
    const release = db.holdPersist()
    try {
      // Every feed at once (each has its own table and cursor; the worker writes one batch at a
      // time): the catalog's products and prices land together, the small feeds do not wait for
      // them, and an incremental run costs about one round trip, not one per feed.
      const settled = await Promise.allSettled(allowed.map(runStep))
      const failed = settled.find((outcome) => outcome.status === 'rejected')
      if (failed) throw failed.reason
      const finishedAt = clock()
      await meta.set(LAST_SYNCED_META_KEY, String(finishedAt))
      release()
      // Everything is queryable now: the run is done. The image is written right after (the
      // outbox, not the cache, holds what must not be lost; a crash before it only means the next
      // run fetches these pages again). No reopen after a large full sync: measured at 100k, a
      // fresh worker (its own copy of the file and its own search index, built before the switch)
      // cost more memory than the heap it gave back (rss 548 / peak 953 MB with it, 476 / 682
      // without).
      persistAfterRun()
      publish({ running: false, lastSyncedAt: finishedAt })
    } catch (error) {
      const lastError =
        error instanceof PortalError
          ? error.toData()
          : { code: 'app.unexpected', params: { message: String(error) } }
      publish({ running: false, lastError })
    } finally {
      release()
    }
    if (changed.length) deps.onApplied?.(changed)
    return current
  }

  /** The write of the image that follows a run (see `persisted`). */
  let persisting: Promise<void> = Promise.resolve()

  function persistAfterRun(): void {
    persisting = persisting
      // After the reads the run's end sets off (the catalog's, Home's) and the search index's
      // last pages: the export holds the worker for a moment (~0.1-0.4 s at 100k products).
      .then(() => db.flush({ whenIdle: true }))
      .catch((error: unknown) => {
        // The cache may have been closed meanwhile (sign-out): its close wrote the image.
        if (!String(error).includes('is closed')) console.error('sync: could not persist', error)
      })
  }

  async function absorb(
    feed: AbsorbableFeed,
    record: { id: string; modifiedAt: number },
  ): Promise<boolean> {
    const definition = ABSORBABLE_FEEDS[feed]
    const written = await db.transaction(async () => {
      const cached = await db.get<{ modified_at: number }>(
        `SELECT modified_at FROM ${definition.table} WHERE id = ?`,
        [record.id],
      )
      if (cached && Number(cached.modified_at) > record.modifiedAt) return false
      await repository(definition).upsertMany([record as never])
      // An approved order under a new id replaces its held record (see pageThrough).
      if (definition.table === 'orders') {
        const held = replacedHeldIds([record as unknown as Order])
        if (held.length) await repository(definition).deleteMany(held)
      }
      return true
    })
    if (written) deps.onApplied?.([feed])
    return written
  }

  return {
    status: () => current,
    persisted: () => persisting,
    absorb,
    sync(options = {}) {
      running ??= run(options.full === true).finally(() => {
        running = null
      })
      return running
    },
  }
}
