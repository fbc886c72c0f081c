/**
 * The simulator's object descriptions: every object and field of the default map of
 * ../shared/design/sharecrm.md, with ShareCRM field types. `object/describe` answers these (minus
 * fields dropped through the control API); `data/create` and `data/update` check values against
 * them (money and quantities must be decimal strings, dates epoch ms, selects an option value).
 *
 * Public API (stable): `SIM_OBJECTS` (apiName → { label, master?, fields }), `describeObject(api,
 * selectOptions, dropped)`, `fieldOf(api, field)`.
 */
import { COMMON, type SimField } from './fields'
import { SIM_OBJECTS } from './objects'

export { SIM_OBJECTS } from './objects'
export type { SimField, SimFieldType, SimObject } from './fields'

export function fieldOf(api: string, field: string): SimField | undefined {
  const object = SIM_OBJECTS[api]
  return object ? (object.fields[field] ?? COMMON[field]) : undefined
}

/** The `data.describe` of object/describe. */
export function describeObject(
  api: string,
  extraOptions: Record<string, { value: string; label: string }[]>,
  dropped: ReadonlySet<string>,
): Record<string, unknown> | null {
  const object = SIM_OBJECTS[api]
  if (!object) return null
  const fields: Record<string, unknown> = {}
  for (const [name, field] of Object.entries({ ...COMMON, ...object.fields })) {
    if (dropped.has(name)) continue
    const options = extraOptions[name] ?? field.options
    fields[name] = {
      api_name: name,
      label: field.label,
      type: field.type,
      is_required: field.required ?? false,
      ...(options ? { options } : {}),
      ...(field.target ? { target_api_name: field.target } : {}),
    }
  }
  return { apiName: api, api_name: api, display_name: object.label, fields }
}
