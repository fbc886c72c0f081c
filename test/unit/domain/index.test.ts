import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as domain from '../../../shared/domain'

const DOMAIN_FOLDER = new URL('../../../shared/domain/', import.meta.url)

describe('shared/domain index', () => {
  it('exports the functions other layers import by name', () => {
    const names = [
      'domainError',
      'isFen',
      'roundHalfUp',
      'percentOfAmount',
      'multiplyFen',
      'sumFen',
      'parseYuanToFen',
      'formatFen',
      'splitProportionally',
      'toChineseCapitalAmount',
      'toChineseCapitalAmountFromYuan',
      'isItemValidAt',
      'resolvePriceItem',
      'unitPriceFor',
      'checkQuantity',
      'snapQuantity',
      'priceLine',
      'priceCart',
      'rebateAllowance',
      'suggestAllocation',
      'validateAllocation',
      'returnableQuantity',
      'checkReturnLine',
      'refundSplit',
      'invoiceableAmount',
      'validateInvoiceProfile',
      'validateTaxpayerId',
      'taxpayerIdCheckCharacter',
      'formatDocumentNumber',
      'parseDocumentNumber',
      'canTransition',
      'isOrderCancellable',
      'isOrderOpen',
    ]
    for (const name of names)
      expect(typeof (domain as Record<string, unknown>)[name], name).toBe('function')
    for (const name of [
      'RETURN_REASONS',
      'INVOICE_TYPES',
      'ORDER_STATUSES',
      'RETURN_STATUSES',
      'INVOICE_REQUEST_STATUSES',
      'DELIVERY_STATUSES',
      'LIFE_STATUSES',
    ]) {
      expect(Array.isArray((domain as Record<string, unknown>)[name]), name).toBe(true)
    }
  })

  it('runs anywhere: imports only its own files (or zod) and uses no Node or DOM globals', () => {
    const files = readdirSync(DOMAIN_FOLDER).filter((file) => file.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const source = readFileSync(new URL(file, DOMAIN_FOLDER), 'utf8')
      for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
        expect(
          specifier === 'zod' || /^\.\/[A-Za-z]+$/.test(specifier ?? ''),
          `${file}: ${specifier}`,
        ).toBe(true)
      }
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      expect(code, file).not.toMatch(
        /\b(process|Buffer|window|document|require|globalThis|localStorage)\b/,
      )
      expect(source.split('\n').length, `${file} length`).toBeLessThanOrEqual(300)
    }
  })
})
