/**
 * The mirror's raw side: one stream per mapped ShareCRM object (Singer/Airbyte style: primary key
 * `_id`, cursor `(last_modified_time, _id)`), its records upserted as they came. A replay of a
 * record already held (the 5-minute overlap) changes nothing; an older version never overwrites a
 * newer one. `gone`: `life_status = invalid` or `is_deleted` (a tombstone in the Portal feeds).
 */
import type { Queryable } from '../db/driver'
import type { FieldMap, MappedResource } from '../fieldMap'
import { lookupId, text, toTime, type UpstreamRecord } from '../values'

export interface StreamDefinition {
  resource: MappedResource
  object: string
  /** Field holding the dealer (AccountObj `_id`), when the object belongs to one. */
  dealerField?: string
  /** Field holding the parent record's `_id` (an order line's order, ...). */
  parentField?: string
  idempotencyField?: string
  /** A second lookup kept indexed (`ref_id`): a price item's or order line's product. */
  refField?: string
}

/** Streams in fill order: reference data first, so documents find their products and dealers. */
export function streamDefinitions(map: FieldMap): StreamDefinition[] {
  return [
    { resource: 'dealer', object: map.dealer.object },
    { resource: 'address', object: map.address.object, dealerField: map.address.dealer },
    {
      resource: 'invoiceProfile',
      object: map.invoiceProfile.object,
      dealerField: map.invoiceProfile.dealer,
    },
    { resource: 'product', object: map.product.object },
    { resource: 'priceList', object: map.priceList.object },
    {
      resource: 'priceListDealer',
      object: map.priceListDealer.object,
      dealerField: map.priceListDealer.dealer,
      parentField: map.priceListDealer.priceList,
    },
    {
      resource: 'priceListItem',
      object: map.priceListItem.object,
      parentField: map.priceListItem.priceList,
      refField: map.priceListItem.product,
    },
    { resource: 'rebateRule', object: map.rebateRule.object, dealerField: map.rebateRule.dealer },
    { resource: 'balances', object: map.balances.object, dealerField: map.balances.dealer },
    {
      resource: 'transaction',
      object: map.transaction.object,
      dealerField: map.transaction.dealer,
    },
    {
      resource: 'order',
      object: map.order.object,
      dealerField: map.order.dealer,
      idempotencyField: map.order.idempotencyKey,
    },
    {
      resource: 'orderLine',
      object: map.orderLine.object,
      parentField: map.orderLine.order,
      refField: map.orderLine.product,
    },
    { resource: 'delivery', object: map.delivery.object, parentField: map.delivery.order },
    {
      resource: 'deliveryLine',
      object: map.deliveryLine.object,
      parentField: map.deliveryLine.delivery,
    },
    {
      resource: 'return',
      object: map.return.object,
      dealerField: map.return.dealer,
      parentField: map.return.order,
      idempotencyField: map.return.idempotencyKey,
    },
    { resource: 'returnLine', object: map.returnLine.object, parentField: map.returnLine.return },
    { resource: 'refund', object: map.refund.object, parentField: map.refund.return },
    {
      resource: 'invoiceRequest',
      object: map.invoiceRequest.object,
      dealerField: map.invoiceRequest.dealer,
      idempotencyField: map.invoiceRequest.idempotencyKey,
    },
    {
      resource: 'invoiceRequestLine',
      object: map.invoiceRequestLine.object,
      parentField: map.invoiceRequestLine.request,
    },
  ]
}

export function isGone(record: UpstreamRecord): boolean {
  return (
    record.life_status === 'invalid' || record.is_deleted === true || record.is_deleted === 'true'
  )
}

export interface MirrorRow {
  id: string
  dealer_id: string | null
  parent_id: string | null
  modified_time: number
  life_status: string | null
  gone: boolean
  data: UpstreamRecord
}

/**
 * Upserts one page of a stream; answers the rows that changed (new, or different data with a
 * modification time not older than the one held).
 */
