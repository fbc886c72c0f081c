/**
 * Shared data and PDF inspection helpers for the document tests: poppler-utils (pdftotext,
 * pdffonts, pdftoppm) reads the PDFs back, jsQR decodes the QR codes of a rendered page.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import type { Delivery, Order, Return, Transaction } from '../../../../shared/api'
import { DEFAULT_DOCUMENT_SETTINGS, type DocumentLanguage } from '../../../../shared/contract'
import { createDocumentText } from '../../../../electron/services/documents/documentText'
import type { DocumentContext } from '../../../../electron/services/documents/documentContext'
import { translatorFor } from '../../../../electron/main/messages'

export const SHIPPED_AT = Date.UTC(2026, 10, 22, 2, 0) // 2026-11-22 10:00 China time
export const DEALER = {
  code: 'SH001',
  nameZh: '上海华东贸易有限公司',
  nameEn: 'Shanghai East Trading Co.',
}

export function context(language: DocumentLanguage, reprint = 0): DocumentContext {
  return {
    settings: DEFAULT_DOCUMENT_SETTINGS,
    text: createDocumentText(language, { zh: translatorFor('zh-CN'), en: translatorFor('en-US') }),
    dealer: DEALER,
    reprint,
  }
}

const ADDRESS = {
  id: 'a1',
  contact: '王经理',
  phone: '13800000000',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  line: '张江路 100 号',
  isDefault: true,
}

export function delivery(lineCount = 3, id = 'dv1', number = 'DN20261122-0001'): Delivery {
  const lines = Array.from({ length: lineCount }, (_, index) => ({
    deliveryLineId: `${id}l${index}`,
    orderLineId: `ol${index}`,
    productId: `p${index}`,
    sku: `SKU-${String(index + 1).padStart(4, '0')}`,
    nameZh: index === 0 ? '圆顶机' : `工业风扇 ${index}`,
    nameEn: index === 0 ? 'Dome camera' : `Industrial fan ${index}`,
    specZh: '4MP 白色',
    specEn: '4MP white',
    unitZh: '台',
    unitEn: 'pcs',
    quantity: 2,
    unitPrice: 617_283,
    amount: 1_234_566,
    receivedQuantity: null,
  }))
  return {
    id,
    number,
    dealerId: 'd_sh',
    orderId: 'o1',
    orderNumber: 'SO20261120-0042',
    status: 'has_delivered',
    carrier: '顺丰速运',
    trackingNumber: 'SF1234567890',
    warehouse: '苏州一号仓',
    shippedAt: SHIPPED_AT,
    address: ADDRESS,
    lines,
    amount: 1_234_566 * lineCount,
    receivedAt: null,
    receiptRemark: null,
    statusHistory: [],
    createdAt: SHIPPED_AT,
    modifiedAt: SHIPPED_AT,
  }
}

export function order(): Order {
  const lines = delivery(2).lines.map((line, index) => ({
    ...line,
    lineId: `ol${index}`,
    deliveredQuantity: 2,
    returnedQuantity: 0,
  }))
  return {
    id: 'o1',
    number: 'SO20261120-0042',
    dealerId: 'd_sh',
    status: 'confirmed',
    lines,
    total: 2_469_132,
    payment: { deposit: 2_000_000, rebate: 469_132, credit: 0 },
    deducted: { deposit: 0, rebate: 0, credit: 0 },
    address: ADDRESS,
    remark: '请周一送货',
    requestedDeliveryDate: SHIPPED_AT,
    statusHistory: [],
    deliveredAmount: 0,
    returnedAmount: 0,
    invoiceRequestedAmount: 0,
    invoiceableAmount: 0,
    deliveryIds: [],
    returnIds: [],
    invoiceRequestIds: [],
    createdBy: 'sh.admin',
    createdAt: SHIPPED_AT,
    modifiedAt: SHIPPED_AT,
  } as Order
}

export function returnRecord(): Return {
  return {
    id: 'r1',
    number: 'RT20261123-0003',
    dealerId: 'd_sh',
    status: 'approved',
    reason: 'damagedInTransit',
    reasonText: null,
    remark: '外箱破损',
    lines: [
      {
        orderId: 'o1',
        orderNumber: 'SO20261120-0042',
        orderLineId: 'ol0',
        productId: 'p0',
        sku: 'SKU-0001',
        nameZh: '圆顶机',
        nameEn: 'Dome camera',
        unitZh: '台',
        unitEn: 'pcs',
        quantity: 1,
        unitPrice: 1_000_010,
        amount: 1_000_010,
      },
    ],
    amount: 1_000_010,
    refund: null,
    rejectReason: null,
    statusHistory: [],
    createdBy: 'sh.admin',
    createdAt: SHIPPED_AT,
    modifiedAt: SHIPPED_AT,
  }
}

/** Deposit: 1,000.00 before the period, then +500.00 top-up and −120.50 deduction inside it. */
export function transactions(count = 2): Transaction[] {
  const base = {
    lockedChange: 0,
    availableAfter: 0,
    documentType: null,
    documentId: null,
    documentNumber: null,
    note: null,
  }
  const list: Transaction[] = [
    {
      ...base,
      id: 'tx0000',
      at: Date.UTC(2026, 9, 5),
      accountType: 'deposit',
      type: 'topUp',
      amount: 100_000,
      balanceAfter: 100_000,
    },
  ]
  let balance = 100_000
  for (let index = 1; index <= count; index++) {
    const amount = index % 2 === 1 ? 50_000 : -12_050
    balance += amount
    list.push({
      ...base,
      id: `tx${String(index).padStart(4, '0')}`,
      at: Date.UTC(2026, 10, 1) + index * 60_000,
      accountType: 'deposit',
      type: amount > 0 ? 'topUp' : 'orderDeduction',
      amount,
      balanceAfter: balance,
      documentNumber: amount > 0 ? null : `DN20261101-${String(index).padStart(4, '0')}`,
    })
  }
  return list
}
export const NOVEMBER = {
  from: Date.UTC(2026, 10, 1) - 8 * 3_600_000,
  to: Date.UTC(2026, 11, 1) - 8 * 3_600_000,
}

