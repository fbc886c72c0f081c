/**
 * The gateway database schema, one dialect (PostgreSQL) for PGlite and a PostgreSQL server.
 * Money is integer fen, times epoch ms (bigint). Migrations are numbered, applied in order inside
 * one transaction each, under an advisory lock so instances starting together migrate once.
 *
 * The mirror keeps ShareCRM's records as they came (`mirror_records`, one row per object and
 * `_id`, keyed by object: one table with an `object` column and per-object indexes instead of
 * twenty near-identical tables) and the Portal records derived from them (`feed_entries`, one row
 * per feed record, its JSON text ready to serve). `seq` is the gateway's own change sequence:
 * taken from `change_counter` by an UPDATE inside the writing transaction, so sequence order is
 * commit order (a bigserial is not: a transaction holding 10 may commit after one holding 11, and
 * a client that read 11 would skip 10 forever). Values are `max(previous + 1, now)`, so they read
 * as times in the client's cache while staying strictly increasing.
 */
import { STATEMENTS_MIGRATION } from '../statements'
import type { GatewayDb } from './driver'

const migrations: string[] = [
  `
  CREATE TABLE users (id text PRIMARY KEY, account text NOT NULL UNIQUE, display_name text NOT NULL,
    preferred_language text NOT NULL DEFAULT 'zh-CN', password_hash text NOT NULL,
    disabled boolean NOT NULL DEFAULT false, created_at bigint NOT NULL);
  CREATE TABLE memberships (user_id text NOT NULL REFERENCES users (id), dealer_id text NOT NULL,
    roles text NOT NULL, PRIMARY KEY (user_id, dealer_id));
  CREATE TABLE sessions (token_hash text PRIMARY KEY, kind text NOT NULL, user_id text NOT NULL,
    family text NOT NULL, expires_at bigint NOT NULL, revoked_at bigint, created_at bigint NOT NULL);
  CREATE INDEX sessions_family ON sessions (family);
  CREATE INDEX sessions_expiry ON sessions (expires_at);

  -- state: 'pending' from the claim until the answer is recorded ('done'); a pending row found
  -- by a new claim belongs to an attempt that died (the per-key lock is held by the new claim).
  CREATE TABLE idempotency (dealer_id text NOT NULL, key text NOT NULL, request_hash text NOT NULL,
    state text NOT NULL, status integer, body text, created_at bigint NOT NULL, completed_at bigint,
    PRIMARY KEY (dealer_id, key));

  CREATE TABLE meta (key text PRIMARY KEY, value jsonb NOT NULL);
  CREATE TABLE change_counter (id integer PRIMARY KEY, value bigint NOT NULL);
  INSERT INTO change_counter VALUES (1, 0);

  CREATE TABLE mirror_records (object text NOT NULL, id text NOT NULL, dealer_id text, parent_id text,
    modified_time bigint NOT NULL, life_status text, gone boolean NOT NULL, data jsonb NOT NULL,
    idempotency_key text, ref_id text, seq bigint NOT NULL, PRIMARY KEY (object, id));
  CREATE INDEX mirror_records_ref ON mirror_records (object, ref_id) WHERE ref_id IS NOT NULL;
  CREATE INDEX mirror_records_dealer ON mirror_records (object, dealer_id);
  CREATE INDEX mirror_records_parent ON mirror_records (object, parent_id);
  CREATE INDEX mirror_records_key ON mirror_records (object, idempotency_key) WHERE idempotency_key IS NOT NULL;

  -- scope: dealer id, price list id or '' for global feeds.
  CREATE TABLE feed_entries (feed text NOT NULL, scope text NOT NULL, id text NOT NULL, seq bigint NOT NULL,
    deleted boolean NOT NULL, json text, PRIMARY KEY (feed, scope, id));
  CREATE INDEX feed_entries_page ON feed_entries (feed, scope, seq, id);

  CREATE TABLE poller_state (object text PRIMARY KEY, cursor_time bigint NOT NULL DEFAULT 0,
    cursor_id text NOT NULL DEFAULT '', filled boolean NOT NULL DEFAULT false, rows bigint NOT NULL DEFAULT 0,
    calls bigint NOT NULL DEFAULT 0, last_poll_at bigint, last_error text, reconciled_at bigint,
    read_started_at bigint, read_complete boolean NOT NULL DEFAULT false);
  -- Who polls (for /health); the leadership itself is an advisory lock.
  CREATE TABLE leader (name text PRIMARY KEY, instance text NOT NULL, since bigint NOT NULL, heartbeat_at bigint NOT NULL);

  CREATE TABLE upstream_token (id integer PRIMARY KEY, token text NOT NULL, corp_id text NOT NULL,
    expires_at bigint NOT NULL, fetched_at bigint NOT NULL, fetches bigint NOT NULL DEFAULT 0);
  -- The per-interface call budget of ShareCRM, shared by all instances: a call holds its slot from
  -- its start until 20 s after it finished (finished_at null while it runs).
  CREATE TABLE call_slots (id bigserial PRIMARY KEY, interface text NOT NULL, started_at bigint NOT NULL, finished_at bigint);
  CREATE INDEX call_slots_interface ON call_slots (interface, started_at);

  -- Orders held for the dealer's own approval: only here until approved.
  CREATE TABLE held_orders (id text PRIMARY KEY, dealer_id text NOT NULL, created_by text NOT NULL,
    request jsonb NOT NULL, created_at bigint NOT NULL);
  `,
  STATEMENTS_MIGRATION,
  // Orders approved inside the dealer (server/backends/sharecrm/approvals.ts): the dealer's rule,
  // and per held order its state, the Portal record served in the orders feed, the key of the
  // submission that held it and the SalesOrderObj created once an admin approved it.
  `
  CREATE TABLE approval_rules (dealer_id text PRIMARY KEY, amount_above bigint, orderer_ids jsonb NOT NULL,
    modified_by text, modified_at bigint NOT NULL);
  ALTER TABLE held_orders ADD COLUMN status text NOT NULL DEFAULT 'awaiting_approval';
  ALTER TABLE held_orders ADD COLUMN idempotency_key text;
  ALTER TABLE held_orders ADD COLUMN order_json text;
  ALTER TABLE held_orders ADD COLUMN submitted_order_id text;
  CREATE INDEX held_orders_dealer ON held_orders (dealer_id, status, created_at);
  CREATE UNIQUE INDEX held_orders_key ON held_orders (dealer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  `,
  // Per-dealer readiness (mirror.ts): every stream read is numbered; a dealer is ready once every
  // stream has completed a read numbered at or after the read that first saw the dealer.
  `
  CREATE SEQUENCE mirror_reads;
  ALTER TABLE poller_state ADD COLUMN read_no bigint NOT NULL DEFAULT 0;
  ALTER TABLE poller_state ADD COLUMN complete_read_no bigint NOT NULL DEFAULT 0;
  CREATE TABLE mirror_dealers (dealer_id text PRIMARY KEY, first_read_no bigint NOT NULL,
    first_seen_at bigint NOT NULL, ready_at bigint);
  `,
]

