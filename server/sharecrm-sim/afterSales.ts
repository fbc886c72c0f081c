/**
 * Operator actions on returns and invoice requests (the manufacturer's CRM users): approve,
 * receive, refund (RefundObj per payment source, in proportion to the order's payment), reject;
 * issue or reject an invoice request. Part of `createSimOperations` (operations.ts).
 */
import { fenToDecimal } from '../backends/sharecrm/decimal'
import type { Fund, SimFunds } from './funds'
import { SimRefusal, fen } from './refusal'
import type { SimRecord, SimStore } from './store'

export interface AfterSalesContext {
  store: SimStore
  funds: SimFunds
  resolve(api: string, ref: string): SimRecord
  number(api: string): string
  setLife(api: string, record: SimRecord, fields: Record<string, unknown>): SimRecord
}

export function createAfterSalesOperations({
  store,
  funds,
  resolve,
  number,
  setLife,
}: AfterSalesContext) {
  const { move, payment } = funds
  return {
    approveReturn(ref: string): SimRecord {
      const ret = resolve('ReturnedGoodsInvoiceObj', ref)
      if (ret.status !== 'under_review')
        throw new SimRefusal(10001, '退货单不在审核中 / not under review')
      return setLife('ReturnedGoodsInvoiceObj', ret, { life_status: 'normal', status: 'approved' })
    },

    receiveReturn(ref: string): SimRecord {
      const ret = resolve('ReturnedGoodsInvoiceObj', ref)
      if (ret.status !== 'approved') throw new SimRefusal(10001, '退货单未同意 / not approved')
      return store.patch('ReturnedGoodsInvoiceObj', ret._id, { status: 'received' })
    },

    /** Refunds the return's amount to the order's payment sources, in proportion. */
    refundReturn(ref: string): { ret: SimRecord; refunds: SimRecord[] } {
      const ret = resolve('ReturnedGoodsInvoiceObj', ref)
      if (ret.status !== 'received' && ret.status !== 'approved')
        throw new SimRefusal(10001, '退货单未收货 / not received')
      const amount = fen(ret.returned_goods_inv_amount)
      const order = ret.order_id ? store.get('SalesOrderObj', String(ret.order_id)) : undefined
      const parts = order ? payment(order) : { deposit: amount, rebate: 0, credit: 0 }
      const total = parts.deposit + parts.rebate + parts.credit || 1
      const rebate = Math.floor((amount * parts.rebate) / total)
      const credit = Math.floor((amount * parts.credit) / total)
      const split: Record<Fund, number> = { deposit: amount - rebate - credit, rebate, credit }
      const dealerId = String(ret.account_id)
      const refunds: SimRecord[] = []
      for (const fund of ['deposit', 'rebate', 'credit'] as const) {
        if (split[fund] <= 0) continue
        move(dealerId, fund, split[fund], 0, {
          type: 'refund',
          api: 'ReturnedGoodsInvoiceObj',
          id: ret._id,
          remark: String(ret.name),
        })
        const at = store.touch()
        refunds.push(
          store.put('RefundObj', {
            name: number('RefundObj'),
            account_id: dealerId,
            returned_goods_invoice_id: ret._id,
            refunded_amount: fenToDecimal(split[fund]),
            fund_account_type: fund,
            refunded_time: at,
            last_modified_time: at,
          }),
        )
      }
      return {
        ret: store.patch('ReturnedGoodsInvoiceObj', ret._id, { status: 'refunded' }),
        refunds,
      }
    },

    rejectReturn(ref: string, reason?: string): SimRecord {
      const ret = resolve('ReturnedGoodsInvoiceObj', ref)
      if (ret.status !== 'under_review' && ret.status !== 'approved')
        throw new SimRefusal(10001, '退货单不能驳回 / cannot reject')
      return setLife('ReturnedGoodsInvoiceObj', ret, {
        life_status: 'ineffective',
        status: 'rejected',
        reject_reason__c: reason ?? null,
      })
    },

    issueInvoice(ref: string, invoiceNumber?: string): SimRecord {
      const request = resolve('InvoiceApplicationObj', ref)
      if (request.invoice_status !== 'under_review')
        throw new SimRefusal(10001, '开票申请不在审核中 / not under review')
      return setLife('InvoiceApplicationObj', request, {
        life_status: 'normal',
        invoice_status: 'issued',
        invoice_no__c: invoiceNumber ?? String(store.clock()).slice(-8),
      })
    },

    rejectInvoice(ref: string, reason?: string): SimRecord {
      const request = resolve('InvoiceApplicationObj', ref)
      if (request.invoice_status !== 'under_review')
        throw new SimRefusal(10001, '开票申请不在审核中 / not under review')
      return setLife('InvoiceApplicationObj', request, {
        life_status: 'ineffective',
        invoice_status: 'rejected',
        reject_reason__c: reason ?? null,
      })
    },
  }
}
