/**
 * The default map of Portal fields to ShareCRM objects and fields (sharecrm.md "Default map"),
 * and the `mapping:` overrides of gateway.yml (`resource.field: apiName`, e.g.
 * `product.nameEn: english_name__c`, or `product.object: ProductObj` for the object itself).
 */
export const DEFAULT_FIELD_MAP = {
  dealer: { object: 'AccountObj', name: 'name', code: 'account_no' },
  address: {
    object: 'AccountAddrObj',
    dealer: 'account_id',
    address: 'address',
    contact: 'contact_name__c',
    phone: 'tel',
    default: 'is_default_add',
  },
  product: {
    object: 'ProductObj',
    sku: 'product_code',
    barcode: 'barcode',
    nameZh: 'name',
    nameEn: 'name_en__c',
    category: 'category',
    unit: 'unit',
    unitEn: 'unit_en__c',
    specZh: 'product_spec',
    status: 'product_status',
  },
  priceList: {
    object: 'PriceBookObj',
    nameZh: 'name',
    nameEn: 'name_en__c',
    priority: 'priority__c',
    active: 'active_status',
    validFrom: 'start_date',
    validTo: 'end_date',
  },
  priceListDealer: {
    object: 'PriceBookAccountObj',
    priceList: 'pricebook_id',
    dealer: 'account_id',
  },
  priceListItem: {
    object: 'PriceBookProductObj',
    priceList: 'pricebook_id',
    product: 'product_id',
    price: 'pricebook_sellingprice',
    minQuantity: 'min_order_qty__c',
    step: 'order_step__c',
  },
  rebateRule: {
    object: 'RebateUseRuleObj',
    start: 'start_time',
    end: 'end_time',
    status: 'status',
    minOrderAmount: 'min_order_amount',
    maxAmount: 'used_max_amount',
    maxPercent: 'used_max_precent',
    dealer: 'account_id',
  },
  balances: {
    object: 'CustomerAccountObj',
    dealer: 'customer_id',
    deposit: 'prepay_balance',
    depositAvailable: 'prepay_available_balance',
    depositLocked: 'prepay_locked_balance',
    rebate: 'rebate_balance',
    rebateAvailable: 'rebate_available_balance',
    rebateLocked: 'rebate_locked_balance',
    creditLimit: 'credit_quota',
    creditUsed: 'credit_used__c',
  },
  transaction: {
    object: 'AccountTransactionFlowObj',
    dealer: 'account_id',
    account: 'fund_account_type',
    amount: 'amount',
    balanceAfter: 'balance_after',
    time: 'transaction_time',
    documentObject: 'related_object_api_name',
    documentId: 'related_object_id',
    note: 'remark',
  },
  order: {
    object: 'SalesOrderObj',
    number: 'name',
    dealer: 'account_id',
    placed: 'order_time',
    total: 'order_amount',
    shipToAddress: 'ship_to_add',
    shipToPhone: 'ship_to_tel',
    shipToContact: 'ship_to_contact__c',
    requestedDate: 'delivery_date',
    remark: 'remark',
    deposit: 'dd_deposit_amount__c',
    rebate: 'dd_rebate_amount__c',
    credit: 'dd_credit_amount__c',
    placedBy: 'dd_placed_by__c',
    idempotencyKey: 'dd_idempotency_key__c',
  },
  orderLine: {
    object: 'SalesOrderProductObj',
    order: 'order_id',
    product: 'product_id',
    priceItem: 'price_book_product_id',
    quantity: 'quantity',
    unitPrice: 'sales_price',
    amount: 'subtotal',
  },
  delivery: {
    object: 'DeliveryNoteObj',
    number: 'name',
    order: 'sales_order_id',
    shipped: 'delivery_date',
    carrier: 'express_org',
    tracking: 'express_order_id',
    status: 'status',
    received: 'receive_date',
    remark: 'receive_remark',
  },
  deliveryLine: {
    object: 'DeliveryNoteProductObj',
    delivery: 'delivery_note_id',
    product: 'product_id',
    orderLine: 'sales_order_product_id',
    shipped: 'delivery_num',
    received: 'real_receive_num',
    remark: 'receive_remark',
  },
  return: {
    object: 'ReturnedGoodsInvoiceObj',
    number: 'name',
    dealer: 'account_id',
    order: 'order_id',
    amount: 'returned_goods_inv_amount',
    reason: 'returned_goods_reason',
    status: 'status',
    idempotencyKey: 'dd_idempotency_key__c',
  },
  returnLine: {
    object: 'ReturnedGoodsInvoiceProductObj',
    return: 'returned_goods_inv_id',
    orderLine: 'order_product_id',
    product: 'product_id',
    quantity: 'quantity',
    unitPrice: 'returned_product_price',
    amount: 'subtotal',
  },
  refund: {
    object: 'RefundObj',
    return: 'returned_goods_invoice_id',
    amount: 'refunded_amount',
    account: 'fund_account_type',
    time: 'refunded_time',
  },
  invoiceProfile: {
    object: 'AccountFinInfoObj',
    dealer: 'account_id',
    title: 'name',
    taxId: 'tax_id',
    address: 'invoice_add',
    phone: 'invoice_tel',
    bank: 'account_bank',
    bankAccount: 'account_bank_no',
    type: 'invoice_type__c',
    email: 'email__c',
  },
  invoiceRequest: {
    object: 'InvoiceApplicationObj',
    number: 'name',
    dealer: 'account_id',
    profile: 'account_fin_info_id',
    type: 'invoice_type',
    amount: 'invoice_applied_amount',
    status: 'invoice_status',
    idempotencyKey: 'dd_idempotency_key__c',
  },
  invoiceRequestLine: {
    object: 'InvoiceApplicationLinesObj',
    request: 'invoice_id',
    order: 'order_id',
    amount: 'invoiced_amount',
  },
  statement: {
    object: 'dd_statement__c',
    dealer: 'account_id',
    period: 'period',
    status: 'status',
    note: 'note',
    by: 'confirmed_by',
    at: 'confirmed_at',
  },
} as const