export const SCHEMA_VERSION = migrations.length

export async function migrate(db: GatewayDb): Promise<void> {
  const lock = await db.lock('dealerdesk:migrate')
  try {
    await db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    )
    const rows = await db.query<{ version: number }>(
      'SELECT coalesce(max(version), 0) AS version FROM schema_migrations',
    )
    const current = Number(rows[0]?.version ?? 0)
    for (let version = current; version < migrations.length; version++) {
      await db.transaction(async (tx) => {
        for (const statement of splitStatements(migrations[version] as string))
          await tx.query(statement)
        await tx.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
          version + 1,
          Date.now(),
        ])
      })
    }
  } finally {
    await lock.release()
  }
}

/** Statements of a migration (no `;` inside literals in our migrations; `--` comments dropped). */
function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(';')
    .map((statement) => statement.trim())
    .filter(Boolean)
}

/**
 * `count` new change-sequence values for the calling transaction: the counter row stays locked
 * until it commits, so values are handed out in commit order. Returns the first; the rest follow.
 */
export async function nextSeq(
  tx: { query: GatewayDb['query'] },
  count = 1,
  now = Date.now(),
): Promise<number> {
  const rows = await tx.query<{ value: number }>(
    'UPDATE change_counter SET value = greatest(value + $1, $2::bigint + $1) WHERE id = 1 RETURNING value',
    [count, now],
  )
  return Number(rows[0]?.value) - count + 1
}
