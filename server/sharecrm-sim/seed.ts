/**
 * The simulator's demo data: the sandbox seed (server/backends/sandbox/seed: same manufacturer,
 * dealers, products, price lists and six months of history) converted to ShareCRM records of the
 * default map (../shared/design/sharecrm.md). `_id`s are the sandbox ids (d_sh, P000001, pl_std,
 * pl_std.P000001, order ids, …), so the same seed reads the same in both backends. Money becomes
 * decimal strings, quantities integer strings, times epoch ms.
 *
 * Public API (stable): `seedSimStore(store, { seed, products, anchor? })` → the select options
 * of ProductObj.category / ProductObj.unit (for describe).
 */
import type { Address, Delivery, InvoiceProfile, InvoiceRequest, Order, Return } from '../../shared/api'
import { fenToDecimal } from '../backends/sharecrm/decimal'
import { createSeededDatabase } from '../backends/sandbox/seed/index'
import type { SimStore } from './store'

const DAY = 86_400_000
const HOUR = 3_600_000

export type SelectOptions = Record<string, Record<string, { value: string; label: string }[]>>

export interface SeedSpec {
  seed: number
  products: number
  /** History ends here; default: the current hour. */
  anchor?: number
}

type Row = Record<string, string | number | null>

export function addressText(address: Pick<Address, 'province' | 'city' | 'district' | 'line'>): string {
  const parts = [address.province, address.city, address.district, address.line]
  return parts.filter((part, index) => part && (index !== 1 || part !== address.province)).join('')
}

export const ORDER_LIFE_STATUS: Record<string, string> = {
  under_review: 'under_review',
  rejected: 'ineffective',
  cancelled: 'invalid',
}

