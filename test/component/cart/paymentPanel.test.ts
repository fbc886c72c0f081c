import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { RebateRule } from '../../../shared/api'
import type { CartCapacity } from '../../../shared/contract/cart'
import PaymentPanel from '../../../renderer/components/cart/PaymentPanel.vue'
import { fakePortal, mountWithApp } from '../helpers'

afterEach(() => {
  document.body.innerHTML = ''
})

const CAPACITY: CartCapacity = {
  depositAvailable: 100_000_00,
  rebateAvailable: 500_00,
  creditAvailable: 2_000_00,
}
const RULE: RebateRule = { minOrderAmount: 1_000_00, maxAmount: 300_00, maxPercent: 10 }

function mountPanel(
  props: {
    total: number
    capacity?: CartCapacity | null
    rule?: RebateRule | null
    blocked?: { code: string } | null
  },
  language: 'zh-CN' | 'en-US' = 'en-US',
) {
  fakePortal()
  return mountWithApp(PaymentPanel, {
    language,
    mount: { props: { capacity: CAPACITY, rule: RULE, blocked: null, ...props } },
  }).wrapper
}

type Wrapper = ReturnType<typeof mountPanel>
const amount = (wrapper: Wrapper, field: string) =>
  (wrapper.find(`[data-testid="payment-${field}"]`).element as HTMLInputElement).value
const reason = (wrapper: Wrapper) =>
  wrapper.find('[data-testid="payment-reason"]').exists()
    ? wrapper.find('[data-testid="payment-reason"]').text()
    : null
const submitDisabled = (wrapper: Wrapper) =>
  wrapper.find('[data-testid="cart-submit"]').attributes('disabled') !== undefined

async function type(
  wrapper: Wrapper,
  values: Partial<Record<'deposit' | 'rebate' | 'credit', string>>,
) {
  for (const [field, value] of Object.entries(values))
    await wrapper.find(`[data-testid="payment-${field}"]`).setValue(value)
  await flushPromises()
}

