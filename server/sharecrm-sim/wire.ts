/**
 * The simulator's OpenAPI interfaces (server.ts routes to them after the limits and faults):
 * token, data/query (limits 1..100, offset multiple of limit ≤ 10,000, projection, total),
 * data/create, data/update, data/invalid, object/describe.
 */
import { type SimControl, ERROR_MESSAGES, SIM_CREDENTIALS, type SimInterface } from './control'
import { SIM_OBJECTS, describeObject } from './describe'
import { SimRefusal, type SimOperations } from './operations'
import type { SelectOptions } from './seed'
import { QueryError, type SimFilter, type SimOrder, type SimStore } from './store'

export interface WireContext {
  store: SimStore
  ops: SimOperations
  control: SimControl
  selectOptions: SelectOptions
  /** Marks the data changed (the data file is written soon after). */
  changed(): void
}

export function createWire({ store, ops, control, selectOptions, changed }: WireContext) {
  async function wire(
    iface: SimInterface,
    body: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (iface === 'token') {
      if (
        body.appId !== SIM_CREDENTIALS.appId ||
        body.appSecret !== SIM_CREDENTIALS.appSecret ||
        body.permanentCode !== SIM_CREDENTIALS.permanentCode
      ) {
        return {
          errorCode: 20001,
          errorMessage: 'appId / appSecret / permanentCode 错误 / bad credentials',
        }
      }
      const { token, expiresIn } = control.issueToken()
      return {
        errorCode: 0,
        errorMessage: 'OK',
        corpAccessToken: token,
        corpId: SIM_CREDENTIALS.corpId,
        expiresIn,
      }
    }
    if (!control.tokenValid(body.corpAccessToken) || body.corpId !== SIM_CREDENTIALS.corpId) {
      return { errorCode: 20016, errorMessage: ERROR_MESSAGES[20016] }
    }
    if (typeof body.currentOpenUserId !== 'string' || !body.currentOpenUserId) {
      throw new SimRefusal(10001, 'currentOpenUserId 不能为空 / currentOpenUserId is required')
    }
    const data = (body.data ?? {}) as Record<string, unknown>
    switch (iface) {
      case 'data/query':
        return query(data)
      case 'data/create': {
        const objectData = (data.object_data ?? {}) as Record<string, unknown>
        const api = String(objectData.dataObjectApiName ?? '')
        const trigger = (body.triggerApprovalFlow ?? data.triggerApprovalFlow ?? false) === true
        const record = ops.create(
          api,
          objectData,
          (data.details ?? {}) as Record<string, Record<string, unknown>[]>,
          trigger,
        )
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'data/update': {
        const objectData = (data.object_data ?? {}) as Record<string, unknown>
        const record = ops.update(String(objectData.dataObjectApiName ?? ''), objectData)
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'data/invalid': {
        const record = ops.invalid(
          String(data.dataObjectApiName ?? ''),
          String(data.object_data_id ?? ''),
        )
        changed()
        return { errorCode: 0, errorMessage: 'OK', dataId: record._id }
      }
      case 'object/describe': {
        const api = String(data.apiName ?? '')
        const describe = describeObject(
          api,
          selectOptions[api] ?? {},
          control.dropped.get(api) ?? new Set(),
        )
        if (!describe) throw new SimRefusal(10001, `对象 ${api} 不存在 / unknown object`)
        return { errorCode: 0, errorMessage: 'OK', data: { describe } }
      }
    }
  }

  function query(data: Record<string, unknown>): Record<string, unknown> {
    const api = String(data.dataObjectApiName ?? '')
    if (!SIM_OBJECTS[api] && store.count(api) === 0)
      throw new SimRefusal(10001, `对象 ${api} 不存在 / unknown object`)
    const info = (data.search_query_info ?? {}) as Record<string, unknown>
    const limit = info.limit === undefined ? 20 : Number(info.limit)
    const offset = info.offset === undefined ? 0 : Number(info.offset)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new SimRefusal(
        10013,
        `limit 须为 1..100 / limit must be 1..100, got ${String(info.limit)}`,
      )
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000 || offset % limit !== 0) {
      throw new SimRefusal(
        10013,
        `offset 须为 limit 的整数倍且不超过 10000 / offset must be a multiple of limit ≤ 10000, got ${String(info.offset)}`,
      )
    }
    const filters = (info.filters ?? []) as SimFilter[]
    const orders = (info.orders ?? []) as SimOrder[]
    if (!Array.isArray(filters) || !Array.isArray(orders))
      throw new SimRefusal(10001, 'filters / orders must be arrays')
    let result: ReturnType<SimStore['query']>
    try {
      result = store.query(api, { filters, orders, offset, limit })
    } catch (error) {
      if (error instanceof QueryError) throw new SimRefusal(10001, error.message)
      throw error
    }
    const projection =
      Array.isArray(info.fieldProjection) && info.fieldProjection.length > 0
        ? (info.fieldProjection as string[])
        : null
    const dataList = projection
      ? result.rows.map((row) => {
          const picked: Record<string, unknown> = { _id: row._id }
          for (const field of projection) if (field in row) picked[field] = row[field]
          return picked
        })
      : result.rows
    return {
      errorCode: 0,
      errorMessage: 'OK',
      data: { dataList, total: result.total, offset, limit },
    }
  }
  return wire
}
