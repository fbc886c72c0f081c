/** The problems of an invoice profile for a type, one translated sentence per field. */
import { computed, type ComputedRef } from 'vue'
import { useI18n } from 'vue-i18n'
import type { InvoiceType } from '../../shared/api'
import {
  validateInvoiceProfile,
  type InvoiceProfileField,
  type InvoiceProfileInput,
} from '../../shared/domain/invoices'
import { useErrorText } from './useErrorText'

export function useInvoiceProfileErrors(
  type: () => InvoiceType,
  profile: () => InvoiceProfileInput,
): ComputedRef<Partial<Record<InvoiceProfileField, string>>> {
  const { t } = useI18n()
  const errorText = useErrorText()
  return computed(() => {
    const result: Partial<Record<InvoiceProfileField, string>> = {}
    for (const problem of validateInvoiceProfile(type(), profile())) {
      const params = { ...problem.params, field: t(`invoices.field.${problem.field}`) }
      result[problem.field] = errorText({ code: problem.code, params })
    }
    return result
  })
}
