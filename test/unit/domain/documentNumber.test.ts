import { describe, expect, it } from 'vitest'
import {
  DOCUMENT_PREFIXES,
  formatDocumentNumber,
  parseDocumentNumber,
} from '../../../shared/domain/documentNumber'

describe('formatDocumentNumber', () => {
  it('writes prefix, Shanghai date and a 4-digit sequence', () => {
    expect(formatDocumentNumber('SO', Date.UTC(2026, 10, 22, 4), 7)).toBe('SO20261122-0007')
  })

  it('uses the Shanghai calendar day, not the UTC one', () => {
    // 2026-11-21 16:00 UTC is already 2026-11-22 00:00 in Shanghai.
    expect(formatDocumentNumber('DN', Date.UTC(2026, 10, 21, 16), 1)).toBe('DN20261122-0001')
    expect(formatDocumentNumber('DN', Date.UTC(2026, 10, 21, 15, 59, 59, 999), 1)).toBe(
      'DN20261121-0001',
    )
  })

  it('crosses the year in Shanghai at 16:00 UTC on 31 December', () => {
    expect(formatDocumentNumber('TX', Date.UTC(2025, 11, 31, 16), 9999)).toBe('TX20260101-9999')
  })

  it('lets the sequence grow past 4 digits', () => {
    expect(formatDocumentNumber('IV', Date.UTC(2026, 1, 28, 4), 12345)).toBe('IV20260228-12345')
  })

  it('rejects a sequence that is not a positive integer and a time that is not epoch ms', () => {
    for (const sequence of [0, -1, 1.5, NaN]) {
      expect(() => formatDocumentNumber('SO', Date.UTC(2026, 0, 1), sequence)).toThrow(RangeError)
    }
    expect(() => formatDocumentNumber('SO', NaN, 1)).toThrow(RangeError)
  })

  it('formats every prefix', () => {
    for (const prefix of DOCUMENT_PREFIXES) {
      expect(formatDocumentNumber(prefix, Date.UTC(2026, 5, 1, 4), 42)).toBe(
        `${prefix}20260601-0042`,
      )
    }
  })
})

describe('document number dates', () => {
  it('pads years below 1000', () => {
    expect(formatDocumentNumber('SO', Date.UTC(999, 0, 1, 4), 1)).toBe('SO09990101-0001')
  })
})

describe('parseDocumentNumber', () => {
  it('reads the parts of a document number', () => {
    expect(parseDocumentNumber('SO20261122-0007')).toEqual({
      prefix: 'SO',
      year: 2026,
      month: 11,
      day: 22,
      sequence: 7,
    })
    expect(parseDocumentNumber('IV20260228-12345')).toEqual({
      prefix: 'IV',
      year: 2026,
      month: 2,
      day: 28,
      sequence: 12345,
    })
  })

  it('ignores case and surrounding spaces', () => {
    expect(parseDocumentNumber('  so20261122-0007 ')).toMatchObject({ prefix: 'SO', sequence: 7 })
  })

  it('round-trips with formatDocumentNumber', () => {
    for (const prefix of DOCUMENT_PREFIXES) {
      for (const sequence of [1, 9999, 10000, 123456789]) {
        const text = formatDocumentNumber(prefix, Date.UTC(2024, 1, 29, 1), sequence)
        const parsed = parseDocumentNumber(text)
        expect(parsed).toEqual({ prefix, year: 2024, month: 2, day: 29, sequence })
      }
    }
  })

  it('rejects dates that do not exist', () => {
    for (const text of [
      'SO20260230-0001',
      'SO20250229-0001',
      'SO20261301-0001',
      'SO20260001-0001',
      'SO20260100-0001',
      'SO20260431-0001',
    ]) {
      expect(parseDocumentNumber(text), text).toBeNull()
    }
    expect(parseDocumentNumber('SO20240229-0001')).not.toBeNull()
  })

  it('rejects anything that is not written as formatDocumentNumber writes it', () => {
    for (const text of [
      '',
      'SO',
      'XX20261122-0007',
      'SO20261122-007',
      'SO20261122-00007',
      'SO20261122-0000',
      'SO2026112-0007',
      'SO20261122_0007',
      'SO-20261122-0007',
      'SO20261122-0007x',
      'SO２０２６1122-0007',
    ]) {
      expect(parseDocumentNumber(text), text).toBeNull()
    }
  })
})
