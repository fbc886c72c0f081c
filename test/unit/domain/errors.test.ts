import { describe, expect, it } from 'vitest'
import { domainError } from '../../../shared/domain/errors'

describe('domainError', () => {
  it('carries the code and its parameters', () => {
    expect(domainError('order.rebateAboveAllowance', { allowance: 120000 })).toEqual({
      code: 'order.rebateAboveAllowance',
      params: { allowance: 120000 },
    })
  })

  it('has no params key when there are no parameters', () => {
    expect(Object.keys(domainError('money.invalid'))).toEqual(['code'])
  })
})
