/**
 * The sandbox seed's documents as ShareCRM records (part of seed.ts): orders and their lines,
 * delivery notes and lines, returns, their lines and refunds, invoice requests and their lines.
 */
import type { Delivery, InvoiceRequest, Order, Return } from '../../shared/api'
import { fenToDecimal } from '../backends/sharecrm/decimal'
import { ORDER_LIFE_STATUS, addressText } from './seedValues'
import type { SimStore } from './store'

export function seedDocuments(store: SimStore, docs: <T>(table: string) => T[]): void {
  for (const order of docs<Order>('orders')) {
    const life = ORDER_LIFE_STATUS[order.status] ?? 'normal'
    const times = { create_time: order.createdAt, last_modified_time: order.modifiedAt }
    store.put('SalesOrderObj', {
      _id: order.id,
      name: order.number,
      account_id: order.dealerId,
      order_time: order.createdAt,
      order_amount: fenToDecimal(order.total),
      ship_to_add: addressText(order.address),
      ship_to_tel: order.address.phone,
      ship_to_contact__c: order.address.contact,
      delivery_date: order.requestedDeliveryDate,
      remark: order.remark,
      dd_deposit_amount__c: fenToDecimal(order.payment.deposit),
      dd_rebate_amount__c: fenToDecimal(order.payment.rebate),
      dd_credit_amount__c: fenToDecimal(order.payment.credit),
      dd_placed_by__c: order.createdBy,
      dd_idempotency_key__c: null,
      life_status: life,
      ...times,
    })
    for (const line of order.lines) {
      store.put('SalesOrderProductObj', {
        _id: line.lineId,
        name: line.lineId,
        order_id: order.id,
        product_id: line.productId,
        price_book_product_id: null,
        quantity: String(line.quantity),
        sales_price: fenToDecimal(line.unitPrice),
        subtotal: fenToDecimal(line.amount),
        life_status: life,
        ...times,
      })
    }
  }
  for (const delivery of docs<Delivery>('deliveries')) {
    const times = { create_time: delivery.createdAt, last_modified_time: delivery.modifiedAt }
    store.put('DeliveryNoteObj', {
      _id: delivery.id,
      name: delivery.number,
      sales_order_id: delivery.orderId,
      account_id: delivery.dealerId,
      delivery_date: delivery.shippedAt,
      express_org: delivery.carrier,
      express_order_id: delivery.trackingNumber,
      status: delivery.status,
      receive_date: delivery.receivedAt,
      receive_remark: delivery.receiptRemark,
      ...times,
    })
    for (const line of delivery.lines) {
      store.put('DeliveryNoteProductObj', {
        _id: line.deliveryLineId,
        name: line.deliveryLineId,
        delivery_note_id: delivery.id,
        product_id: line.productId,
        sales_order_product_id: line.orderLineId,
        delivery_num: String(line.quantity),
        real_receive_num: line.receivedQuantity === null ? null : String(line.receivedQuantity),
        receive_remark: null,
        ...times,
      })
    }
  }
  for (const ret of docs<Return>('returns')) {
    const times = { create_time: ret.createdAt, last_modified_time: ret.modifiedAt }
    store.put('ReturnedGoodsInvoiceObj', {
      _id: ret.id,
      name: ret.number,
      account_id: ret.dealerId,
      order_id: ret.lines[0]?.orderId ?? null,
      returned_goods_inv_amount: fenToDecimal(ret.amount),
      returned_goods_reason: ret.reason,
      status: ret.status,
      remark: ret.remark,
      dd_idempotency_key__c: null,
      life_status:
        ret.status === 'under_review'
          ? 'under_review'
          : ret.status === 'rejected'
            ? 'ineffective'
            : 'normal',
      ...times,
    })
    ret.lines.forEach((line, index) => {
      store.put('ReturnedGoodsInvoiceProductObj', {
        _id: `${ret.id}.${index + 1}`,
        name: `${ret.number}-${index + 1}`,
        returned_goods_inv_id: ret.id,
        order_product_id: line.orderLineId,
        product_id: line.productId,
        quantity: String(line.quantity),
        returned_product_price: fenToDecimal(line.unitPrice),
        subtotal: fenToDecimal(line.amount),
        ...times,
      })
    })
    if (ret.refund) {
      for (const source of ['deposit', 'rebate', 'credit'] as const) {
        if (ret.refund[source] <= 0) continue
        store.put('RefundObj', {
          _id: `rf_${ret.id}_${source}`,
          name: `${ret.number}-${source}`,
          account_id: ret.dealerId,
          returned_goods_invoice_id: ret.id,
          refunded_amount: fenToDecimal(ret.refund[source]),
          fund_account_type: source,
          refunded_time: ret.modifiedAt,
          ...times,
        })
      }
    }
  }
  for (const request of docs<InvoiceRequest>('invoice_requests')) {
    const times = { create_time: request.createdAt, last_modified_time: request.modifiedAt }
    store.put('InvoiceApplicationObj', {
      _id: request.id,
      name: request.number,
      account_id: request.dealerId,
      account_fin_info_id: request.profile.id,
      invoice_type: request.type,
      invoice_applied_amount: fenToDecimal(request.amount),
      invoice_status: request.status,
      invoice_no__c: request.invoiceNumber,
      remark: request.remark,
      dd_idempotency_key__c: null,
      life_status:
        request.status === 'under_review'
          ? 'under_review'
          : request.status === 'rejected'
            ? 'ineffective'
            : 'normal',
      ...times,
    })
    request.orders.forEach((line, index) => {
      store.put('InvoiceApplicationLinesObj', {
        _id: `${request.id}.${index + 1}`,
        name: `${request.number}-${index + 1}`,
        invoice_id: request.id,
        order_id: line.orderId,
        invoiced_amount: fenToDecimal(line.amount),
        ...times,
      })
    })
  }
}
