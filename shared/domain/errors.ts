/**
 * A business-rule violation as data: `code` is an i18n key (`area.key`, e.g.
 * `order.rebateAboveAllowance`), `params` fill the translated message. Words are chosen only in
 * the UI, in the user's language (style.md, habit 10).
 */
export interface DomainError {
  code: string
  params?: Record<string, string | number>
}

export function domainError(code: string, params?: Record<string, string | number>): DomainError {
  return params === undefined ? { code } : { code, params }
}
