import { describe, expect, it } from 'vitest'
import { orderLineFor, parsePastedOrder, parseSheetRows } from '../../../shared/domain/quickOrder'

const pairs = (text: string) => parsePastedOrder(text).map((row) => [row.reference, row.quantity])

describe('parsePastedOrder', () => {
  it('reads tab-separated rows copied from Excel, with line numbers', () => {
    expect(parsePastedOrder('YDJ-2200\t2\nHBA2-M8030-100\t30\n')).toEqual([
      { line: 1, reference: 'YDJ-2200', quantity: 2 },
      { line: 2, reference: 'HBA2-M8030-100', quantity: 30 },
    ])
  })

  it('reads comma, Chinese comma and semicolon separated rows', () => {
    expect(pairs('A-1,5\nB-2，6\nC-3;7\nD-4；8')).toEqual([
      ['A-1', 5],
      ['B-2', 6],
      ['C-3', 7],
      ['D-4', 8],
    ])
  })

  it('accepts the quantity first', () => {
    expect(pairs('12\tYDJ-2200\n3,圆顶机')).toEqual([
      ['YDJ-2200', 12],
      ['圆顶机', 3],
    ])
  })

  it('turns full-width digits, letters and spaces into half-width', () => {
    expect(pairs('ＹＤＪ－２２００\t１２\n圆顶机\u3000\t\u3000３')).toEqual([
      ['YDJ-2200', 12],
      ['圆顶机', 3],
    ])
  })

  it('reads thousands separators, also when they split comma-separated cells', () => {
    expect(pairs('A\t1,200\nB,1,200\nC，1，200\nD\t1 500\n2,000,E')).toEqual([
      ['A', 1200],
      ['B', 1200],
      ['C', 1200],
      ['D', 1500],
      ['E', 2000],
    ])
  })

  it('skips empty lines and a UTF-8 BOM, keeping the original line numbers', () => {
    const rows = parsePastedOrder('\uFEFFA\t1\r\n\r\n   \n\t\nB\t2')
    expect(rows.map((row) => [row.line, row.reference])).toEqual([
      [1, 'A'],
      [5, 'B'],
    ])
  })

  it('skips a header row in Chinese or English, but only the first row', () => {
    expect(pairs('商品编码\t数量\nA\t1')).toEqual([['A', 1]])
    expect(pairs('SKU,Qty\nA,1')).toEqual([['A', 1]])
    expect(pairs('Product name;Quantity\nA;1')).toEqual([['A', 1]])
    expect(pairs('A\t1\nSKU\tqty')[1]).toEqual(['SKU', null])
  })

  it('reads quoted CSV cells with commas and doubled quotes', () => {
    expect(pairs('"M8,30 ""A2"" bolt",4\n"YDJ-2200","1,200"')).toEqual([
      ['M8,30 "A2" bolt', 4],
      ['YDJ-2200', 1200],
    ])
  })

  it('reports a missing or invalid quantity and a missing reference instead of guessing', () => {
    expect(parsePastedOrder('YDJ-2200\nA\t1.5\nB\tabc\nC\t0\n\t5')).toEqual([
      { line: 1, reference: 'YDJ-2200', quantity: null, problem: 'quickOrder.quantityMissing' },
      { line: 2, reference: 'A', quantity: null, problem: 'quickOrder.quantityInvalid' },
      { line: 3, reference: 'B', quantity: null, problem: 'quickOrder.quantityInvalid' },
      { line: 4, reference: 'C', quantity: null, problem: 'quickOrder.quantityInvalid' },
      { line: 5, reference: '', quantity: 5, problem: 'quickOrder.referenceMissing' },
    ])
  })

  it('survives garbage without throwing', () => {
    const garbage = '\u0000\u0001"unterminated\n;;;;\n,,,\n🙂🙂\t🙂\n' + 'x'.repeat(10_000)
    const rows = parsePastedOrder(garbage)
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows)
      expect(row.quantity === null || Number.isSafeInteger(row.quantity)).toBe(true)
    expect(parsePastedOrder('')).toEqual([])
  })

  it('accepts a whole number written with a zero decimal (12.0) but no huge numbers', () => {
    expect(pairs('A\t12.0\nB\t99999999999999999999')).toEqual([
      ['A', 12],
      ['B', null],
    ])
  })
})

describe('parseSheetRows', () => {
  it('reads sheet rows with their row numbers and skips the header', () => {
    expect(
      parseSheetRows([
        { line: 1, cells: ['编码', '数量'] },
        { line: 3, cells: ['A', '２'] },
        { line: 4, cells: [] },
      ]),
    ).toEqual([{ line: 3, reference: 'A', quantity: 2 }])
  })
})

describe('orderLineFor', () => {
  const product = { status: 'onSale' as const, price: { minQuantity: 20, step: 10 } }
  it('snaps to the minimum and the pack step and says why', () => {
    expect(orderLineFor(product, 5)).toMatchObject({
      status: 'matched',
      quantity: 20,
      adjustment: 'belowMinimum',
    })
    expect(orderLineFor(product, 25)).toMatchObject({
      status: 'matched',
      quantity: 30,
      adjustment: 'packStep',
    })
    expect(orderLineFor(product, 30)).toMatchObject({
      status: 'matched',
      quantity: 30,
      adjustment: null,
    })
    expect(orderLineFor(product, null)).toMatchObject({
      status: 'matched',
      quantity: 20,
      adjustment: 'defaulted',
    })
  })
  it('refuses products off sale or without a price', () => {
    expect(orderLineFor({ ...product, status: 'offSale' }, 30)).toMatchObject({
      status: 'notSellable',
      problem: 'order.productOffSale',
    })
    expect(orderLineFor({ status: 'onSale', price: null }, 30)).toMatchObject({
      status: 'notSellable',
      problem: 'order.productNotInPriceList',
    })
  })
})