type Widen<T> = { -readonly [K in keyof T]: { -readonly [F in keyof T[K]]: string } }
export type FieldMap = Widen<typeof DEFAULT_FIELD_MAP>
export type MappedResource = keyof FieldMap

/** Fields that are optional in a tenant (custom or not always present): `check` warns, never fails on them. */
export const OPTIONAL_FIELDS = new Set([
  'product.unitEn',
  'priceList.priority',
  'priceListItem.minQuantity',
  'priceListItem.step',
  'invoiceProfile.type',
  'invoiceProfile.email',
])

/** The default map with `mapping:` overrides applied; unknown keys are an error naming them. */
export function buildFieldMap(overrides: Record<string, unknown> = {}): FieldMap {
  const map = JSON.parse(JSON.stringify(DEFAULT_FIELD_MAP)) as FieldMap
  for (const [path, value] of Object.entries(overrides)) {
    const [resource, field, ...rest] = path.split('.')
    const fields = resource ? (map as Record<string, Record<string, string>>)[resource] : undefined
    if (!fields || !field || rest.length || !(field in fields))
      throw new Error(`mapping: unknown key "${path}"`)
    if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
      throw new Error(`mapping: "${path}" must be an apiName`)
    fields[field] = value
  }
  return map
}

/** Every mapped (object, field) pair, for `check`: which resource field each came from. */
export function mappedFields(map: FieldMap): { object: string; field: string; key: string }[] {
  return Object.entries(map).flatMap(([resource, fields]) =>
    Object.entries(fields as Record<string, string>)
      .filter(([name]) => name !== 'object')
      .map(([name, field]) => ({
        object: (fields as Record<string, string>).object as string,
        field,
        key: `${resource}.${name}`,
      })),
  )
}
