import { describe, expect, it } from 'vitest'
import {
  createFieldJoiner,
  FIELD_SEPARATOR,
  normalizeSearchText,
  normalizeSearchTextFully,
  searchTokens,
} from '../../../../electron/services/catalog/searchText'

describe('normalizeSearchText fast path', () => {
  it('gives the full NFKC result for every UTF-16 code unit, alone and between others', () => {
    const wrong: string[] = []
    for (let code = 0; code < 65536; code++) {
      const char = String.fromCharCode(code)
      for (const text of [char, `A${char}b`, `六${char}Ｂ `, `${char}${char}`])
        if (normalizeSearchText(text) !== normalizeSearchTextFully(text))
          wrong.push(code.toString(16))
    }
    expect(wrong).toEqual([])
  })

  it('maps full-width forms, × and odd spaces, folds case, keeps CJK and returns normal text as is', () => {
    expect(normalizeSearchText('ＹＤＪ－２２００')).toBe('ydj-2200')
    expect(normalizeSearchText('Ｍ８×３０')).toBe('m8x30')
    expect(normalizeSearchText('不锈钢螺栓 M8×30（2号包装）')).toBe('不锈钢螺栓m8x30(2号包装)')
    expect(normalizeSearchText('500支/盒\u00a0·\u3000GB/T 5783')).toBe('500支/盒·gb/t5783')
    expect(normalizeSearchText('Hex\tBolt\x7f')).toBe('hexbolt')
    expect(normalizeSearchText('SK-1A')).toBe('sk-1a')
    const normal = 'cbb8-m10030-500圆顶机'
    expect(normalizeSearchText(normal)).toBe(normal)
    // Outside the fast path: decompositions (ﬁ, ①, é composed), other times signs, Latin-1 case.
    expect(normalizeSearchText('ﬁ①')).toBe('fi1')
    expect(normalizeSearchText('M8✕30 Café')).toBe('m8x30café')
    expect(normalizeSearchText('ÀÉ')).toBe('àé')
    expect(normalizeSearchText('e\u0301')).toBe('é')
  })

  it('agrees with the full path on random mixes of the characters products hold', () => {
    const pool = [
      ...'AaZz09-_./ ·×✕（）【】，。、《》—…①ﬁÀé\u0301\u00a0\u3000\t\x7f',
      ...'圆顶机螺栓不锈钢ＡＢｃ０９－',
      String.fromCharCode(0xd83d, 0xde00),
    ]
    let seed = 7
    const random = (size: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 8) % size
    }
    for (let round = 0; round < 5000; round++) {
      const text = Array.from({ length: random(24) }, () => pool[random(pool.length)]).join('')
      expect(normalizeSearchText(text)).toBe(normalizeSearchTextFully(text))
    }
  })

  it('splits queries at any whitespace into normalised tokens', () => {
    expect(searchTokens('  ')).toEqual([])
    expect(searchTokens('HEX')).toEqual(['hex'])
    expect(searchTokens('ＨＥＸ　ＢＯＬＴ m8×30')).toEqual(['hex', 'bolt', 'm8x30'])
  })
})

describe('createFieldJoiner', () => {
  it('joins normalised fields, each opened by the separator, fast path or not', () => {
    const joiner = createFieldJoiner()
    expect(joiner.add('SK-1')).toBe(5)
    expect(joiner.add('')).toBe(6)
    expect(joiner.add('ﬁx ① Café')).toBe(15)
    expect(joiner.add('圆顶机 Ｍ８×３０')).toBe(24)
    expect(joiner.take()).toBe('\x01sk-1\x01\x01fix1café\x01圆顶机m8x30\x01')
    joiner.add('x'.repeat(3000))
    expect(joiner.take()).toBe(`\x01${'x'.repeat(3000)}\x01`)
    expect(FIELD_SEPARATOR).toBe('\x01')
  })
})