const folder = mkdtempSync(join(tmpdir(), 'dealerdesk-pdf-test-'))
let fileIndex = 0

function temporaryPdf(pdf: Buffer): string {
  const file = join(folder, `document-${fileIndex++}.pdf`)
  writeFileSync(file, pdf)
  return file
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`)
  return result.stdout
}

/** The text of the PDF (or of one page), in reading order. */
export function pdfText(pdf: Buffer, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
  return run('pdftotext', ['-layout', ...range, temporaryPdf(pdf), '-'])
}

/**
 * The QR code on a page, decoded from the page rendered to an image (pdftoppm, `dpi`), or null
 * when the image holds none that decodes.
 */
export function pdfPageQrCode(pdf: Buffer, page = 1, dpi = 200): string | null {
  const prefix = join(folder, `page-${fileIndex++}`)
  run('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    temporaryPdf(pdf),
    prefix,
  ])
  const image = PNG.sync.read(readFileSync(`${prefix}.png`))
  return (
    jsQR(
      new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length),
      image.width,
      image.height,
    )?.data ?? null
  )
}

export function pdfPages(pdf: Buffer): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [temporaryPdf(pdf)]))?.[1])
}

/** pdffonts rows: name, emb, sub. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean; subset: boolean }[] {
  return run('pdffonts', [temporaryPdf(pdf)])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const columns = line.trim().split(/\s+/)
      const n = columns.length
      return {
        name: columns[0] ?? '',
        embedded: columns[n - 5] === 'yes',
        subset: columns[n - 4] === 'yes',
      }
    })
}
