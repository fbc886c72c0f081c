import { describe, expect, it } from 'vitest'
import { addressLine } from '../../../shared/domain/address'

describe('addressLine', () => {
  it('does not repeat a municipality ("上海市上海市")', () => {
    expect(
      addressLine({
        province: '上海市',
        city: '上海市',
        district: '浦东新区',
        line: '康桥东路 1288 弄',
      }),
    ).toBe('上海市浦东新区康桥东路 1288 弄')
    expect(
      addressLine({
        province: '四川省',
        city: '成都市',
        district: '武侯区',
        line: '科华北路 1 号',
      }),
    ).toBe('四川省成都市武侯区科华北路 1 号')
  })
  it('separates Latin parts with commas', () => {
    expect(
      addressLine({
        province: 'Hong Kong',
        city: 'Hong Kong',
        district: 'Kwun Tong',
        line: '18 Hoi Bun Rd',
      }),
    ).toBe('Hong Kong, Kwun Tong, 18 Hoi Bun Rd')
  })
})
