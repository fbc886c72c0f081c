import { describe, expect, it } from 'vitest'
import zhCN from '../../../locales/zh-CN.json'
import enUS from '../../../locales/en-US.json'
import type { InvoiceProfileInput } from '../../../shared/domain/invoices'
import {
  INVOICE_TYPES,
  invoiceableAmount,
  isInvoiceType,
  isPlausibleBankAccount,
  isPlausibleEmail,
  isPlausiblePhone,
  validateInvoiceProfile,
} from '../../../shared/domain/invoices'

const complete: InvoiceProfileInput = {
  title: '福州示例贸易有限公司',
  taxpayerId: '91350100M000100Y43',
  address: '福建省福州市鼓楼区五四路 1 号',
  phone: '0591-87654321',
  bankName: '中国工商银行福州五四支行',
  bankAccount: '1402 0200 0900 1234 567',
  email: 'finance@example.com',
}

describe('INVOICE_TYPES', () => {
  it('accepts exactly the types a request may ask for, each named in both languages', () => {
    for (const type of INVOICE_TYPES) {
      expect(isInvoiceType(type)).toBe(true)
      expect(zhCN.invoices.type[type], type).toBeTruthy()
      expect(enUS.invoices.type[type], type).toBeTruthy()
    }
    expect(isInvoiceType('paper')).toBe(false)
    expect(isInvoiceType('toString')).toBe(false)
  })
})

describe('invoiceableAmount', () => {
  it('is delivered minus returned minus already requested', () => {
    expect(
      invoiceableAmount({ deliveredAmount: 100000, returnedAmount: 20000, requestedAmount: 30000 }),
    ).toBe(50000)
    expect(
      invoiceableAmount({ deliveredAmount: 100000, returnedAmount: 0, requestedAmount: 0 }),
    ).toBe(100000)
  })

  it('is zero once everything is requested or returned, and never negative', () => {
    expect(
      invoiceableAmount({ deliveredAmount: 100000, returnedAmount: 40000, requestedAmount: 60000 }),
    ).toBe(0)
    expect(
      invoiceableAmount({ deliveredAmount: 100000, returnedAmount: 50000, requestedAmount: 60000 }),
    ).toBe(0)
    expect(invoiceableAmount({ deliveredAmount: 0, returnedAmount: 0, requestedAmount: 0 })).toBe(0)
  })
})