export async function seedSimStore(store: SimStore, spec: SeedSpec): Promise<SelectOptions> {
  const anchor = spec.anchor ?? Math.floor(Date.now() / HOUR) * HOUR
  const db = await createSeededDatabase({ seed: spec.seed, products: spec.products, anchor })
  try {
    const rows = (sql: string) => db.all<Row>(sql)
    const docs = <T>(table: string) => rows(`SELECT json FROM ${table} ORDER BY id`).map((row) => JSON.parse(String(row.json)) as T)
    const catalogTime = anchor - 181 * DAY

    // Dealers, addresses, price-list assignments, rebate rules, invoice profiles.
    for (const dealer of rows('SELECT * FROM dealers ORDER BY id')) {
      store.put('AccountObj', { _id: dealer.id, name: dealer.name_zh, name_en__c: dealer.name_en, account_no: dealer.code, create_time: catalogTime, last_modified_time: catalogTime })
      const hasRule = dealer.rebate_min_order !== null || dealer.rebate_max_amount !== null || dealer.rebate_max_percent !== null
      if (hasRule) {
        store.put('RebateUseRuleObj', {
          _id: `rr_${dealer.id}`,
          name: `返利规则 ${dealer.code}`,
          account_id: dealer.id,
          start_time: anchor - 365 * DAY,
          end_time: anchor + 365 * DAY,
          status: '1',
          min_order_amount: dealer.rebate_min_order === null ? null : fenToDecimal(Number(dealer.rebate_min_order)),
          used_max_amount: dealer.rebate_max_amount === null ? null : fenToDecimal(Number(dealer.rebate_max_amount)),
          used_max_precent: dealer.rebate_max_percent === null ? null : String(dealer.rebate_max_percent),
          create_time: catalogTime,
          last_modified_time: catalogTime,
        })
      }
    }
    for (const address of rows('SELECT * FROM addresses ORDER BY id')) {
      store.put('AccountAddrObj', {
        _id: address.id,
        name: String(address.id),
        account_id: address.dealer_id,
        address: addressText(address as unknown as Address),
        province: address.province,
        city: address.city,
        district: address.district,
        contact_name__c: address.contact,
        tel: address.phone,
        is_default_add: address.is_default === 1,
        create_time: catalogTime,
        last_modified_time: catalogTime,
      })
    }
    for (const row of rows('SELECT * FROM invoice_profiles ORDER BY id')) {
      const profile = JSON.parse(String(row.json)) as InvoiceProfile
      store.put('AccountFinInfoObj', {
        _id: profile.id,
        name: profile.title,
        account_id: row.dealer_id,
        tax_id: profile.taxpayerId,
        invoice_add: profile.address,
        invoice_tel: profile.phone,
        account_bank: profile.bankName,
        account_bank_no: profile.bankAccount,
        invoice_type__c: profile.type,
        email__c: profile.email,
        is_deleted: row.deleted === 1,
        create_time: profile.modifiedAt,
        last_modified_time: profile.modifiedAt,
      })
    }

    // Catalog.
    const options: SelectOptions = { ProductObj: { category: [], unit: [] } }
    for (const category of rows('SELECT * FROM categories ORDER BY id')) {
      options.ProductObj!.category!.push({ value: String(category.id), label: String(category.name_zh) })
    }
    const units = new Map<string, string>()
    for (const unit of rows('SELECT DISTINCT unit_zh, unit_en FROM products ORDER BY unit_en')) {
      units.set(String(unit.unit_zh), String(unit.unit_en))
      options.ProductObj!.unit!.push({ value: String(unit.unit_en), label: String(unit.unit_zh) })
    }
    const standard = new Map<string, number>()
    for (const item of rows("SELECT product_id, price FROM price_list_items WHERE price_list_id = 'pl_std'")) standard.set(String(item.product_id), Number(item.price))
    store.putMany(
      'ProductObj',
      rows('SELECT * FROM products').map((product) => ({
        _id: product.id,
        name: product.name_zh,
        name_en__c: product.name_en,
        product_code: product.sku,
        barcode: product.barcode,
        category: product.category_id,
        unit: product.unit_en,
        unit_en__c: product.unit_en,
        product_spec: product.spec_zh,
        product_status: product.status === 'onSale' ? '1' : '2',
        price: standard.has(String(product.id)) ? fenToDecimal(standard.get(String(product.id))!) : null,
        create_time: Number(product.modified_at),
        last_modified_time: Number(product.modified_at),
      })),
    )
    for (const list of rows('SELECT * FROM price_lists ORDER BY id')) {
      store.put('PriceBookObj', {
        _id: list.id,
        name: list.name_zh,
        name_en__c: list.name_en,
        priority__c: String(list.priority),
        active_status: list.active === 1 ? '1' : '0',
        start_date: list.valid_from,
        end_date: list.valid_to,
        create_time: Number(list.modified_at),
        last_modified_time: Number(list.modified_at),
      })
    }
    for (const assignment of rows('SELECT * FROM price_list_assignments WHERE active = 1 ORDER BY dealer_id, price_list_id')) {
      store.put('PriceBookAccountObj', {
        _id: `${assignment.price_list_id}.${assignment.dealer_id}`,
        name: `${assignment.price_list_id}.${assignment.dealer_id}`,
        pricebook_id: assignment.price_list_id,
        account_id: assignment.dealer_id,
        create_time: catalogTime,
        last_modified_time: catalogTime,
      })
    }
    store.putMany(
      'PriceBookProductObj',
      rows(`SELECT * FROM price_list_items WHERE valid_to IS NULL OR valid_to > ${anchor}`).map((item) => ({
        _id: item.id,
        name: item.id,
        pricebook_id: item.price_list_id,
        product_id: item.product_id,
        pricebook_sellingprice: fenToDecimal(Number(item.price)),
        min_order_qty__c: String(item.min_quantity),
        order_step__c: String(item.step),
        create_time: Number(item.modified_at),
        last_modified_time: Number(item.modified_at),
      })),
    )

    // Money: accounts and their flow.
    const accounts = new Map<string, Record<string, Row>>()
    for (const account of rows('SELECT * FROM accounts')) {
      const entry = accounts.get(String(account.dealer_id)) ?? {}
      entry[String(account.account_type)] = account
      accounts.set(String(account.dealer_id), entry)
    }
    let lastFlow = catalogTime
    const documentApi: Record<string, string> = { order: 'SalesOrderObj', delivery: 'DeliveryNoteObj', return: 'ReturnedGoodsInvoiceObj' }
    for (const flow of rows('SELECT * FROM transactions WHERE amount <> 0 ORDER BY id')) {
      lastFlow = Math.max(lastFlow, Number(flow.at))
      store.put('AccountTransactionFlowObj', {
        _id: flow.id,
        name: flow.id,
        account_id: flow.dealer_id,
        fund_account_type: flow.account_type,
        amount: fenToDecimal(Number(flow.amount)),
        balance_after: fenToDecimal(Number(flow.balance_after)),
        transaction_time: flow.at,
        related_object_api_name: flow.document_type ? (documentApi[String(flow.document_type)] ?? null) : null,
        related_object_id: documentApi[String(flow.document_type)] ? flow.document_id : null,
        remark: flow.note,
        transaction_type__c: flow.type,
        create_time: flow.at,
        last_modified_time: flow.at,
      })
    }
    for (const [dealerId, entry] of accounts) {
      const deposit = entry.deposit!
      const rebate = entry.rebate!
      const credit = entry.credit!
      store.put('CustomerAccountObj', {
        _id: `ca_${dealerId}`,
        name: `ca_${dealerId}`,
        customer_id: dealerId,
        prepay_balance: fenToDecimal(Number(deposit.balance)),
        prepay_available_balance: fenToDecimal(Number(deposit.balance) - Number(deposit.locked)),
        prepay_locked_balance: fenToDecimal(Number(deposit.locked)),
        rebate_balance: fenToDecimal(Number(rebate.balance)),
        rebate_available_balance: fenToDecimal(Number(rebate.balance) - Number(rebate.locked)),
        rebate_locked_balance: fenToDecimal(Number(rebate.locked)),
        credit_quota: fenToDecimal(Number(credit.credit_limit)),
        credit_used__c: fenToDecimal(Number(credit.balance)),
        create_time: catalogTime,
        last_modified_time: lastFlow,
      })
    }

    // Documents.
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
        life_status: ret.status === 'under_review' ? 'under_review' : ret.status === 'rejected' ? 'ineffective' : 'normal',
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
        life_status: request.status === 'under_review' ? 'under_review' : request.status === 'rejected' ? 'ineffective' : 'normal',
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
    return options
  } finally {
    db.close()
  }
}
