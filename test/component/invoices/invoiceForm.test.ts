import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { InvoiceProfile } from '../../../shared/api'
import type { InvoiceableOrder, InvoiceRequestDraft } from '../../../shared/contract/invoices'
import { TAXPAYER_ID_CHARSET } from '../../../shared/domain/taxpayerId'
import { routes } from '../../../renderer/router'
import InvoiceRequestFormView from '../../../renderer/views/invoices/InvoiceRequestFormView.vue'
import { answerConfirm, fakePortal, mountWithApp } from '../helpers'

const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data })
const VALID_ID = '91350100M000100Y43'

const orders: InvoiceableOrder[] = [
  {
    id: 'o1',
    number: 'SO1',
    createdAt: 1,
    total: 200_000,
    deliveredAmount: 150_000,
    returnedAmount: 10_000,
    requestedAmount: 40_000,
    invoiceable: 100_000,
  },
  {
    id: 'o2',
    number: 'SO2',
    createdAt: 2,
    total: 50_000,
    deliveredAmount: 50_000,
    returnedAmount: 0,
    requestedAmount: 0,
    invoiceable: 23_456,
  },
]
const savedProfile: InvoiceProfile = {
  id: 'ipf_1',
  type: 'vatGeneral',
  title: '成都蓉泰',
  taxpayerId: VALID_ID,
  address: '',
  phone: '',
  bankName: '',
  bankAccount: '',
  email: '',
  isDefault: true,
  modifiedAt: 1,
}

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountForm(
  options: {
    profiles?: InvoiceProfile[]
    language?: 'zh-CN' | 'en-US'
    draft?: InvoiceRequestDraft | null
  } = {},
) {
  const create = vi.fn(() => ok({ outboxId: 'ob1', state: 'sent' as const }))
  const saveProfile = vi.fn(() =>
    ok({ outboxId: 'ob2', state: 'sent' as const, profile: { ...savedProfile, id: 'ipf_new' } }),
  )
  const draft = vi.fn(() => ok(options.draft ?? null))
  fakePortal({
    invoices: {
      invoiceableOrders: vi.fn(() => ok(orders)),
      profiles: vi.fn(() => ok(options.profiles ?? [])),
      create,
      saveProfile,
      draft,
    },
  })
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(options.draft === undefined ? '/invoices/new' : '/invoices/new?fromOutbox=ob_9')
  const mounted = mountWithApp(InvoiceRequestFormView, {
    language: options.language ?? 'zh-CN',
    mount: { global: { plugins: [router] } },
  })
  await flushPromises()
  return { ...mounted, create, saveProfile, router }
}

function input(wrapper: VueWrapper, testId: string) {
  const found = wrapper.find(`[data-testid="${testId}"]`)
  return found.element.tagName === 'INPUT' || found.element.tagName === 'TEXTAREA'
    ? found
    : found.find('input')
}

async function tick(wrapper: VueWrapper, testId: string) {
  const box = wrapper.find(`[data-testid="${testId}"]`)
  await (box.element.tagName === 'INPUT' ? box : box.find('input')).setValue(true)
  await flushPromises()
}

async function pickType(wrapper: VueWrapper, type: string) {
  await input(wrapper, `invoice-type-${type}`).setValue(true)
  await flushPromises()
}

describe('correcting a refused invoice request', () => {
  const DRAFT: InvoiceRequestDraft = {
    outboxId: 'ob_9',
    orderIds: ['o2'],
    type: 'vatGeneral',
    profileId: 'ipf_1',
    profile: null,
    amount: 23_456,
    remark: '五月货款',
    error: { code: 'invoice.amountAboveInvoiceable', params: { invoiceable: 20_000 } },
  }

  it('starts from what was asked, says why it was refused, and resubmits the corrected request', async () => {
    const { wrapper, create } = await mountForm({ profiles: [savedProfile], draft: DRAFT })
    expect(wrapper.get('.invoice-form__title').text()).toBe('修改被拒绝的开票申请')
    expect(wrapper.get('[data-testid="invoice-draft-refusal"]').text()).toContain('¥200.00')
    expect((input(wrapper, 'invoice-amount').element as HTMLInputElement).value).toBe('234.56')
    expect((input(wrapper, 'invoice-remark').element as HTMLTextAreaElement).value).toBe('五月货款')
    await input(wrapper, 'invoice-amount').setValue('200.00')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await answerConfirm()
    await flushPromises()
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        orderIds: ['o2'],
        type: 'vatGeneral',
        profileId: 'ipf_1',
        amount: 20_000,
        remark: '五月货款',
        replacesOutboxId: 'ob_9',
      }),
    )
  })

  it('puts a new profile the refused request carried back into the new-profile fields', async () => {
    const carried = {
      type: 'electronicGeneral' as const,
      title: '成都蓉泰离线',
      taxpayerId: VALID_ID,
      email: 'fin@rongtai.cn',
    }
    const { wrapper } = await mountForm({
      profiles: [savedProfile],
      draft: { ...DRAFT, type: 'electronicGeneral', profileId: null, profile: carried },
    })
    expect((input(wrapper, 'invoice-profile-title').element as HTMLInputElement).value).toBe(
      '成都蓉泰离线',
    )
    expect((input(wrapper, 'invoice-profile-email').element as HTMLInputElement).value).toBe(
      'fin@rongtai.cn',
    )
  })

  it('says so when the refused request is gone, and starts a new one', async () => {
    const { wrapper } = await mountForm({
      profiles: [savedProfile],
      language: 'en-US',
      draft: null,
    })
    expect(wrapper.get('[data-testid="invoice-draft-gone"]').text()).toContain(
      'no longer in the outbox',
    )
    expect(wrapper.find('[data-testid="invoice-draft-refusal"]').exists()).toBe(false)
  })
})

