/**
 * Field types of the simulator's objects (ShareCRM describe types) and the small constructors
 * objects.ts uses; `COMMON` are the fields every record carries.
 */
export type SimFieldType =
  | 'text'
  | 'long_text'
  | 'number'
  | 'currency'
  | 'percentile'
  | 'date'
  | 'date_time'
  | 'select_one'
  | 'true_or_false'
  | 'object_reference'
  | 'master_detail'
  | 'auto_number'

export interface SimField {
  type: SimFieldType
  label: string
  required?: boolean
  /** Option values (labels added by the describe; `options` may be filled from the data). */
  options?: { value: string; label: string }[]
  /** Target object of a lookup / master-detail. */
  target?: string
}

export interface SimObject {
  label: string
  /** Detail objects: the master's apiName and the field that points at it. */
  master?: { api: string; field: string }
  fields: Record<string, SimField>
}

export const t = (label: string, required = false): SimField => ({ type: 'text', label, required })
export const money = (label: string, required = false): SimField => ({
  type: 'currency',
  label,
  required,
})
export const num = (label: string, required = false): SimField => ({
  type: 'number',
  label,
  required,
})
export const time = (label: string): SimField => ({ type: 'date_time', label })
export const ref = (target: string, label: string, required = false): SimField => ({
  type: 'object_reference',
  label,
  target,
  required,
})
export const master = (target: string, label: string): SimField => ({
  type: 'master_detail',
  label,
  target,
  required: true,
})
export const bool = (label: string): SimField => ({ type: 'true_or_false', label })
export const select = (label: string, options: [string, string][], required = false): SimField => ({
  type: 'select_one',
  label,
  required,
  options: options.map(([value, optionLabel]) => ({ value, label: optionLabel })),
})

export const LIFE_STATUS = select('生命状态', [
  ['ineffective', '未生效'],
  ['under_review', '审核中'],
  ['normal', '正常'],
  ['in_change', '变更中'],
  ['invalid', '作废'],
])

export const COMMON: Record<string, SimField> = {
  _id: t('ID'),
  name: t('名称'),
  life_status: LIFE_STATUS,
  is_deleted: bool('是否删除'),
  create_time: time('创建时间'),
  last_modified_time: time('最后修改时间'),
  owner: t('负责人'),
  dd_idempotency_key__c: t('DealerDesk 幂等键'),
}

export const FUND_ACCOUNT = select('账户类型', [
  ['deposit', '预存款'],
  ['rebate', '返利'],
  ['credit', '信用'],
])
