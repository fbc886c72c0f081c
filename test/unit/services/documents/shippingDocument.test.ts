/**
 * The shipping document (发货单) rendered to PDF and read back with poppler (pdftotext, pdffonts):
 * Chinese, English and bilingual text, totals in figures and 大写金额, page numbering, the font
 * embedded as a subset, a 600-line document with the page header on every page, and the QR code
 * of the delivery's number (the page rendered to an image and decoded).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { renderPdf, type RenderedPdf } from '../../../../electron/services/documents/pdfRenderer'
import { shippingDocument } from '../../../../electron/services/documents/shippingDocument'
import { context, delivery, pdfFonts, pdfPageQrCode, pdfPages, pdfText } from './fixtures'

const squash = (text: string) => text.replace(/\s+/g, ' ')
const compact = (text: string) => text.replace(/\s+/g, '')
const rendered: Record<string, RenderedPdf> = {}

beforeAll(async () => {
  for (const language of ['zh-CN', 'en-US', 'bilingual'] as const) {
    rendered[language] = await renderPdf([shippingDocument(context(language), delivery(3))], {
      title: 'test',
    })
  }
}, 60_000)

describe('shipping document', () => {
  it('prints the Chinese document with its data, totals in figures and in capitals, and page numbers', () => {
    const text = squash(pdfText(rendered['zh-CN']!.pdf))
    for (const expected of [
      '发货单',
      'DN20261122-0001',
      'SO20261120-0042',
      '上海华东贸易有限公司',
      '张江路 100 号',
      '顺丰速运',
      'SF1234567890',
      '苏州一号仓',
      '2026-11-22',
      '圆顶机',
      'SKU-0001',
      '4MP 白色',
      '台',
      '6,172.83',
      '12,345.66',
      '合计金额',
      '¥37,036.98',
      '大写金额',
      '叁万柒仟零叁拾陆元玖角捌分',
      '发货人（签字）',
      '收货人（签字）',
      '示范制造有限公司',
    ]) {
      expect(text).toContain(expected)
    }
    expect(compact(text)).toContain('第1/1页')
    expect(text).not.toContain('Shipping document')
  })

  it('prints the English document without capitals', () => {
    const text = squash(pdfText(rendered['en-US']!.pdf))
    for (const expected of [
      'Shipping document',
      'DN20261122-0001',
      'Dome camera',
      'Tracking No.',
      'Total amount',
      '37,036.98',
      'Page 1 of 1',
      'Receiver (signature)',
      'Demo Manufacturing Co., Ltd.',
    ]) {
      expect(text).toContain(expected)
    }
    expect(text).not.toContain('大写金额')
    expect(text).not.toContain('发货单')
  })

  it('prints both labels on the bilingual document, with capitals and both page numbers', () => {
    const text = squash(pdfText(rendered.bilingual!.pdf))
    for (const expected of [
      '发货单 Shipping document',
      '圆顶机',
      'Dome camera',
      '大写金额 Amount in words',
      '叁万柒仟零叁拾陆元玖角捌分',
    ]) {
      expect(text).toContain(expected)
    }
    expect(compact(text)).toContain('第1/1页Page1of1')
  })

  it("carries a QR code that a scanner reads as the delivery's number", async () => {
    expect(pdfPageQrCode(rendered['zh-CN']!.pdf)).toBe('DN20261122-0001')
    const other = { ...delivery(3), number: 'DN20261205-0137' }
    const { pdf } = await renderPdf([shippingDocument(context('en-US'), other)], { title: 'qr' })
    expect(pdfPageQrCode(pdf)).toBe('DN20261205-0137')
  }, 60_000)

  it('embeds Noto Sans SC as subsets', () => {
    const fonts = pdfFonts(rendered['zh-CN']!.pdf)
    expect(fonts.length).toBeGreaterThanOrEqual(1)
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/)
      expect(font).toMatchObject({ embedded: true, subset: true })
    }
    expect(rendered['zh-CN']!.pdf.length).toBeLessThan(200_000)
  })

  it('paginates 600 lines with the header and the document number on every page', async () => {
    const { pdf, pageCount } = await renderPdf(
      [shippingDocument(context('zh-CN'), delivery(600))],
      { title: 'long' },
    )
    expect(pageCount).toBeGreaterThan(10)
    expect(pdfPages(pdf)).toBe(pageCount)
    for (let page = 1; page <= pageCount; page++) {
      const text = squash(pdfText(pdf, page))
      expect(text).toContain('发货单')
      expect(text).toContain('DN20261122-0001')
      expect(text).toContain('商品编码') // the table's heading row repeats
      expect(compact(text)).toContain(`第${page}/${pageCount}页`)
    }
    expect(squash(pdfText(pdf, pageCount))).toContain('SKU-0600')
  }, 60_000)
})