describe('invoice request form', () => {
  it('shows delivered / returned / requested / invoiceable per order and defaults the amount to the sum', async () => {
    const { wrapper } = await mountForm()
    const row = wrapper.find('[data-testid="invoiceable-order-SO1"]')
    expect(row.text()).toContain('1,500.00')
    expect(row.text()).toContain('100.00')
    expect(row.find('[data-testid="invoiceable-amount"]').text()).toContain('1,000.00')
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await tick(wrapper, 'invoiceable-order-check-SO2')
    expect((input(wrapper, 'invoice-amount').element as HTMLInputElement).value).toBe('1234.56')
  })

  it('refuses an amount above the invoiceable sum, naming that sum, in both languages', async () => {
    for (const language of ['zh-CN', 'en-US'] as const) {
      const { wrapper, create } = await mountForm({ language, profiles: [savedProfile] })
      await tick(wrapper, 'invoiceable-order-check-SO2')
      await input(wrapper, 'invoice-amount').setValue('234.57')
      await flushPromises()
      const error = wrapper.find('[data-testid="invoice-amount-error"]').text()
      expect(error).toContain('234.56')
      // Said once, under the field (the form item only turns red).
      expect(wrapper.text().split(error).length - 1).toBe(1)
      expect(error).toMatch(
        language === 'zh-CN' ? /不能超过可开票金额/ : /cannot be above the invoiceable amount/,
      )
      await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
      await flushPromises()
      expect(create).not.toHaveBeenCalled()
      await input(wrapper, 'invoice-amount').setValue('100')
      await flushPromises()
      expect(wrapper.find('[data-testid="invoice-amount-error"]').exists()).toBe(false)
      wrapper.unmount()
    }
  })

  it('refuses an amount that is not a positive yuan amount, and a submit without orders', async () => {
    const { wrapper, create } = await mountForm({ profiles: [savedProfile] })
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-amount-error"]').text()).toContain(
      '请至少选择一个订单',
    )
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await input(wrapper, 'invoice-amount').setValue('12.345')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-amount-error"]').text()).toContain('大于 0')
    await input(wrapper, 'invoice-amount').setValue('0')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-amount-error"]').text()).toContain('大于 0')
    expect(create).not.toHaveBeenCalled()
  })

  it('a VAT special invoice needs address, phone, bank and account; a general one does not', async () => {
    const { wrapper, create } = await mountForm()
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await input(wrapper, 'invoice-profile-title').setValue('成都蓉泰')
    await input(wrapper, 'invoice-profile-taxpayerId').setValue(VALID_ID)
    await pickType(wrapper, 'vatSpecial')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await flushPromises()
    for (const [field, label] of [
      ['address', '地址'],
      ['phone', '电话'],
      ['bankName', '开户银行'],
      ['bankAccount', '银行账号'],
    ]) {
      expect(wrapper.find(`[data-testid="invoice-profile-error-${field}"]`).text()).toBe(
        `此发票类型必须填写${label}。`,
      )
    }
    expect(wrapper.find('[data-testid="invoice-profile-error-email"]').exists()).toBe(false)
    expect(create).not.toHaveBeenCalled()
    await pickType(wrapper, 'vatGeneral')
    expect(wrapper.find('[data-testid="invoice-profile-error-address"]').exists()).toBe(false)
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await answerConfirm()
    await flushPromises()
    expect(create).toHaveBeenCalledTimes(1)
  })

  it('an electronic invoice needs a plausible e-mail', async () => {
    const { wrapper, create } = await mountForm({ language: 'en-US' })
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await input(wrapper, 'invoice-profile-title').setValue('Rongtai')
    await input(wrapper, 'invoice-profile-taxpayerId').setValue(VALID_ID)
    await pickType(wrapper, 'electronicGeneral')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-profile-error-email"]').text()).toBe(
      'This invoice type requires E-mail.',
    )
    await input(wrapper, 'invoice-profile-email').setValue('fin@rongtai')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-profile-error-email"]').text()).toBe(
      'The e-mail address is not valid.',
    )
    await input(wrapper, 'invoice-profile-email').setValue('fin@rongtai.cn')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await answerConfirm()
    await flushPromises()
    expect(create).toHaveBeenCalledTimes(1)
  })

  it('names the wrong position of every one-character mutation of a valid taxpayer ID as you type', async () => {
    const { wrapper } = await mountForm()
    const field = input(wrapper, 'invoice-profile-taxpayerId')
    await field.setValue(VALID_ID)
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-profile-error-taxpayerId"]').exists()).toBe(false)
    for (let index = 0; index < VALID_ID.length; index++) {
      const original = VALID_ID.charAt(index)
      const replacement = /\d/.test(original)
        ? String((Number(original) + 1) % 10)
        : TAXPAYER_ID_CHARSET.charAt((TAXPAYER_ID_CHARSET.indexOf(original) + 1) % 31)
      const mutated = VALID_ID.slice(0, index) + replacement + VALID_ID.slice(index + 1)
      await field.setValue(mutated)
      await flushPromises()
      const message = wrapper.find('[data-testid="invoice-profile-error-taxpayerId"]').text()
      expect(message, mutated).toContain('第 18 位')
      expect(message, mutated).toContain(index === 17 ? `实际为“${replacement}”` : '应为')
    }
    await field.setValue('91350100M000100Y4X')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-profile-error-taxpayerId"]').text()).toBe(
      '纳税人识别号校验位（第 18 位）应为“3”，实际为“X”，请核对前 17 位。',
    )
    await field.setValue('91A50100M000100Y43')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-profile-error-taxpayerId"]').text()).toBe(
      '纳税人识别号第 3 位的“A”无效。',
    )
    expect(wrapper.text().split('纳税人识别号第 3 位的“A”无效。').length - 1).toBe(1)
  })

  it('submits through the outbox with the saved profile, the amount in fen and a fresh idempotency key', async () => {
    const { wrapper, create, router } = await mountForm({ profiles: [savedProfile] })
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await input(wrapper, 'invoice-amount').setValue('800.50')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    const asked = await answerConfirm()
    expect(asked).toContain('提交开票申请？')
    expect(asked).toContain('SO1')
    expect(asked).toContain('¥800.50')
    expect(asked).toContain('增值税普通发票')
    expect(asked).toContain('成都蓉泰')
    await flushPromises()
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        orderIds: ['o1'],
        type: 'vatGeneral',
        profileId: 'ipf_1',
        amount: 80_050,
        idempotencyKey: expect.stringMatching(/^[\x21-\x7e]{8,128}$/),
      }),
    )
    expect(router.currentRoute.value.path).toBe('/invoices')
  })

  it('a saved profile without bank details cannot be used for a VAT special invoice', async () => {
    const { wrapper, create } = await mountForm({ profiles: [savedProfile] })
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await pickType(wrapper, 'vatSpecial')
    expect(wrapper.find('[data-testid="invoice-saved-profile-error"]').text()).toContain('地址')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
  })

  it('saves a new profile through the outbox and then picks it', async () => {
    const { wrapper, saveProfile } = await mountForm()
    await input(wrapper, 'invoice-profile-title').setValue('成都蓉泰')
    await input(wrapper, 'invoice-profile-taxpayerId').setValue(VALID_ID)
    await wrapper.find('[data-testid="invoice-profile-save"]').trigger('click')
    await flushPromises()
    expect(saveProfile).toHaveBeenCalledWith({
      profile: expect.objectContaining({
        type: 'vatGeneral',
        title: '成都蓉泰',
        taxpayerId: VALID_ID,
      }),
      idempotencyKey: expect.any(String),
    })
    expect(wrapper.find('[data-testid="invoice-profile-select"]').exists()).toBe(true)
  })
})

describe('invoice request form: finding orders and confirming', () => {
  it('filters the invoiceable orders by number and by order date (Beijing days)', async () => {
    const { wrapper } = await mountForm({ profiles: [savedProfile] })
    await input(wrapper, 'invoice-order-search').setValue('so2')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoiceable-order-SO1"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="invoiceable-order-SO2"]').exists()).toBe(true)
    await input(wrapper, 'invoice-order-search').setValue('SO9')
    await flushPromises()
    expect(wrapper.find('[data-testid="invoice-orders-no-match"]').exists()).toBe(true)
  })

  it('keeps editing when the confirmation is declined: nothing is sent, nothing typed is lost', async () => {
    const { wrapper, create } = await mountForm({ profiles: [savedProfile] })
    await tick(wrapper, 'invoiceable-order-check-SO1')
    await input(wrapper, 'invoice-amount').setValue('800.50')
    await wrapper.find('[data-testid="invoice-submit"]').trigger('click')
    await answerConfirm(false)
    await flushPromises()
    expect(create).not.toHaveBeenCalled()
    expect((input(wrapper, 'invoice-amount').element as HTMLInputElement).value).toBe('800.50')
  })
})
