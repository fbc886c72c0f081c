import type { DomainError } from './errors'
import { domainError } from './errors'
import type { Fen } from './money'
import { validateTaxpayerId } from './taxpayerId'

// Rules: domain.md "Invoice requests (开票申请)".

/** 增值税专用发票, 增值税普通发票, 电子普通发票. */
export type InvoiceType = 'vatSpecial' | 'vatGeneral' | 'electronicGeneral'

export const INVOICE_TYPES: readonly InvoiceType[] = [
  'vatSpecial',
  'vatGeneral',
  'electronicGeneral',
]

export function isInvoiceType(value: unknown): value is InvoiceType {
  return (INVOICE_TYPES as readonly unknown[]).includes(value)
}

/**
 * Fen of one order that may still be invoiced: delivered − returned − already requested
 * (requests not rejected). Never negative.
 */
export function invoiceableAmount(input: {
  deliveredAmount: Fen
  returnedAmount: Fen
  requestedAmount: Fen
}): Fen {
  return Math.max(0, input.deliveredAmount - input.returnedAmount - input.requestedAmount)
}

export interface InvoiceProfileInput {
  title: string
  taxpayerId: string
  address?: string
  phone?: string
  bankName?: string
  bankAccount?: string
  email?: string
}

export type InvoiceProfileField = keyof InvoiceProfileInput

export type InvoiceProfileError = DomainError & { field: InvoiceProfileField }

/** Fields a VAT special invoice cannot be issued without (besides title and taxpayer ID). */
const VAT_SPECIAL_REQUIRED: readonly InvoiceProfileField[] = [
  'address',
  'phone',
  'bankName',
  'bankAccount',
]

function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (character) =>
    String.fromCharCode(character.charCodeAt(0) - 0xfee0),
  )
}

/**
 * A plausible phone number: digits with optional +, spaces, hyphens, parentheses and an extension
 * after 转/ext/x/#; 7 to 20 digits in all (0591-87654321, 138 0013 8000, +86 10 8888 8888 转 123).
 */
export function isPlausiblePhone(phone: string): boolean {
  const text = toHalfWidth(phone).trim()
  if (!/^\+?[\d\s()-]+(?:(?:转|ext\.?|x|#)\s*\d+)?$/i.test(text)) return false
  const digits = text.replace(/\D/g, '').length
  return digits >= 7 && digits <= 20
}

/** A plausible bank account number: 8 to 32 digits, spaces and hyphens allowed between them. */
export function isPlausibleBankAccount(account: string): boolean {
  const text = toHalfWidth(account).trim()
  if (!/^\d[\d\s-]*\d$/.test(text)) return false
  const digits = text.replace(/\D/g, '').length
  return digits >= 8 && digits <= 32
}

/** name@domain.tld, no spaces; a sanity check, not RFC 5322. */
export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(email.trim())
}

/**
 * Every problem of an invoice profile for an invoice `type`, one per field at most, in field order
 * (title, taxpayerId, address, phone, bankName, bankAccount, email):
 * - `invoice.fieldRequired` {field}: title always; address, phone, bankName, bankAccount for
 *   vatSpecial; email for electronicGeneral (blank = missing);
 * - the errors of `validateTaxpayerId` (`invoice.taxpayerIdEmpty`, …) on field 'taxpayerId';
 * - `invoice.phoneInvalid`, `invoice.bankAccountInvalid`, `invoice.emailInvalid` when the field
 *   is filled in (for any type) but implausible.
 * Empty array = valid.
 */
export function validateInvoiceProfile(
  type: InvoiceType,
  profile: InvoiceProfileInput,
): InvoiceProfileError[] {
  const errors: InvoiceProfileError[] = []
  const filled = (field: InvoiceProfileField): string => (profile[field] ?? '').trim()
  const required = new Set<InvoiceProfileField>(['title'])
  if (type === 'vatSpecial') VAT_SPECIAL_REQUIRED.forEach((field) => required.add(field))
  if (type === 'electronicGeneral') required.add('email')
  const formatChecks: Partial<Record<InvoiceProfileField, [(value: string) => boolean, string]>> = {
    phone: [isPlausiblePhone, 'invoice.phoneInvalid'],
    bankAccount: [isPlausibleBankAccount, 'invoice.bankAccountInvalid'],
    email: [isPlausibleEmail, 'invoice.emailInvalid'],
  }
  const fields: InvoiceProfileField[] = [
    'title',
    'taxpayerId',
    'address',
    'phone',
    'bankName',
    'bankAccount',
    'email',
  ]
  for (const field of fields) {
    const value = filled(field)
    if (field === 'taxpayerId') {
      const result = validateTaxpayerId(profile.taxpayerId)
      if (!result.ok) errors.push({ ...result.error, field })
      continue
    }
    if (value === '') {
      if (required.has(field))
        errors.push({ ...domainError('invoice.fieldRequired', { field }), field })
      continue
    }
    const check = formatChecks[field]
    if (check !== undefined && !check[0](value)) errors.push({ ...domainError(check[1]), field })
  }
  return errors
}
