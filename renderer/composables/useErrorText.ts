/**
 * Turns an error code from anywhere (bridge, gateway, domain rules) into a sentence in the user's
 * language: `errors.<code>` with its params; money params (fen) are formatted as currency.
 */
import { useI18n } from 'vue-i18n'
import type { PortalErrorData } from '../../shared/contract'
import { formatFen } from '../../shared/domain/money'

/** Params that carry an amount of money in fen. */
const MONEY_PARAMS = new Set([
  'allowance',
  'available',
  'total',
  'allocated',
  'expectedTotal',
  'invoiceable',
  'amount',
  'limit',
])

export function useErrorText() {
  const { t, te, locale } = useI18n()
  return (error: PortalErrorData): string => {
    const key = error.code.startsWith('errors.') ? error.code : `errors.${error.code}`
    const params: Record<string, string> = {}
    for (const [name, value] of Object.entries(error.params ?? {})) {
      params[name] =
        MONEY_PARAMS.has(name) && typeof value === 'number' && Number.isSafeInteger(value)
          ? formatFen(value, locale.value, { currency: true })
          : String(value)
    }
    if (te(key)) return t(key, params)
    return t('errors.generic.unknown', { code: key.replace(/^errors\./, '') })
  }
}