describe('payment panel', () => {
  it('suggests the default split: rebate up to its allowance, then deposit, then credit', () => {
    // total ¥2,000.00: 10 % = ¥200.00 < max ¥300.00 → allowance ¥200.00
    const wrapper = mountPanel({ total: 2_000_00 })
    expect([
      amount(wrapper, 'rebate'),
      amount(wrapper, 'deposit'),
      amount(wrapper, 'credit'),
    ]).toEqual(['200.00', '1,800.00', '0.00'])
    expect(wrapper.find('[data-testid="payment-rebate-available"]').text()).toContain(
      'up to CN¥200.00 on this order',
    )
    expect(reason(wrapper)).toBeNull()
    expect(submitDisabled(wrapper)).toBe(false)
  })

  it('falls back to credit when the deposit does not cover the rest', () => {
    const wrapper = mountPanel({
      total: 3_000_00,
      capacity: { depositAvailable: 2_000_00, rebateAvailable: 0, creditAvailable: 5_000_00 },
    })
    expect([
      amount(wrapper, 'rebate'),
      amount(wrapper, 'deposit'),
      amount(wrapper, 'credit'),
    ]).toEqual(['0.00', '2,000.00', '1,000.00'])
  })

  it('explains the rule in words and gives no allowance below the minimum order amount', () => {
    const wrapper = mountPanel({ total: 999_99 })
    const rule = wrapper.find('[data-testid="payment-rule"]').text()
    expect(rule).toContain('Rebate can be used on orders of CN¥1,000.00 or more.')
    expect(rule).toContain('At most CN¥300.00 of rebate per order.')
    expect(rule).toContain('Rebate may pay at most 10% of the order total.')
    expect(rule).toContain('This order is CN¥0.01 short of the minimum')
    expect(amount(wrapper, 'rebate')).toBe('0.00')
  })

  it('refuses rebate when the order is below the minimum order amount (allowance 0)', async () => {
    const wrapper = mountPanel({ total: 500_00 })
    await type(wrapper, { rebate: '10', deposit: '490' })
    expect(reason(wrapper)).toBe("The rebate used is above this order's allowance of CN¥0.00.")
    expect(submitDisabled(wrapper)).toBe(true)
  })

  it('caps the allowance at the maximum amount', async () => {
    // total ¥5,000.00: 10 % = ¥500.00, max amount ¥300.00 → ¥300.00
    const wrapper = mountPanel({ total: 5_000_00 })
    expect(amount(wrapper, 'rebate')).toBe('300.00')
    await type(wrapper, { rebate: '300.01', deposit: '4699.99' })
    expect(reason(wrapper)).toBe("The rebate used is above this order's allowance of CN¥300.00.")
  })

  it('caps the allowance at the maximum percent', async () => {
    const wrapper = mountPanel({
      total: 1_500_00,
      rule: { minOrderAmount: null, maxAmount: null, maxPercent: 12.5 },
    })
    expect(amount(wrapper, 'rebate')).toBe('187.50')
    await type(wrapper, { rebate: '187.51', deposit: '1312.49' })
    expect(reason(wrapper)).toContain('allowance of CN¥187.50')
  })

  it('with both caps set, takes the smaller one', () => {
    expect(amount(mountPanel({ total: 2_000_00 }), 'rebate')).toBe('200.00') // percent smaller
    expect(amount(mountPanel({ total: 4_000_00 }), 'rebate')).toBe('300.00') // amount smaller
  })

  it('never allows more rebate than is available', async () => {
    const wrapper = mountPanel({
      total: 10_000_00,
      capacity: { ...CAPACITY, rebateAvailable: 120_00 },
      rule: { minOrderAmount: null, maxAmount: null, maxPercent: 50 },
    })
    expect(amount(wrapper, 'rebate')).toBe('120.00')
    await type(wrapper, { rebate: '121', deposit: '9879' })
    expect(reason(wrapper)).toContain('allowance of CN¥120.00')
  })

  it('without a rule, rebate may pay up to the whole order', () => {
    const wrapper = mountPanel({ total: 400_00, rule: null })
    expect(wrapper.find('[data-testid="payment-rule"]').text()).toContain('No rebate rule')
    expect(amount(wrapper, 'rebate')).toBe('400.00')
  })

  it('says when the deposit is short', async () => {
    const wrapper = mountPanel({
      total: 2_000_00,
      capacity: { ...CAPACITY, depositAvailable: 1_000_00 },
    })
    await type(wrapper, { rebate: '0', deposit: '2000', credit: '0' })
    expect(reason(wrapper)).toBe('Not enough deposit available (CN¥1,000.00 available).')
    expect(submitDisabled(wrapper)).toBe(true)
  })

  it('says when the credit is short', async () => {
    const wrapper = mountPanel({ total: 5_000_00 })
    await type(wrapper, { rebate: '0', deposit: '2500', credit: '2500' })
    expect(reason(wrapper)).toBe('Not enough credit available (CN¥2,000.00 available).')
  })

  it('says when the parts do not add up to the total', async () => {
    const wrapper = mountPanel({ total: 2_000_00 })
    await type(wrapper, { deposit: '1700' })
    expect(reason(wrapper)).toBe(
      'The payment parts add up to CN¥1,900.00, not the order total of CN¥2,000.00.',
    )
    expect(submitDisabled(wrapper)).toBe(true)
  })

  it('shows the amounts with ¥ and thousands separators, and lays a typed amount out on leaving', async () => {
    const wrapper = mountPanel({ total: 12_345_678_90 }, 'zh-CN')
    expect(amount(wrapper, 'deposit')).toBe('100,000.00')
    expect(wrapper.find('.payment-panel__field .el-input__prefix').text()).toBe('¥')
    const deposit = wrapper.find('[data-testid="payment-deposit"]')
    await deposit.setValue('1234567.5')
    await deposit.trigger('blur')
    expect(amount(wrapper, 'deposit')).toBe('1,234,567.50')
    // Not an amount: left as typed (nothing the user entered is lost), the reason says why.
    await deposit.setValue('12a')
    await deposit.trigger('blur')
    expect(amount(wrapper, 'deposit')).toBe('12a')
    expect(wrapper.find('[data-testid="payment-difference"]').exists()).toBe(false)
  })

  it('shows the difference when the split does not add up, in both directions and languages', async () => {
    const wrapper = mountPanel({ total: 2_000_00 })
    expect(wrapper.find('[data-testid="payment-difference"]').exists()).toBe(false)
    await type(wrapper, { deposit: '1,700' })
    expect(wrapper.find('[data-testid="payment-difference"]').text()).toBe(
      'CN¥1,900.00 allocated: CN¥100.00 still to allocate',
    )
    await type(wrapper, { deposit: '1,800.01' })
    expect(wrapper.find('[data-testid="payment-difference"]').text()).toBe(
      'CN¥2,000.01 allocated: CN¥0.01 more than the total',
    )
    await type(wrapper, { deposit: '1800' })
    expect(wrapper.find('[data-testid="payment-difference"]').exists()).toBe(false)
    const chinese = mountPanel({ total: 2_000_00 }, 'zh-CN')
    await type(chinese, { deposit: '1,700' })
    expect(chinese.find('[data-testid="payment-difference"]').text()).toBe(
      '已分配 ¥1,900.00，还差 ¥100.00 未分配',
    )
  })

  it('refuses negative and unreadable amounts, naming the field', async () => {
    const wrapper = mountPanel({ total: 2_000_00 })
    await type(wrapper, { credit: '-5' })
    expect(reason(wrapper)).toBe('Credit: The amount cannot be negative.')
    await type(wrapper, { credit: 'abc' })
    expect(reason(wrapper)).toBe('Credit: Enter a valid amount.')
    await type(wrapper, { credit: '1.234' })
    expect(reason(wrapper)).toBe('Credit: Amounts have at most 2 decimal places.')
    expect(submitDisabled(wrapper)).toBe(true)
  })

  it('shows the reason in Chinese', async () => {
    const wrapper = mountPanel({ total: 2_000_00 }, 'zh-CN')
    await type(wrapper, { credit: '-5' })
    expect(reason(wrapper)).toBe('信用：金额不能为负数。')
  })

  it('is disabled with the reason given by the cart (e.g. lines with problems)', () => {
    const wrapper = mountPanel({ total: 2_000_00, blocked: { code: 'cart.linesHaveProblems' } })
    expect(reason(wrapper)).toBe('Some lines cannot be ordered: fix the lines marked in red first.')
    expect(submitDisabled(wrapper)).toBe(true)
  })

  it('accepts an edited valid split (full-width digits, ¥, thousands separators) and emits it in fen', async () => {
    const wrapper = mountPanel({ total: 2_000_00 })
    await type(wrapper, { rebate: '１５０', deposit: '¥1,350.00', credit: '500' })
    expect(reason(wrapper)).toBeNull()
    expect(submitDisabled(wrapper)).toBe(false)
    await wrapper.find('[data-testid="cart-submit"]').trigger('click')
    expect(wrapper.emitted('submit')).toEqual([
      [{ rebate: 150_00, deposit: 1_350_00, credit: 500_00 }],
    ])
  })

  it('keeps the default split in step with the total until the user edits, and can go back to it', async () => {
    const wrapper = mountPanel({ total: 2_000_00 })
    await wrapper.setProps({ total: 3_000_00 })
    expect(amount(wrapper, 'deposit')).toBe('2,700.00')
    await type(wrapper, { deposit: '1' })
    await wrapper.setProps({ total: 3_500_00 })
    expect(amount(wrapper, 'deposit')).toBe('1')
    await wrapper.find('[data-testid="payment-default"]').trigger('click')
    await flushPromises()
    expect([amount(wrapper, 'rebate'), amount(wrapper, 'deposit')]).toEqual(['300.00', '3,200.00'])
    expect(reason(wrapper)).toBeNull()
  })
})
