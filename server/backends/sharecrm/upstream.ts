/**
 * What the mirror and the writes use of the OpenAPI client (openApiClient.ts `ShareCrmClient`,
 * which does tokens, budgets, retries, keyset paging and error decoding): a structural port, so
 * the streams hold no rate-limit or retry logic (Singer/Airbyte style) and tests may count calls.
 */
export type ShareCrmRecord = Record<string, unknown> & { _id: string }

export interface ShareCrmFilter {
  field_name: string
  operator: 'EQ' | 'N' | 'IN' | 'NIN' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IS' | 'ISN' | 'LIKE'
  field_values: unknown[]
}

export interface UpstreamCallOptions {
  /** The Portal request's id, logged with each thirdTraceId. */
  requestId?: string
  signal?: AbortSignal
}

export interface ShareCrmPort {
  queryPages(
    api: string,
    spec?: { filters?: ShareCrmFilter[]; fieldProjection?: string[]; pageSize?: number },
    options?: UpstreamCallOptions,
  ): AsyncGenerator<{ records: ShareCrmRecord[]; total: number | null }>
  findOne(
    api: string,
    field: string,
    value: unknown,
    options?: UpstreamCallOptions,
  ): Promise<ShareCrmRecord | null>
  create(
    api: string,
    objectData: Record<string, unknown>,
    spec?: {
      details?: Record<string, Record<string, unknown>[]>
      triggerApprovalFlow?: boolean
      idempotency?: { field: string; key: string }
    },
    options?: UpstreamCallOptions,
  ): Promise<{ dataId: string; traceId: string; recovered: boolean }>
  update(
    api: string,
    objectData: Record<string, unknown> & { _id: string },
    options?: UpstreamCallOptions,
  ): Promise<{ traceId: string }>
  invalid(api: string, id: string, options?: UpstreamCallOptions): Promise<{ traceId: string }>
  describe(
    api: string,
    options?: UpstreamCallOptions,
  ): Promise<{
    fields: Record<
      string,
      { label?: string; type?: string; options?: { value: string; label: string }[] }
    >
  }>
  stats?(): unknown
}

export function eq(field: string, value: unknown): ShareCrmFilter {
  return { field_name: field, operator: 'EQ', field_values: [value] }
}

/** The client's error classes by name (errors.ts): quota (an outage) and refusal (ShareCRM said no). */
export function upstreamErrorKind(
  error: unknown,
): 'quota' | 'refused' | 'unavailable' | 'auth' | null {
  const name = error instanceof Error ? error.name : ''
  if (name === 'UpstreamQuotaError') return 'quota'
  if (name === 'UpstreamRefusedError') return 'refused'
  if (name === 'UpstreamUnavailableError') return 'unavailable'
  if (name === 'UpstreamAuthError') return 'auth'
  return null
}
