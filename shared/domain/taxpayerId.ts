import type { DomainError } from './errors'
import { domainError } from './errors'

/*
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters.
 *   position 1      registration authority   (charset below)
 *   position 2      organisation category    (charset below)
 *   positions 3–8   administrative division  (digits only)
 *   positions 9–17  organisation code        (charset below)
 *   position 18     check character = CHARSET[(31 − Σ value(c_i) × WEIGHTS[i] mod 31) mod 31]
 * Used for invoice profiles: domain.md "Invoice requests (开票申请)".
 */

/** The 31 code characters; a character's value is its index. No I, O, Z, S, V. */
export const TAXPAYER_ID_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
export const TAXPAYER_ID_LENGTH = 18

/** Full-width ASCII (Ａ, １, …) → ASCII, then trim and uppercase. */
export function normalizeTaxpayerId(raw: string): string {
  return raw
    .replace(/[\uff01-\uff5e]/g, (character) =>
      String.fromCharCode(character.charCodeAt(0) - 0xfee0),
    )
    .trim()
    .toUpperCase()
}

/**
 * The check character (position 18) for the first 17 characters (already normalized).
 * Throws RangeError when `first17` is not 17 characters of the charset.
 */
export function taxpayerIdCheckCharacter(first17: string): string {
  if (first17.length !== WEIGHTS.length) throw new RangeError('expected 17 characters')
  let sum = 0
  WEIGHTS.forEach((weight, index) => {
    const value = TAXPAYER_ID_CHARSET.indexOf(first17.charAt(index))
    if (value < 0) throw new RangeError(`invalid character at position ${index + 1}`)
    sum += value * weight
  })
  return TAXPAYER_ID_CHARSET.charAt((31 - (sum % 31)) % 31)
}

export type TaxpayerIdResult = { ok: true; value: string } | { ok: false; error: DomainError }

/**
 * Normalizes (`normalizeTaxpayerId`) and validates a taxpayer ID; `value` is the normalized code.
 * Errors, first that applies:
 * - `invoice.taxpayerIdEmpty`
 * - `invoice.taxpayerIdLength` {length} (in characters, after normalizing)
 * - `invoice.taxpayerIdCharacter` {position (1-based), character}: outside the charset, or not a
 *   digit in positions 3–8 (first such position)
 * - `invoice.taxpayerIdChecksum` {position: 18, expected, actual}
 */
export function validateTaxpayerId(raw: string): TaxpayerIdResult {
  const value = normalizeTaxpayerId(raw)
  const characters = Array.from(value)
  if (characters.length === 0) return { ok: false, error: domainError('invoice.taxpayerIdEmpty') }
  if (characters.length !== TAXPAYER_ID_LENGTH) {
    return {
      ok: false,
      error: domainError('invoice.taxpayerIdLength', { length: characters.length }),
    }
  }
  for (const [index, character] of characters.entries()) {
    const position = index + 1
    const allowed =
      position >= 3 && position <= 8
        ? /^[0-9]$/.test(character)
        : TAXPAYER_ID_CHARSET.includes(character)
    if (!allowed) {
      return {
        ok: false,
        error: domainError('invoice.taxpayerIdCharacter', { position, character }),
      }
    }
  }
  const expected = taxpayerIdCheckCharacter(value.slice(0, 17))
  const actual = value.charAt(17)
  if (expected !== actual) {
    return {
      ok: false,
      error: domainError('invoice.taxpayerIdChecksum', { position: 18, expected, actual }),
    }
  }
  return { ok: true, value }
}
