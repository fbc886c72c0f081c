/**
 * The objects of the default map (../shared/design/sharecrm.md) as the simulator describes them:
 * apiName → label, master (detail objects), fields with ShareCRM types and select options.
 */
import {
  FUND_ACCOUNT,
  type SimObject,
  bool,
  master,
  money,
  num,
  ref,
  select,
  t,
  time,
} from './fields'

export const SIM_OBJECTS: Record<string, SimObject> = {
  AccountObj: { label: '客户', fields: { account_no: t('客户编号'), name_en__c: t('英文名称') } },
  AccountAddrObj: {
    label: '客户地址',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      address: t('详细地址'),
      province: t('省'),
      city: t('市'),
      district: t('区'),
      contact_name__c: t('联系人'),
      tel: t('电话'),
      is_default_add: bool('默认收货地址'),
    },
  },
  ProductObj: {
    label: '产品',
    fields: {
      product_code: t('产品编码'),
      barcode: t('条形码'),
      name_en__c: t('英文名称'),
      category: select('产品分类', []),
      unit: select('单位', []),
      unit_en__c: t('单位英文'),
      product_spec: t('规格'),
      product_status: select('上下架', [
        ['1', '上架'],
        ['2', '下架'],
      ]),
      price: money('标准价格'),
    },
  },
  PriceBookObj: {
    label: '价目表',
    fields: {
      name_en__c: t('英文名称'),
      priority__c: num('优先级'),
      active_status: select('启用状态', [
        ['1', '启用'],
        ['0', '停用'],
      ]),
      start_date: time('生效时间'),
      end_date: time('失效时间'),
    },
  },
  PriceBookAccountObj: {
    label: '价目表适用客户',
    fields: {
      pricebook_id: ref('PriceBookObj', '价目表', true),
      account_id: ref('AccountObj', '客户', true),
    },
  },
  PriceBookProductObj: {
    label: '价目表明细',
    fields: {
      pricebook_id: ref('PriceBookObj', '价目表', true),
      product_id: ref('ProductObj', '产品', true),
      pricebook_sellingprice: money('价目表售价', true),
      min_order_qty__c: num('起订量'),
      order_step__c: num('订购倍数'),
    },
  },
  RebateUseRuleObj: {
    label: '返利使用规则',
    fields: {
      account_id: ref('AccountObj', '客户'),
      start_time: time('开始时间'),
      end_time: time('结束时间'),
      status: select('状态', [
        ['1', '启用'],
        ['0', '停用'],
      ]),
      min_order_amount: money('订单金额下限'),
      used_max_amount: money('最多使用金额'),
      used_max_precent: { type: 'percentile', label: '最多使用比例' },
    },
  },
  CustomerAccountObj: {
    label: '客户账户',
    fields: {
      customer_id: ref('AccountObj', '客户', true),
      prepay_balance: money('预存款余额'),
      prepay_available_balance: money('预存款可用余额'),
      prepay_locked_balance: money('预存款冻结金额'),
      rebate_balance: money('返利余额'),
      rebate_available_balance: money('返利可用余额'),
      rebate_locked_balance: money('返利冻结金额'),
      credit_quota: money('信用额度'),
      credit_used__c: money('已用信用'),
    },
  },
  AccountTransactionFlowObj: {
    label: '账户收支流水',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      fund_account_type: FUND_ACCOUNT,
      amount: money('金额', true),
      balance_after: money('变动后余额'),
      transaction_time: time('交易时间'),
      related_object_api_name: t('关联对象'),
      related_object_id: t('关联单据'),
      remark: t('备注'),
      transaction_type__c: t('流水类型'),
    },
  },
  SalesOrderObj: {
    label: '销售订单',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      order_time: time('下单时间'),
      order_amount: money('订单金额'),
      ship_to_add: t('收货地址'),
      ship_to_tel: t('收货人电话'),
      ship_to_contact__c: t('收货人'),
      delivery_date: time('交货日期'),
      remark: { type: 'long_text', label: '备注' },
      dd_deposit_amount__c: money('预存款支付'),
      dd_rebate_amount__c: money('返利支付'),
      dd_credit_amount__c: money('信用支付'),
      dd_placed_by__c: t('下单人'),
    },
  },
  SalesOrderProductObj: {
    label: '订单产品',
    master: { api: 'SalesOrderObj', field: 'order_id' },
    fields: {
      order_id: master('SalesOrderObj', '销售订单'),
      product_id: ref('ProductObj', '产品', true),
      price_book_product_id: ref('PriceBookProductObj', '价目表明细'),
      quantity: num('数量', true),
      sales_price: money('销售单价', true),
      subtotal: money('小计'),
    },
  },
  DeliveryNoteObj: {
    label: '发货单',
    fields: {
      sales_order_id: ref('SalesOrderObj', '销售订单', true),
      account_id: ref('AccountObj', '客户'),
      delivery_date: time('发货日期'),
      express_org: t('物流公司'),
      express_order_id: t('物流单号'),
      status: select('状态', [
        ['un_delivery', '未发货'],
        ['has_delivered', '已发货'],
        ['received', '已收货'],
      ]),
      receive_date: time('收货日期'),
      receive_remark: t('收货备注'),
    },
  },
  DeliveryNoteProductObj: {
    label: '发货单产品',
    master: { api: 'DeliveryNoteObj', field: 'delivery_note_id' },
    fields: {
      delivery_note_id: master('DeliveryNoteObj', '发货单'),
      product_id: ref('ProductObj', '产品', true),
      sales_order_product_id: ref('SalesOrderProductObj', '订单产品'),
      delivery_num: num('本次发货数', true),
      real_receive_num: num('实收数量'),
      receive_remark: t('收货备注'),
    },
  },
  ReturnedGoodsInvoiceObj: {
    label: '退货单',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      order_id: ref('SalesOrderObj', '销售订单'),
      returned_goods_inv_amount: money('退货金额'),
      returned_goods_reason: select('退货原因', [
        ['quality', '质量问题'],
        ['wrongItem', '发错货'],
        ['damagedInTransit', '运输破损'],
        ['overShipment', '多发'],
        ['other', '其他'],
      ]),
      status: select('退货状态', [
        ['under_review', '审核中'],
        ['approved', '已同意'],
        ['received', '已收货'],
        ['refunded', '已退款'],
        ['rejected', '已驳回'],
      ]),
      remark: t('备注'),
    },
  },
  ReturnedGoodsInvoiceProductObj: {
    label: '退货单产品',
    master: { api: 'ReturnedGoodsInvoiceObj', field: 'returned_goods_inv_id' },
    fields: {
      returned_goods_inv_id: master('ReturnedGoodsInvoiceObj', '退货单'),
      order_product_id: ref('SalesOrderProductObj', '订单产品'),
      product_id: ref('ProductObj', '产品', true),
      quantity: num('数量', true),
      returned_product_price: money('退货单价'),
      subtotal: money('小计'),
    },
  },
  RefundObj: {
    label: '退款',
    fields: {
      account_id: ref('AccountObj', '客户'),
      returned_goods_invoice_id: ref('ReturnedGoodsInvoiceObj', '退货单'),
      refunded_amount: money('退款金额', true),
      fund_account_type: FUND_ACCOUNT,
      refunded_time: time('退款时间'),
    },
  },
  AccountFinInfoObj: {
    label: '开票信息',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      tax_id: t('纳税人识别号'),
      invoice_add: t('开票地址'),
      invoice_tel: t('开票电话'),
      account_bank: t('开户行'),
      account_bank_no: t('银行账号'),
      invoice_type__c: t('发票类型'),
      email__c: t('收票邮箱'),
    },
  },
  InvoiceApplicationObj: {
    label: '开票申请',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      account_fin_info_id: ref('AccountFinInfoObj', '开票信息'),
      invoice_type: select('发票类型', [
        ['vatSpecial', '增值税专用发票'],
        ['vatGeneral', '增值税普通发票'],
        ['electronicGeneral', '电子普通发票'],
      ]),
      invoice_applied_amount: money('申请金额'),
      invoice_status: select('开票状态', [
        ['under_review', '审核中'],
        ['issued', '已开票'],
        ['rejected', '已驳回'],
      ]),
      invoice_no__c: t('发票号码'),
      remark: t('备注'),
    },
  },
  InvoiceApplicationLinesObj: {
    label: '开票申请明细',
    master: { api: 'InvoiceApplicationObj', field: 'invoice_id' },
    fields: {
      invoice_id: master('InvoiceApplicationObj', '开票申请'),
      order_id: ref('SalesOrderObj', '销售订单', true),
      invoiced_amount: money('开票金额', true),
    },
  },
  dd_statement__c: {
    label: '对账确认',
    fields: {
      account_id: ref('AccountObj', '客户', true),
      period: t('期间', true),
      status: select('状态', [
        ['issued', '已出具'],
        ['confirmed', '已确认'],
        ['disputed', '有异议'],
        ['resolved', '已处理'],
      ]),
      note: t('备注'),
      confirmed_by: t('确认人'),
      confirmed_at: time('确认时间'),
    },
  },
}