describe('validateInvoiceProfile', () => {
  it('accepts a complete profile for every type', () => {
    for (const type of INVOICE_TYPES) expect(validateInvoiceProfile(type, complete)).toEqual([])
  })

  it('accepts a general invoice with only title and taxpayer ID', () => {
    expect(
      validateInvoiceProfile('vatGeneral', { title: '示例公司', taxpayerId: '914403001922038216' }),
    ).toEqual([])
  })

  it('requires a title for every type', () => {
    for (const type of INVOICE_TYPES) {
      expect(validateInvoiceProfile(type, { ...complete, title: '  ' })).toEqual([
        { code: 'invoice.fieldRequired', params: { field: 'title' }, field: 'title' },
      ])
    }
  })

  it('reports taxpayer ID problems on the taxpayerId field', () => {
    expect(validateInvoiceProfile('vatGeneral', { ...complete, taxpayerId: '' })).toEqual([
      { code: 'invoice.taxpayerIdEmpty', field: 'taxpayerId' },
    ])
    expect(
      validateInvoiceProfile('vatGeneral', { ...complete, taxpayerId: '91350100M000100Y44' }),
    ).toEqual([
      {
        code: 'invoice.taxpayerIdChecksum',
        params: { position: 18, expected: '3', actual: '4' },
        field: 'taxpayerId',
      },
    ])
  })

  it('requires address, phone, bank name and bank account for a VAT special invoice', () => {
    const minimal = { title: '示例公司', taxpayerId: '914403001922038216' }
    expect(validateInvoiceProfile('vatSpecial', minimal)).toEqual(
      ['address', 'phone', 'bankName', 'bankAccount'].map((field) => ({
        code: 'invoice.fieldRequired',
        params: { field },
        field,
      })),
    )
    expect(validateInvoiceProfile('vatSpecial', { ...complete, bankName: ' ' })).toEqual([
      { code: 'invoice.fieldRequired', params: { field: 'bankName' }, field: 'bankName' },
    ])
  })

  it('requires a valid e-mail for an electronic invoice', () => {
    const { email: _email, ...withoutEmail } = complete
    expect(validateInvoiceProfile('electronicGeneral', withoutEmail)).toEqual([
      { code: 'invoice.fieldRequired', params: { field: 'email' }, field: 'email' },
    ])
    expect(
      validateInvoiceProfile('electronicGeneral', { ...complete, email: 'finance@example' }),
    ).toEqual([{ code: 'invoice.emailInvalid', field: 'email' }])
    expect(validateInvoiceProfile('vatGeneral', withoutEmail)).toEqual([])
  })

  it('checks the format of optional fields that are filled in', () => {
    expect(
      validateInvoiceProfile('vatGeneral', {
        ...complete,
        phone: 'call me',
        bankAccount: '12ab',
        email: 'x@',
      }),
    ).toEqual([
      { code: 'invoice.phoneInvalid', field: 'phone' },
      { code: 'invoice.bankAccountInvalid', field: 'bankAccount' },
      { code: 'invoice.emailInvalid', field: 'email' },
    ])
  })

  it('reports every problem in field order', () => {
    const fields = validateInvoiceProfile('vatSpecial', {
      title: '',
      taxpayerId: 'x',
      phone: '12',
      email: 'bad',
    }).map((error) => error.field)
    expect(fields).toEqual([
      'title',
      'taxpayerId',
      'address',
      'phone',
      'bankName',
      'bankAccount',
      'email',
    ])
  })
})

describe('format sanity checks', () => {
  it('accepts landlines, mobiles, international numbers and extensions', () => {
    for (const phone of [
      '0591-87654321',
      '(0591) 8765 4321',
      '13800138000',
      '138 0013 8000',
      '+86 10 8888 8888',
      '400-800-8888',
      '010-12345678 转 8001',
      '010-12345678 ext. 12',
      '０５９１－８７６５４３２１',
    ]) {
      expect(isPlausiblePhone(phone), phone).toBe(true)
    }
  })

  it('rejects phones with letters or too few or too many digits', () => {
    for (const phone of [
      '',
      '123456',
      'phone 12345678',
      '1234567890123456789012',
      '12345678 转',
      '--',
    ]) {
      expect(isPlausiblePhone(phone), phone).toBe(false)
    }
  })

  it('accepts bank accounts of 8 to 32 digits with spaces or hyphens', () => {
    for (const account of [
      '12345678',
      '6222 0212 3456 7890 123',
      '1402-0200-0900-1234-567',
      '1'.repeat(32),
    ]) {
      expect(isPlausibleBankAccount(account), account).toBe(true)
    }
  })

  it('rejects bank accounts with letters, too few or too many digits', () => {
    for (const account of ['1234567', '1'.repeat(33), '6222 ABCD 3456', '-12345678', '12345678-']) {
      expect(isPlausibleBankAccount(account), account).toBe(false)
    }
  })

  it('accepts ordinary e-mail addresses and rejects malformed ones', () => {
    for (const email of ['a@b.cn', 'finance.dept+invoice@mail.example.com.cn', ' a@b.co ']) {
      expect(isPlausibleEmail(email), email).toBe(true)
    }
    for (const email of ['', 'a', 'a@b', '@b.cn', 'a@.cn', 'a b@c.cn', 'a@b..cn', 'a@b.cn.']) {
      expect(isPlausibleEmail(email), email).toBe(false)
    }
  })
})
