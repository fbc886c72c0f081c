import { describe, expect, it } from 'vitest'
import {
  chinaDate,
  chinaDateParts,
  chinaDateTime,
  chinaMidnight,
  chinaMidnightOfPickedDay,
  chinaPeriod,
  chinaPeriodBounds,
  chinaWallClockDate,
  pickerDateOfChinaDay,
} from '../../../shared/domain'

describe('business time is Beijing time whatever the PC zone', () => {
  // 2026-12-31 16:30 UTC is 2027-01-01 00:30 in Beijing.
  const newYearInBeijing = Date.UTC(2026, 11, 31, 16, 30)

  it('reads the Beijing wall clock of an instant', () => {
    expect(chinaDateParts(newYearInBeijing)).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      second: 0,
    })
    expect(chinaDate(newYearInBeijing)).toBe('2027-01-01')
    expect(chinaDateTime(newYearInBeijing)).toBe('2027-01-01 00:30')
    expect(chinaPeriod(newYearInBeijing)).toBe('2027-01')
  })

  it('puts a period between Beijing midnights, December rolling into the next year', () => {
    const { from, to } = chinaPeriodBounds('2026-12')
    expect(from).toBe(Date.UTC(2026, 10, 30, 16))
    expect(to).toBe(Date.UTC(2026, 11, 31, 16))
    expect(to).toBe(chinaMidnight(2026, 12))
    expect(chinaDate(to - 1)).toBe('2026-12-31')
    expect(() => chinaPeriodBounds('2026-13')).toThrow(RangeError)
  })

  it('turns the days a date picker shows into Beijing midnights and back', () => {
    const picked = new Date(2027, 0, 1) // the picker's local 1 January 2027, whatever the PC zone
    expect(chinaMidnightOfPickedDay(picked)).toBe(Date.UTC(2026, 11, 31, 16))
    expect(chinaMidnightOfPickedDay(picked, 1)).toBe(Date.UTC(2027, 0, 1, 16))
    const shown = pickerDateOfChinaDay(newYearInBeijing)
    expect([shown.getFullYear(), shown.getMonth(), shown.getDate()]).toEqual([2027, 0, 1])
    expect(chinaMidnightOfPickedDay(pickerDateOfChinaDay(newYearInBeijing))).toBe(
      chinaMidnight(2027, 0, 1),
    )
  })

  it('gives spreadsheets a date whose UTC fields are the Beijing clock', () => {
    expect(chinaWallClockDate(newYearInBeijing).toISOString()).toBe('2027-01-01T00:30:00.000Z')
  })
})
