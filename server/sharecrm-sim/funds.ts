/**
 * Funds of the simulated CRM (CustomerAccountObj + AccountTransactionFlowObj): balances, locks,
 * the order's payment parts, and the flow row written for every booked change.
 */
import { fenToDecimal } from '../backends/sharecrm/decimal'
import { SimRefusal, fen } from './refusal'
import type { SimRecord, SimStore } from './store'

export type Fund = 'deposit' | 'rebate' | 'credit'

export type SimFunds = ReturnType<typeof createFunds>

export function createFunds(store: SimStore, number: (api: string) => string) {
  function account(dealerId: string): SimRecord {
    const found = store.find('CustomerAccountObj', (record) => record.customer_id === dealerId)[0]
    if (found) return found
    return store.put('CustomerAccountObj', {
      _id: `ca_${dealerId}`,
      name: `ca_${dealerId}`,
      customer_id: dealerId,
      prepay_balance: '0.00',
      prepay_available_balance: '0.00',
      prepay_locked_balance: '0.00',
      rebate_balance: '0.00',
      rebate_available_balance: '0.00',
      rebate_locked_balance: '0.00',
      credit_quota: '0.00',
      credit_used__c: '0.00',
    })
  }

  const PREFIX: Record<'deposit' | 'rebate', string> = { deposit: 'prepay', rebate: 'rebate' }

  /** Changes one fund: balance by `amount`, locked by `locked`; a flow row when amount ≠ 0. */
  function move(
    dealerId: string,
    fund: Fund,
    amount: number,
    locked: number,
    flow: { type: string; api?: string; id?: string; remark?: string },
  ): void {
    const current = account(dealerId)
    let balanceAfter: number
    if (fund === 'credit') {
      balanceAfter = fen(current.credit_used__c) - amount
      store.patch('CustomerAccountObj', current._id, { credit_used__c: fenToDecimal(balanceAfter) })
    } else {
      const prefix = PREFIX[fund]
      balanceAfter = fen(current[`${prefix}_balance`]) + amount
      const lockedAfter = fen(current[`${prefix}_locked_balance`]) + locked
      store.patch('CustomerAccountObj', current._id, {
        [`${prefix}_balance`]: fenToDecimal(balanceAfter),
        [`${prefix}_locked_balance`]: fenToDecimal(lockedAfter),
        [`${prefix}_available_balance`]: fenToDecimal(balanceAfter - lockedAfter),
      })
    }
    if (amount !== 0) {
      const at = store.touch()
      store.put('AccountTransactionFlowObj', {
        name: number('AccountTransactionFlowObj'),
        account_id: dealerId,
        fund_account_type: fund,
        amount: fenToDecimal(amount),
        balance_after: fenToDecimal(balanceAfter),
        transaction_time: at,
        related_object_api_name: flow.api ?? null,
        related_object_id: flow.id ?? null,
        remark: flow.remark ?? null,
        transaction_type__c: flow.type,
        last_modified_time: at,
      })
    }
  }

  function payment(order: SimRecord): Record<Fund, number> {
    return {
      deposit: fen(order.dd_deposit_amount__c),
      rebate: fen(order.dd_rebate_amount__c),
      credit: fen(order.dd_credit_amount__c),
    }
  }

  function lockOrder(order: SimRecord): void {
    const parts = payment(order)
    const dealerId = String(order.account_id)
    const balances = account(dealerId)
    if (parts.deposit > fen(balances.prepay_available_balance))
      throw new SimRefusal(10001, '预存款可用余额不足 / insufficient deposit')
    if (parts.rebate > fen(balances.rebate_available_balance))
      throw new SimRefusal(10001, '返利可用余额不足 / insufficient rebate')
    if (parts.credit > fen(balances.credit_quota) - fen(balances.credit_used__c))
      throw new SimRefusal(10001, '信用额度不足 / insufficient credit')
    if (parts.deposit) move(dealerId, 'deposit', 0, parts.deposit, { type: 'orderReservation' })
    if (parts.rebate) move(dealerId, 'rebate', 0, parts.rebate, { type: 'orderReservation' })
    if (parts.credit)
      move(dealerId, 'credit', -parts.credit, 0, {
        type: 'orderReservation',
        api: 'SalesOrderObj',
        id: order._id,
      })
  }

  function releaseOrder(order: SimRecord): void {
    const parts = payment(order)
    const dealerId = String(order.account_id)
    if (parts.deposit) move(dealerId, 'deposit', 0, -parts.deposit, { type: 'release' })
    if (parts.rebate) move(dealerId, 'rebate', 0, -parts.rebate, { type: 'release' })
    if (parts.credit)
      move(dealerId, 'credit', parts.credit, 0, {
        type: 'release',
        api: 'SalesOrderObj',
        id: order._id,
      })
  }

  return { account, move, payment, lockOrder, releaseOrder }
}
