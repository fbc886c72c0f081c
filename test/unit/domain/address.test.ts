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
  it('drops a city the province already names, and spaces Chinese from Latin (Hong Kong)', () => {
    expect(
      addressLine({
        province: '香港特别行政区',
        city: '香港',
        district: '观塘区 Kwun Tong',
        line: '开源道 55 号 11 楼 Unit 1103, 55 Hoi Yuen Road',
      }),
    ).toBe('香港特别行政区观塘区 Kwun Tong 开源道 55 号 11 楼 Unit 1103, 55 Hoi Yuen Road')
    // A real city named like its province stays (吉林省吉林市).
    expect(
      addressLine({ province: '吉林省', city: '吉林市', district: '船营区', line: '北京路 1 号' }),
    ).toBe('吉林省吉林市船营区北京路 1 号')
  })
})
