import { describe, expect, it } from 'vitest'
import { pinyinOf } from '../../../../electron/services/sync/pinyin'

describe('pinyin of product names', () => {
  it('gives full pinyin and initials without tones', () => {
    expect(pinyinOf('圆顶机')).toEqual({ full: 'yuandingji', initials: 'ydj' })
  })

  it('keeps letters and digits of non-Chinese runs in both forms', () => {
    expect(pinyinOf('不锈钢六角螺栓 M8×30')).toEqual({
      full: 'buxiugangliujiaoluoshuanm830',
      initials: 'bxgljlsm830',
    })
    expect(pinyinOf('PVC 电工胶带')).toEqual({ full: 'pvcdiangongjiaodai', initials: 'pvcdgjd' })
  })

  it('reads polyphones by word', () => {
    expect(pinyinOf('银行卡').full).toBe('yinhangka')
  })

  it('reads a run that repeats across names the same way each time', () => {
    for (const size of ['M6', 'M8', 'M10']) {
      expect(pinyinOf(`六角螺栓 ${size}`)).toEqual({
        full: `liujiaoluoshuan${size.toLowerCase()}`,
        initials: `ljls${size.toLowerCase()}`,
      })
    }
    expect(pinyinOf('银行卡').initials).toBe('yhk')
  })

  it('handles names without Chinese and empty names', () => {
    expect(pinyinOf('Stainless hex bolt')).toEqual({
      full: 'stainlesshexbolt',
      initials: 'stainlesshexbolt',
    })
    expect(pinyinOf('')).toEqual({ full: '', initials: '' })
  })

  it('computes a name once: the same name again is the remembered result', () => {
    const first = pinyinOf('镀锌六角螺母 M12')
    expect(first).toEqual({ full: 'duxinliujiaoluomum12', initials: 'dxljlmm12' })
    expect(pinyinOf('镀锌六角螺母 M12')).toBe(first)
  })
})
