import { describe, expect, it } from 'vitest'
import {
  TAXPAYER_ID_CHARSET,
  normalizeTaxpayerId,
  taxpayerIdCheckCharacter,
  validateTaxpayerId,
} from '../../../shared/domain/taxpayerId'

/** Published codes of well-known companies, each verified against the GB 32100-2015 check character. */
const REAL_CODES = [
  '91350100M000100Y43',
  '91110000600037341L',
  '914403001922038216',
  '9144030071526726XG',
  '91330100799655058B',
  '91110108551385082Q',
  '91110000802100433B',
  '91110000710925462X',
]

/** Replacement characters tried at every position: digits, letters of the charset, and outsiders. */
const REPLACEMENTS = [
  '0',
  '1',
  '5',
  '9',
  'A',
  'H',
  'M',
  'X',
  'Y',
  'I',
  'O',
  'Z',
  'S',
  'V',
  '-',
  '*',
]

describe('taxpayerIdCheckCharacter', () => {
  it('computes the check character of the published codes', () => {
    for (const code of REAL_CODES)
      expect(taxpayerIdCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17))
  })

  it('maps a weighted sum divisible by 31 to 0', () => {
    expect(taxpayerIdCheckCharacter('00000000000000000')).toBe('0')
  })

  it('throws for input that is not 17 charset characters', () => {
    expect(() => taxpayerIdCheckCharacter('9135010')).toThrow(RangeError)
    expect(() => taxpayerIdCheckCharacter('91350100M000100YI')).toThrow(RangeError)
  })
})

describe('validateTaxpayerId', () => {
  it.each(REAL_CODES)('accepts the published code %s', (code) => {
    expect(validateTaxpayerId(code)).toEqual({ ok: true, value: code })
  })

  it('rejects every single-character change of every published code, at all 18 positions', () => {
    let mutations = 0
    for (const code of REAL_CODES) {
      for (let index = 0; index < code.length; index++) {
        for (const replacement of REPLACEMENTS) {
          if (replacement === code.charAt(index)) continue
          const mutated = code.slice(0, index) + replacement + code.slice(index + 1)
          const result = validateTaxpayerId(mutated)
          expect(result.ok, `${mutated} must be rejected`).toBe(false)
          if (!result.ok)
            expect(result.error.code).toMatch(/^invoice\.taxpayerId(Character|Checksum)$/)
          mutations++
        }
      }
    }
    expect(mutations).toBeGreaterThan(REAL_CODES.length * 18 * 10)
  })

  it('rejects every swap of two adjacent different characters of the published codes', () => {
    for (const code of REAL_CODES) {
      for (let index = 0; index + 1 < code.length; index++) {
        if (code.charAt(index) === code.charAt(index + 1)) continue
        const swapped =
          code.slice(0, index) + code.charAt(index + 1) + code.charAt(index) + code.slice(index + 2)
        expect(validateTaxpayerId(swapped).ok, swapped).toBe(false)
      }
    }
  })

  it('normalizes case, surrounding spaces and full-width characters', () => {
    expect(validateTaxpayerId('  91350100m000100y43 ')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
    })
    expect(validateTaxpayerId('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
    })
    expect(validateTaxpayerId('\u30009144030071526726xg\u3000')).toEqual({
      ok: true,
      value: '9144030071526726XG',
    })
    expect(normalizeTaxpayerId(' ａｂ１ ')).toBe('AB1')
  })

  it('rejects an empty code', () => {
    expect(validateTaxpayerId('')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdEmpty' },
    })
    expect(validateTaxpayerId('   ')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdEmpty' },
    })
  })

  it('rejects a code of the wrong length with its length', () => {
    expect(validateTaxpayerId('91350100M000100Y4')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdLength', params: { length: 17 } },
    })
    expect(validateTaxpayerId('91350100M000100Y431')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdLength', params: { length: 19 } },
    })
    // The old 15-digit taxpayer registration number is not a unified social credit code.
    expect(validateTaxpayerId('350100123456789')).toMatchObject({
      error: { params: { length: 15 } },
    })
  })

  it('rejects a character outside the charset with its 1-based position', () => {
    expect(validateTaxpayerId('91350100M000100I43')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdCharacter', params: { position: 16, character: 'I' } },
    })
    expect(validateTaxpayerId('O1350100M000100Y43')).toMatchObject({
      error: { params: { position: 1, character: 'O' } },
    })
    expect(validateTaxpayerId('91350100M000100Y4 ')).toMatchObject({
      error: { params: { length: 17 } },
    }) // trimmed first
    expect(validateTaxpayerId('91350100M 00100Y43')).toMatchObject({
      error: { params: { position: 10, character: ' ' } },
    })
  })

  it('requires digits for the administrative division code in positions 3–8', () => {
    expect(validateTaxpayerId('91A50100M000100Y43')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdCharacter', params: { position: 3, character: 'A' } },
    })
    expect(validateTaxpayerId('9135010MM000100Y43')).toMatchObject({
      error: { params: { position: 8, character: 'M' } },
    })
  })

  it('reports the first bad character only', () => {
    expect(validateTaxpayerId('I1A50100M000100Y43')).toMatchObject({
      error: { params: { position: 1 } },
    })
  })

  it('rejects a wrong check character with the expected one', () => {
    expect(validateTaxpayerId('91350100M000100Y44')).toEqual({
      ok: false,
      error: {
        code: 'invoice.taxpayerIdChecksum',
        params: { position: 18, expected: '3', actual: '4' },
      },
    })
  })

  it('accepts every code whose check character was computed, for all charset characters', () => {
    for (const character of TAXPAYER_ID_CHARSET) {
      const first17 = `9${character}350100${character}0001000${character}`.slice(0, 17)
      const code = first17 + taxpayerIdCheckCharacter(first17)
      expect(validateTaxpayerId(code)).toEqual({ ok: true, value: code })
    }
  })

  it('rejects a supplementary-plane character counting it as one character', () => {
    expect(validateTaxpayerId('91350100M000100Y4😀')).toEqual({
      ok: false,
      error: { code: 'invoice.taxpayerIdCharacter', params: { position: 18, character: '😀' } },
    })
  })
})
