/**
 * What happens inside the simulated CRM: the side effects of the gateway's writes and the
 * operator actions of the manufacturer's CRM users. Every change bumps `last_modified_time`.
 *
 * Funds (CustomerAccountObj + AccountTransactionFlowObj), simplified from ShareCRM's fund plugin:
 * - creating a SalesOrderObj locks its `dd_deposit_amount__c` / `dd_rebate_amount__c` (locked +,
 *   available −) and adds `dd_credit_amount__c` to `credit_used__c`;
 * - shipping turns the locks into deductions for the delivered amount, split over the payment
 *   parts like the sandbox (flow rows `orderDeduction` / `rebateUse`, balances −); credit stays
 *   used;
 * - rejecting or voiding it (under review) releases the locks and the credit;
 * - refunding a return credits the order's sources back in proportion (RefundObj per source);
 * - top-up / rebate grant add a flow row and raise the balance.
 *
 * Public API (stable): `createSimOperations(store)` → { create, update, invalid, approveOrder,
 * rejectOrder, shipOrder, approveReturn, receiveReturn, refundReturn, rejectReturn, issueInvoice,
 * rejectInvoice, topUp, grantRebate, resolve }. Refusals throw `SimRefusal(code, message)`.
 */
import { decimalToInteger, fenToDecimal } from '../backends/sharecrm/decimal'
import { chinaCompactDate } from '../../shared/domain/chinaTime'
import { splitProportionally } from '../../shared/domain/money'
import { SIM_OBJECTS } from './describe'
import { createAfterSalesOperations } from './afterSales'
import { createFunds } from './funds'
import { SimRefusal, fen } from './refusal'
import type { SimRecord, SimStore } from './store'
import { validateFields } from './validate'

export { SimRefusal } from './refusal'

/** Objects whose creation goes through an approval flow when `triggerApprovalFlow` is true. */
const APPROVAL_OBJECTS = new Set([
  'SalesOrderObj',
  'ReturnedGoodsInvoiceObj',
  'InvoiceApplicationObj',
])
const NUMBER_PREFIX: Record<string, string> = {
  SalesOrderObj: 'SO',
  DeliveryNoteObj: 'DN',
  ReturnedGoodsInvoiceObj: 'RT',
  InvoiceApplicationObj: 'IV',
  RefundObj: 'RF',
  AccountTransactionFlowObj: 'TX',
}

export type SimOperations = ReturnType<typeof createSimOperations>