export async function upsertRecords(
  tx: Queryable,
  stream: StreamDefinition,
  records: readonly UpstreamRecord[],
  seq: number,
): Promise<MirrorRow[]> {
  if (records.length === 0) return []
  const rows = records.map((record) => ({
    id: text(record._id),
    dealer_id: stream.dealerField ? lookupId(record[stream.dealerField]) || null : null,
    parent_id: stream.parentField ? lookupId(record[stream.parentField]) || null : null,
    modified_time: toTime(record.last_modified_time) ?? 0,
    life_status: record.life_status === undefined ? null : text(record.life_status),
    gone: isGone(record),
    data: record,
    idempotency_key: stream.idempotencyField ? text(record[stream.idempotencyField]) || null : null,
    ref_id: stream.refField ? lookupId(record[stream.refField]) || null : null,
  }))
  return tx.query<MirrorRow>(
    `INSERT INTO mirror_records (object, id, dealer_id, parent_id, modified_time, life_status, gone, data, idempotency_key, ref_id, seq)
     SELECT $1, x.id, x.dealer_id, x.parent_id, x.modified_time, x.life_status, x.gone, x.data, x.idempotency_key, x.ref_id, $3
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, dealer_id text, parent_id text, modified_time bigint,
       life_status text, gone boolean, data jsonb, idempotency_key text, ref_id text)
     ON CONFLICT (object, id) DO UPDATE SET dealer_id = excluded.dealer_id, parent_id = excluded.parent_id,
       modified_time = excluded.modified_time, life_status = excluded.life_status, gone = excluded.gone,
       data = excluded.data, idempotency_key = excluded.idempotency_key, ref_id = excluded.ref_id, seq = excluded.seq
     WHERE mirror_records.data IS DISTINCT FROM excluded.data
       AND mirror_records.modified_time <= excluded.modified_time
     RETURNING id, dealer_id, parent_id, modified_time, life_status, gone, data`,
    [stream.object, JSON.stringify(rows), seq],
  )
}

/** Marks records ShareCRM no longer has (reconcile): answers the rows that became gone. */
export async function markGone(
  tx: Queryable,
  object: string,
  ids: readonly string[],
  seq: number,
): Promise<MirrorRow[]> {
  if (ids.length === 0) return []
  return tx.query<MirrorRow>(
    `UPDATE mirror_records SET gone = true, seq = $3 WHERE object = $1 AND id = ANY($2::text[]) AND NOT gone
     RETURNING id, dealer_id, parent_id, modified_time, life_status, gone, data`,
    [object, ids, seq],
  )
}

/** Rows of an object by `_id`. */
export async function recordsById(
  db: Queryable,
  object: string,
  ids: readonly string[],
): Promise<MirrorRow[]> {
  if (ids.length === 0) return []
  return db.query<MirrorRow>(
    'SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records WHERE object = $1 AND id = ANY($2::text[])',
    [object, [...ids]],
  )
}

/** Rows of an object whose parent is one of `parentIds`. */
export async function recordsByParent(
  db: Queryable,
  object: string,
  parentIds: readonly string[],
): Promise<MirrorRow[]> {
  if (parentIds.length === 0) return []
  return db.query<MirrorRow>(
    `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
     WHERE object = $1 AND parent_id = ANY($2::text[]) ORDER BY id`,
    [object, [...parentIds]],
  )
}

/** Live rows of an object belonging to a dealer. */
export async function recordsOfDealer(
  db: Queryable,
  object: string,
  dealerId: string,
): Promise<MirrorRow[]> {
  return db.query<MirrorRow>(
    `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
     WHERE object = $1 AND dealer_id = $2 AND NOT gone ORDER BY id`,
    [object, dealerId],
  )
}

/** Rows whose `field` (a lookup) is one of `values`: a scan of the object, for small objects. */
export async function recordsByField(
  db: Queryable,
  object: string,
  field: string,
  values: readonly string[],
): Promise<MirrorRow[]> {
  if (values.length === 0) return []
  return db.query<MirrorRow>(
    `SELECT id, dealer_id, parent_id, modified_time, life_status, gone, data FROM mirror_records
     WHERE object = $1 AND data->>$2 = ANY($3::text[]) ORDER BY id`,
    [object, field, [...values]],
  )
}
