/**
 * A projection: from mirrored ShareCRM records of one kind to the Portal feed records they make.
 * project.ts runs them in a table, each on the ids the changed records touched.
 */
import type { Queryable } from '../db/driver'
import type { FieldMap } from '../fieldMap'
import type { FeedWrite, OptionLabels } from './feedEntries'

export interface ProjectionContext {
  tx: Queryable
  map: FieldMap
  labels: OptionLabels
  now: number
}

/** The sets of ids to project, one per projection (`Projection.key`). */
export interface Affected {
  products: Set<string>
  priceItems: Set<string>
  priceLists: Set<string>
  orders: Set<string>
  returns: Set<string>
  invoiceRequests: Set<string>
}

export interface ProjectionResult {
  writes: FeedWrite[]
  /** Orders these records change (a return's or an invoice request's): projected after them. */
  orders?: Iterable<string>
}

export interface Projection {
  /** Which ids of `Affected` it projects. */
  key: keyof Affected
  project(context: ProjectionContext, ids: string[]): Promise<ProjectionResult>
}
