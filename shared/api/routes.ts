/**
 * The route table of the Portal API: method, path (under API_PREFIX), schemas, the roles allowed
 * for dealer-scoped routes and whether an `Idempotency-Key` header is required. The gateway
 * registers exactly these routes; the client builds its calls from the same table.
 */
import type { z } from 'zod'
import {
  ApprovalQueue,
  ApprovalRule,
  ApprovalRuleState,
  ApproveOrderRequest,
  ApproveOrderResult,
  DeclineOrderRequest,
} from './approvals'
import { Balances, Statement, TransactionPage, TransactionsQuery } from './account'
import { LoginRequest, LogoutRequest, Me, RefreshRequest, TokenPair, type Role } from './auth'
import { PriceListFeedPage, PriceListItemFeedPage, ProductFeedPage } from './catalog'
import { DealerParams, DealerRecordParams, FeedQuery, PeriodQuery } from './common'
import { ConfirmReceiptRequest, Delivery, DeliveryFeedPage } from './deliveries'
import {
  CreateInvoiceProfileRequest,
  CreateInvoiceRequestRequest,
  InvoiceProfile,
  InvoiceRequest,
  InvoiceRequestFeedPage,
} from './invoices'
import {
  CancelOrderRequest,
  Order,
  OrderFeedPage,
  Quote,
  QuoteRequest,
  SubmitOrderRequest,
} from './orders'
import { CreateReturnRequest, Return, ReturnFeedPage } from './returns'
import {
  ConfirmStatementRequest,
  DisputeStatementRequest,
  StatementPeriod,
  StatementPeriodList,
  StatementPeriodParams,
} from './statementPeriods'

export const API_PREFIX = '/api/v1'

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  params?: z.ZodType
  query?: z.ZodType
  body?: z.ZodType
  response?: z.ZodType
  /** Dealer-scoped routes: roles that may call it (admin may call everything). */
  roles?: readonly Role[]
  idempotent?: boolean
  /** Success status when not 200. */
  status?: number
}

const everyone = ['orderer', 'accountant', 'admin'] as const
const ordering = ['orderer', 'admin'] as const
const accounting = ['accountant', 'admin'] as const
const administering = ['admin'] as const

const dealer = (path: string) => `/dealers/:dealerId${path}`

