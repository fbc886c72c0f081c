/**
 * Checks written field values against the describe (objects.ts): money and quantities must be
 * decimal strings, dates epoch ms, booleans booleans, selects one of their options, lookups an
 * existing record; on create, required fields must be present. Unknown fields pass (a tenant's
 * own custom fields).
 */
import { SIM_OBJECTS, fieldOf } from './describe'
import { SimRefusal } from './refusal'
import type { SimStore } from './store'

export function validateFields(
  store: SimStore,
  api: string,
  fields: Record<string, unknown>,
  creating: boolean,
): void {
  const object = SIM_OBJECTS[api]
  if (!object) throw new SimRefusal(10001, `对象 ${api} 不存在 / unknown object`)
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'dataObjectApiName') continue
    const field = fieldOf(api, name)
    if (!field) continue // unknown fields are stored as-is (a tenant's own custom fields)
    if (value === null || value === undefined) continue
    if (field.type === 'currency' || field.type === 'number' || field.type === 'percentile') {
      if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) {
        throw new SimRefusal(
          10001,
          `字段 ${name} 须为十进制字符串 / ${name} must be a decimal string, got ${JSON.stringify(value)}`,
        )
      }
    } else if (field.type === 'date_time' || field.type === 'date') {
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new SimRefusal(10001, `字段 ${name} 须为毫秒时间戳 / ${name} must be epoch ms`)
    } else if (field.type === 'true_or_false') {
      if (typeof value !== 'boolean')
        throw new SimRefusal(10001, `字段 ${name} 须为布尔值 / ${name} must be a boolean`)
    } else if (field.type === 'select_one' && field.options && field.options.length > 0) {
      if (!field.options.some((option) => option.value === value))
        throw new SimRefusal(10001, `字段 ${name} 选项值无效 / bad option ${JSON.stringify(value)}`)
    } else if (field.type === 'object_reference' && field.target) {
      const target = store.get(field.target, String(value))
      if (!target || target.is_deleted)
        throw new SimRefusal(
          10001,
          `字段 ${name} 引用的 ${field.target} ${String(value)} 不存在 / lookup target not found`,
        )
    }
  }
  if (creating) {
    for (const [name, field] of Object.entries(object.fields)) {
      if (
        field.required &&
        field.type !== 'master_detail' &&
        (fields[name] === undefined || fields[name] === null || fields[name] === '')
      ) {
        throw new SimRefusal(10001, `字段 ${name} 必填 / ${name} is required`)
      }
    }
  }
}