export function createSimOperations(store: SimStore) {
  const sequences = new Map<string, number>()

  function number(api: string): string {
    const prefix =
      NUMBER_PREFIX[api] ??
      api
        .replace(/Obj$|__c$/, '')
        .toUpperCase()
        .slice(0, 4)
    const day = chinaCompactDate(store.clock())
    const key = `${prefix}${day}`
    // Continue after numbers already in the store for that day (seeded history).
    if (!sequences.has(key)) {
      let highest = 0
      for (const record of store.find(
        api,
        (candidate) => typeof candidate.name === 'string' && candidate.name.startsWith(`${key}-`),
      )) {
        highest = Math.max(highest, Number(String(record.name).slice(key.length + 1)) || 0)
      }
      sequences.set(key, highest)
    }
    const next = (sequences.get(key) ?? 0) + 1
    sequences.set(key, next)
    return `${key}-${String(next).padStart(4, '0')}`
  }

  /** A record by `_id` or by `name` (document number). */
  function resolve(api: string, ref: string): SimRecord {
    const record = store.get(api, ref) ?? store.find(api, (candidate) => candidate.name === ref)[0]
    if (!record || record.is_deleted)
      throw new SimRefusal(10001, `${api} ${ref} 不存在 / not found`)
    return record
  }

  const validate = (api: string, fields: Record<string, unknown>, creating: boolean) =>
    validateFields(store, api, fields, creating)
  const funds = createFunds(store, number)
  const { account, move, payment, lockOrder, releaseOrder } = funds

  function detailsOf(api: string, masterId: string): SimRecord[] {
    const detail = Object.entries(SIM_OBJECTS).filter(([, object]) => object.master?.api === api)
    return detail.flatMap(([detailApi, object]) =>
      store.find(detailApi, (record) => record[object.master!.field] === masterId),
    )
  }

  function setLife(api: string, record: SimRecord, fields: Record<string, unknown>): SimRecord {
    const updated = store.patch(api, record._id, fields)
    if (fields.life_status) {
      const detail = Object.entries(SIM_OBJECTS).find(([, object]) => object.master?.api === api)
      for (const line of detailsOf(api, record._id)) {
        if (detail) store.patch(detail[0], line._id, { life_status: fields.life_status })
      }
    }
    return updated
  }

  return {
    resolve,
    number,

    /** data/create: the master with its details; approval objects start under review. */
    create(
      api: string,
      objectData: Record<string, unknown>,
      details: Record<string, Record<string, unknown>[]>,
      triggerApprovalFlow: boolean,
    ): SimRecord {
      const { dataObjectApiName: _api, _id: _ignored, ...fields } = objectData
      validate(api, fields, true)
      const detailEntries = Object.entries(details ?? {})
      for (const [detailApi, rows] of detailEntries) {
        const object = SIM_OBJECTS[detailApi]
        if (!object?.master || object.master.api !== api)
          throw new SimRefusal(10001, `${detailApi} 不是 ${api} 的从对象 / not a detail of ${api}`)
        if (!Array.isArray(rows))
          throw new SimRefusal(10001, `details.${detailApi} must be an array`)
        for (const row of rows) validate(detailApi, row, true)
      }
      const life = APPROVAL_OBJECTS.has(api) && triggerApprovalFlow ? 'under_review' : 'normal'
      const at = store.touch()
      const record: Record<string, unknown> = {
        owner: 'FSUID_SIM',
        ...fields,
        create_time: at,
        last_modified_time: at,
        life_status: life,
        is_deleted: false,
      }
      if (record.name === undefined || record.name === null || record.name === '')
        record.name = number(api)
      if (api === 'SalesOrderObj') {
        record.order_time ??= at
        const lines = details?.SalesOrderProductObj ?? []
        if (lines.length === 0)
          throw new SimRefusal(10001, '订单产品不能为空 / an order needs lines')
        let total = 0
        for (const line of lines) {
          decimalToInteger(line.quantity)
          total += fen(
            line.subtotal ?? fenToDecimal(fen(line.sales_price) * decimalToInteger(line.quantity)),
          )
        }
        record.order_amount ??= fenToDecimal(total)
        const sum =
          fen(record.dd_deposit_amount__c) +
          fen(record.dd_rebate_amount__c) +
          fen(record.dd_credit_amount__c)
        if (sum !== 0 && sum !== fen(record.order_amount))
          throw new SimRefusal(
            10001,
            `支付合计 ${fenToDecimal(sum)} 与订单金额不符 / payment does not add up`,
          )
      }
      if (api === 'ReturnedGoodsInvoiceObj')
        record.status ??= life === 'normal' ? 'approved' : 'under_review'
      if (api === 'InvoiceApplicationObj') record.invoice_status ??= 'under_review'
      if (api === 'DeliveryNoteObj') record.status ??= 'has_delivered'
      const created = store.put(api, record)
      if (api === 'SalesOrderObj') {
        try {
          lockOrder(created)
        } catch (error) {
          store.remove(api, created._id)
          throw error
        }
      }
      for (const [detailApi, rows] of detailEntries) {
        const masterField = SIM_OBJECTS[detailApi]!.master!.field
        rows.forEach((row, index) => {
          const { _id: _rowId, dataObjectApiName: _rowApi, ...rowFields } = row
          store.put(detailApi, {
            name: `${String(created.name)}-${index + 1}`,
            ...rowFields,
            [masterField]: created._id,
            life_status: life,
            create_time: at,
            last_modified_time: store.touch(),
          })
        })
      }
      return store.get(api, created._id)!
    },

    /** data/update: merges fields into a living record. */
    update(api: string, objectData: Record<string, unknown>): SimRecord {
      const { dataObjectApiName: _api, _id, ...fields } = objectData
      if (typeof _id !== 'string' || !_id)
        throw new SimRefusal(10001, 'object_data._id 必填 / _id is required')
      const record = resolve(api, _id)
      if (record.life_status === 'invalid')
        throw new SimRefusal(10001, '数据已作废 / the record is void')
      validate(api, fields, false)
      delete fields.life_status
      delete fields.is_deleted
      return store.patch(api, record._id, fields)
    },

    /** data/invalid: voids a record (and its details); an order under review releases its funds. */
    invalid(api: string, id: string): SimRecord {
      const record = resolve(api, id)
      if (record.life_status === 'invalid') return record
      if (api === 'SalesOrderObj') {
        if (record.life_status !== 'under_review' && record.life_status !== 'ineffective') {
          throw new SimRefusal(
            10001,
            '订单已生效，不能作废 / the order is in effect and cannot be voided',
          )
        }
        if (record.life_status === 'under_review') releaseOrder(record)
      }
      return setLife(api, record, { life_status: 'invalid' })
    },

    approveOrder(ref: string): SimRecord {
      const order = resolve('SalesOrderObj', ref)
      if (order.life_status !== 'under_review')
        throw new SimRefusal(
          10001,
          `订单状态为 ${String(order.life_status)}，不能审批 / not under review`,
        )
      return setLife('SalesOrderObj', order, { life_status: 'normal' })
    },

    rejectOrder(ref: string, reason?: string): SimRecord {
      const order = resolve('SalesOrderObj', ref)
      if (order.life_status !== 'under_review')
        throw new SimRefusal(
          10001,
          `订单状态为 ${String(order.life_status)}，不能驳回 / not under review`,
        )
      releaseOrder(order)
      return setLife('SalesOrderObj', order, {
        life_status: 'ineffective',
        reject_reason__c: reason ?? null,
      })
    },

    /** Ships the given lines (order line `_id` → quantity), default everything not yet shipped. */
    shipOrder(
      ref: string,
      spec: {
        lines?: { lineId: string; quantity: number }[]
        carrier?: string
        trackingNumber?: string
      } = {},
    ): { note: SimRecord; lines: SimRecord[] } {
      const order = resolve('SalesOrderObj', ref)
      if (order.life_status !== 'normal')
        throw new SimRefusal(10001, '订单未生效，不能发货 / the order is not in effect')
      const orderLines = store.find('SalesOrderProductObj', (line) => line.order_id === order._id)
      const shipped = new Map<string, number>()
      const notes = new Set(
        store
          .find(
            'DeliveryNoteObj',
            (note) => note.sales_order_id === order._id && note.life_status !== 'invalid',
          )
          .map((note) => note._id),
      )
      for (const line of store.find('DeliveryNoteProductObj', (line) =>
        notes.has(String(line.delivery_note_id)),
      )) {
        const key = String(line.sales_order_product_id)
        shipped.set(key, (shipped.get(key) ?? 0) + decimalToInteger(line.delivery_num))
      }
      const wanted =
        spec.lines ??
        orderLines.map((line) => ({
          lineId: line._id,
          quantity: decimalToInteger(line.quantity) - (shipped.get(line._id) ?? 0),
        }))
      const picks = wanted.filter((pick) => pick.quantity > 0)
      if (picks.length === 0) throw new SimRefusal(10001, '没有可发货的数量 / nothing left to ship')
      for (const pick of picks) {
        const line = orderLines.find((candidate) => candidate._id === pick.lineId)
        if (!line)
          throw new SimRefusal(10001, `订单产品 ${pick.lineId} 不存在 / no such order line`)
        if (
          !Number.isInteger(pick.quantity) ||
          pick.quantity + (shipped.get(line._id) ?? 0) > decimalToInteger(line.quantity)
        ) {
          throw new SimRefusal(10001, `发货数量超出 / ${pick.lineId}: more than ordered`)
        }
      }
      const at = store.touch()
      const note = store.put('DeliveryNoteObj', {
        name: number('DeliveryNoteObj'),
        sales_order_id: order._id,
        account_id: order.account_id,
        delivery_date: at,
        express_org: spec.carrier ?? '顺丰速运',
        express_order_id: spec.trackingNumber ?? `SF${String(at).slice(-10)}`,
        status: 'has_delivered',
        receive_date: null,
        receive_remark: null,
        create_time: at,
        last_modified_time: at,
      })
      const lines = picks.map((pick, index) => {
        const line = orderLines.find((candidate) => candidate._id === pick.lineId)!
        return store.put('DeliveryNoteProductObj', {
          name: `${String(note.name)}-${index + 1}`,
          delivery_note_id: note._id,
          product_id: line.product_id,
          sales_order_product_id: line._id,
          delivery_num: String(pick.quantity),
          real_receive_num: null,
          receive_remark: null,
        })
      })
      // Locked money becomes spent for what is now delivered, split like the sandbox does.
      const price = new Map(orderLines.map((line) => [line._id, fen(line.sales_price)]))
      let before = 0
      for (const [lineId, quantity] of shipped) before += (price.get(lineId) ?? 0) * quantity
      const after = picks.reduce(
        (total, pick) => total + (price.get(pick.lineId) ?? 0) * pick.quantity,
        before,
      )
      const parts = payment(order)
      const weights = [parts.deposit, parts.rebate, parts.credit]
      const total = fen(order.order_amount)
      const [depositBefore = 0, rebateBefore = 0] = splitProportionally(
        Math.min(before, total),
        weights,
      )
      const [depositAfter = 0, rebateAfter = 0] = splitProportionally(
        Math.min(after, total),
        weights,
      )
      const flow = {
        type: 'orderDeduction',
        api: 'DeliveryNoteObj',
        id: note._id,
        remark: String(order.name),
      }
      const dealerId = String(order.account_id)
      const deposit = depositAfter - depositBefore
      const rebate = rebateAfter - rebateBefore
      if (deposit) move(dealerId, 'deposit', -deposit, -deposit, flow)
      if (rebate) move(dealerId, 'rebate', -rebate, -rebate, { ...flow, type: 'rebateUse' })
      store.patch('SalesOrderObj', order._id, {})
      return { note: store.get('DeliveryNoteObj', note._id)!, lines }
    },

    ...createAfterSalesOperations({ store, funds, resolve, number, setLife }),

    topUp(dealerId: string, amount: number, remark = '银行转账 / bank transfer'): SimRecord {
      resolve('AccountObj', dealerId)
      if (!Number.isSafeInteger(amount) || amount <= 0)
        throw new SimRefusal(10001, 'amount must be positive fen')
      move(dealerId, 'deposit', amount, 0, { type: 'topUp', remark })
      return account(dealerId)
    },

    grantRebate(dealerId: string, amount: number, remark = '返利 / rebate'): SimRecord {
      resolve('AccountObj', dealerId)
      if (!Number.isSafeInteger(amount) || amount <= 0)
        throw new SimRefusal(10001, 'amount must be positive fen')
      move(dealerId, 'rebate', amount, 0, { type: 'rebateGrant', remark })
      return account(dealerId)
    },
  }
}