export const PORTAL_ROUTES = {
  login: { method: 'POST', path: '/auth/login', body: LoginRequest, response: TokenPair },
  refresh: { method: 'POST', path: '/auth/refresh', body: RefreshRequest, response: TokenPair },
  logout: { method: 'POST', path: '/auth/logout', body: LogoutRequest.optional(), status: 204 },
  me: { method: 'GET', path: '/me', response: Me },

  products: {
    method: 'GET',
    path: dealer('/products'),
    params: DealerParams,
    query: FeedQuery,
    response: ProductFeedPage,
    roles: everyone,
  },
  priceLists: {
    method: 'GET',
    path: dealer('/price-lists'),
    params: DealerParams,
    query: FeedQuery,
    response: PriceListFeedPage,
    roles: everyone,
  },
  priceListItems: {
    method: 'GET',
    path: dealer('/price-lists/:id/items'),
    params: DealerRecordParams,
    query: FeedQuery,
    response: PriceListItemFeedPage,
    roles: everyone,
  },

  // Orderers need the available amounts to split an order's payment; the flow stays with accounting.
  balances: {
    method: 'GET',
    path: dealer('/balances'),
    params: DealerParams,
    response: Balances,
    roles: everyone,
  },
  transactions: {
    method: 'GET',
    path: dealer('/transactions'),
    params: DealerParams,
    query: TransactionsQuery,
    response: TransactionPage,
    roles: accounting,
  },
  statements: {
    method: 'GET',
    path: dealer('/statements'),
    params: DealerParams,
    query: PeriodQuery,
    response: Statement,
    roles: accounting,
  },
  statementPeriods: {
    method: 'GET',
    path: dealer('/statement-periods'),
    params: DealerParams,
    response: StatementPeriodList,
    roles: accounting,
  },
  confirmStatement: {
    method: 'POST',
    path: dealer('/statement-periods/:period/confirm'),
    params: StatementPeriodParams,
    body: ConfirmStatementRequest.optional(),
    response: StatementPeriod,
    roles: accounting,
    idempotent: true,
  },
  disputeStatement: {
    method: 'POST',
    path: dealer('/statement-periods/:period/dispute'),
    params: StatementPeriodParams,
    body: DisputeStatementRequest,
    response: StatementPeriod,
    roles: accounting,
    idempotent: true,
  },

  orders: {
    method: 'GET',
    path: dealer('/orders'),
    params: DealerParams,
    query: FeedQuery,
    response: OrderFeedPage,
    roles: everyone,
  },
  order: {
    method: 'GET',
    path: dealer('/orders/:id'),
    params: DealerRecordParams,
    response: Order,
    roles: everyone,
  },
  quote: {
    method: 'POST',
    path: dealer('/orders/quote'),
    params: DealerParams,
    body: QuoteRequest,
    response: Quote,
    roles: ordering,
  },
  submitOrder: {
    method: 'POST',
    path: dealer('/orders'),
    params: DealerParams,
    body: SubmitOrderRequest,
    response: Order,
    roles: ordering,
    idempotent: true,
    status: 201,
  },
  cancelOrder: {
    method: 'POST',
    path: dealer('/orders/:id/cancel'),
    params: DealerRecordParams,
    body: CancelOrderRequest.optional(),
    response: Order,
    roles: ordering,
  },

  // Orders approved inside the dealer: only the dealer's admins set the rule and decide.
  approvalRule: {
    method: 'GET',
    path: dealer('/approval-rule'),
    params: DealerParams,
    response: ApprovalRuleState,
    roles: administering,
  },
  setApprovalRule: {
    method: 'POST',
    path: dealer('/approval-rule'),
    params: DealerParams,
    body: ApprovalRule,
    response: ApprovalRuleState,
    roles: administering,
  },
  approvalQueue: {
    method: 'GET',
    path: dealer('/approvals'),
    params: DealerParams,
    response: ApprovalQueue,
    roles: administering,
  },
  approveOrder: {
    method: 'POST',
    path: dealer('/orders/:id/approve'),
    params: DealerRecordParams,
    body: ApproveOrderRequest.optional(),
    response: ApproveOrderResult,
    roles: administering,
    idempotent: true,
  },
  declineOrder: {
    method: 'POST',
    path: dealer('/orders/:id/decline'),
    params: DealerRecordParams,
    body: DeclineOrderRequest,
    response: Order,
    roles: administering,
    idempotent: true,
  },

  deliveries: {
    method: 'GET',
    path: dealer('/deliveries'),
    params: DealerParams,
    query: FeedQuery,
    response: DeliveryFeedPage,
    roles: everyone,
  },
  delivery: {
    method: 'GET',
    path: dealer('/deliveries/:id'),
    params: DealerRecordParams,
    response: Delivery,
    roles: everyone,
  },
  confirmReceipt: {
    method: 'POST',
    path: dealer('/deliveries/:id/confirm-receipt'),
    params: DealerRecordParams,
    body: ConfirmReceiptRequest.optional(),
    response: Delivery,
    roles: ordering,
  },

  returns: {
    method: 'GET',
    path: dealer('/returns'),
    params: DealerParams,
    query: FeedQuery,
    response: ReturnFeedPage,
    roles: ordering,
  },
  returnRecord: {
    method: 'GET',
    path: dealer('/returns/:id'),
    params: DealerRecordParams,
    response: Return,
    roles: ordering,
  },
  createReturn: {
    method: 'POST',
    path: dealer('/returns'),
    params: DealerParams,
    body: CreateReturnRequest,
    response: Return,
    roles: ordering,
    idempotent: true,
    status: 201,
  },

  invoiceRequests: {
    method: 'GET',
    path: dealer('/invoice-requests'),
    params: DealerParams,
    query: FeedQuery,
    response: InvoiceRequestFeedPage,
    roles: accounting,
  },
  invoiceRequest: {
    method: 'GET',
    path: dealer('/invoice-requests/:id'),
    params: DealerRecordParams,
    response: InvoiceRequest,
    roles: accounting,
  },
  createInvoiceRequest: {
    method: 'POST',
    path: dealer('/invoice-requests'),
    params: DealerParams,
    body: CreateInvoiceRequestRequest,
    response: InvoiceRequest,
    roles: accounting,
    idempotent: true,
    status: 201,
  },
  createInvoiceProfile: {
    method: 'POST',
    path: dealer('/invoice-profiles'),
    params: DealerParams,
    body: CreateInvoiceProfileRequest,
    response: InvoiceProfile,
    roles: accounting,
    idempotent: true,
    status: 201,
  },
  deleteInvoiceProfile: {
    method: 'DELETE',
    path: dealer('/invoice-profiles/:id'),
    params: DealerRecordParams,
    roles: accounting,
    status: 204,
  },
} as const satisfies Record<string, RouteSpec>

export type PortalRouteName = keyof typeof PORTAL_ROUTES
