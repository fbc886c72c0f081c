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
import type { Address, InvoiceProfile } from '../../shared/api'
import { fenToDecimal } from '../backends/sharecrm/decimal'
import { createSeededDatabase } from '../backends/sandbox/seed/index'
import { seedDocuments } from './seedDocuments'
import { addressText } from './seedValues'
import type { SimStore } from './store'

export { ORDER_LIFE_STATUS, addressText } from './seedValues'

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

export async function seedSimStore(store: SimStore, spec: SeedSpec): Promise<SelectOptions> {
  const anchor = spec.anchor ?? Math.floor(Date.now() / HOUR) * HOUR
  const db = await createSeededDatabase({ seed: spec.seed, products: spec.products, anchor })
  try {
    const rows = (sql: string) => db.all<Row>(sql)
    const docs = <T>(table: string) =>
      rows(`SELECT json FROM ${table} ORDER BY id`).map((row) => JSON.parse(String(row.json)) as T)
    const catalogTime = anchor - 181 * DAY

    // Dealers, addresses, price-list assignments, rebate rules, invoice profiles.
    for (const dealer of rows('SELECT * FROM dealers ORDER BY id')) {
      store.put('AccountObj', {
        _id: dealer.id,
        name: dealer.name_zh,
        name_en__c: dealer.name_en,
        account_no: dealer.code,
        create_time: catalogTime,
        last_modified_time: catalogTime,
      })
      const hasRule =
        dealer.rebate_min_order !== null ||
        dealer.rebate_max_amount !== null ||
        dealer.rebate_max_percent !== null
      if (hasRule) {
        store.put('RebateUseRuleObj', {
          _id: `rr_${dealer.id}`,
          name: `返利规则 ${dealer.code}`,
          account_id: dealer.id,
          start_time: anchor - 365 * DAY,
          end_time: anchor + 365 * DAY,
          status: '1',
          min_order_amount:
            dealer.rebate_min_order === null ? null : fenToDecimal(Number(dealer.rebate_min_order)),
          used_max_amount:
            dealer.rebate_max_amount === null
              ? null
              : fenToDecimal(Number(dealer.rebate_max_amount)),
          used_max_precent:
            dealer.rebate_max_percent === null ? null : String(dealer.rebate_max_percent),
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
      options.ProductObj!.category!.push({
        value: String(category.id),
        label: String(category.name_zh),
      })
    }
    const units = new Map<string, string>()
    for (const unit of rows('SELECT DISTINCT unit_zh, unit_en FROM products ORDER BY unit_en')) {
      units.set(String(unit.unit_zh), String(unit.unit_en))
      options.ProductObj!.unit!.push({ value: String(unit.unit_en), label: String(unit.unit_zh) })
    }
    const standard = new Map<string, number>()
    for (const item of rows(
      "SELECT product_id, price FROM price_list_items WHERE price_list_id = 'pl_std'",
    ))
      standard.set(String(item.product_id), Number(item.price))
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
        price: standard.has(String(product.id))
          ? fenToDecimal(standard.get(String(product.id))!)
          : null,
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
    for (const assignment of rows(
      'SELECT * FROM price_list_assignments WHERE active = 1 ORDER BY dealer_id, price_list_id',
    )) {
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
      rows(`SELECT * FROM price_list_items WHERE valid_to IS NULL OR valid_to > ${anchor}`).map(
        (item) => ({
          _id: item.id,
          name: item.id,
          pricebook_id: item.price_list_id,
          product_id: item.product_id,
          pricebook_sellingprice: fenToDecimal(Number(item.price)),
          min_order_qty__c: String(item.min_quantity),
          order_step__c: String(item.step),
          create_time: Number(item.modified_at),
          last_modified_time: Number(item.modified_at),
        }),
      ),
    )

    // Money: accounts and their flow.
    const accounts = new Map<string, Record<string, Row>>()
    for (const account of rows('SELECT * FROM accounts')) {
      const entry = accounts.get(String(account.dealer_id)) ?? {}
      entry[String(account.account_type)] = account
      accounts.set(String(account.dealer_id), entry)
    }
    let lastFlow = catalogTime
    const documentApi: Record<string, string> = {
      order: 'SalesOrderObj',
      delivery: 'DeliveryNoteObj',
      return: 'ReturnedGoodsInvoiceObj',
    }
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
        related_object_api_name: flow.document_type
          ? (documentApi[String(flow.document_type)] ?? null)
          : null,
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

    seedDocuments(store, docs)
    return options
  } finally {
    db.close()
  }
}
