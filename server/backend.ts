/**
 * The gateway's backend port. The routes (server/routes), the route table and the auth / role
 * checks (server/http) depend on this interface only; a backend (the sandbox in
 * server/backends/sandbox, the manufacturer's CRM in server/backends/sharecrm) implements it and
 * is passed to `buildGateway`. Everything is async: a backend may talk to a database or an
 * upstream over the network.
 *
 * Contract every backend honours (test/contract/portalBackend.* runs the same cases on each):
 * - Dealer scope: a record of another dealer is indistinguishable from a missing one
 *   (`ApiError('resource.notFound')`, see server/errors.ts). Role checks are done by the route
 *   table from `roles()` before a resource method is called.
 * - Refusals are `ApiError`s with Portal problem codes (shared/api/errors.ts) and parameters,
 *   never English sentences. Anything else thrown is a 5xx.
 * - Money is integer fen; times are epoch ms; the domain rules of shared/domain apply.
 * - Feeds answer JSON text of a `FeedPage` (shared/api/common.ts) of the resource's schema, in
 *   (modifiedAt, id) order strictly after the query's cursor, tombstones included: text so that a
 *   backend may serialise straight from its store.
 * - A write (`WriteContext`) resolves only once it is durable: a 2xx is never lost by a crash.
 */
import type {
  ApprovalQueue,
  ApprovalRule,
  ApprovalRuleState,
  ApproveOrderRequest,
  ApproveOrderResult,
  Balances,
  CancelOrderRequest,
  ConfirmReceiptRequest,
  CreateInvoiceProfileRequest,
  CreateInvoiceRequestRequest,
  CreateReturnRequest,
  DisputeStatementRequest,
  DeclineOrderRequest,
  Delivery,
  FeedQuery,
  InvoiceProfile,
  InvoiceRequest,
  Me,
  Order,
  Quote,
  QuoteRequest,
  Return,
  Role,
  Statement,
  StatementPeriod,
  StatementPeriodList,
  SubmitOrderRequest,
  TokenPair,
  TransactionPage,
  TransactionsQuery,
} from '../shared/api'

/** The signed-in user a request acts for. */
export interface Principal {
  userId: string
  account: string
  displayName: string
}

/** JSON of a `FeedPage<Record>`: text, or its UTF-8 bytes (sent as they are). */
export type FeedJson = string | Uint8Array

/** A feed page's JSON as text (for a reader that parses it). */
export function feedJsonText(json: FeedJson): string {
  return typeof json === 'string'
    ? json
    : Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')
}

/** What a write knows about the request that made it. */
export interface WriteContext {
  principal: Principal
  /**
   * The request's `Idempotency-Key` (idempotent routes only). A backend that creates a record
   * elsewhere stores it on the record (`dd_idempotency_key__c` in ShareCRM) so a retry can find it.
   */
  idempotencyKey?: string
  /**
   * True when an earlier attempt with this key was claimed but never completed (the gateway died
   * mid-write): the backend must look for what that attempt may have created before creating again.
   */
  recovering?: boolean
  /** The Portal request's id (Fastify's, as in its log), logged with each upstream thirdTraceId. */
  requestId?: string
}

export interface AuthPort {
  /** Token pair, or null when the account or password is wrong (the caller counts the failure). */
  login(account: string, password: string): Promise<TokenPair | null>
  /** Single-use refresh; reuse of a spent token revokes its family (`auth.refreshTokenInvalid`). */
  refresh(refreshToken: string): Promise<TokenPair>
  /** The principal of a valid access token; `auth.tokenInvalid` / `auth.tokenExpired` otherwise. */
  authenticate(accessToken: string): Promise<Principal>
  /** Ends the session family of the access token (and of the refresh token, if given). */
  logout(accessToken: string, refreshToken: string | undefined): Promise<void>
}

export interface DealersPort {
  me(userId: string): Promise<Me>
  /** The user's roles at the dealer; empty when not a member (the route answers 404). */
  roles(userId: string, dealerId: string): Promise<readonly Role[]>
}

export interface CatalogPort {
  productFeed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  priceListFeed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  priceListItemFeed(dealerId: string, priceListId: string, query: FeedQuery): Promise<FeedJson>
}

export interface AccountPort {
  balances(dealerId: string): Promise<Balances>
  transactions(dealerId: string, query: TransactionsQuery): Promise<TransactionPage>
  /** Statement of [from, to) epoch ms. */
  statement(dealerId: string, from: number, to: number): Promise<Statement>
}

/**
 * Statement periods (对账确认, shared/api/statementPeriods.ts). Issuing and resolving are the
 * manufacturer's side (sandbox operator, gateway CLI), not part of the port. Refusals:
 * `resource.notFound` (period not issued), `statement.notConfirmable`, `statement.notDisputable`,
 * `statement.changedSinceIssued`, `statement.entryNotInPeriod`, `statement.duplicateEntry`.
 * A `recovering` write answers the period as the interrupted attempt left it when that attempt
 * already made the change.
 */
export interface StatementsPort {
  /** Every issued period of the dealer, newest first. */
  list(dealerId: string): Promise<StatementPeriodList>
  confirm(dealerId: string, period: string, context: WriteContext): Promise<StatementPeriod>
  dispute(
    dealerId: string,
    period: string,
    request: DisputeStatementRequest,
    context: WriteContext,
  ): Promise<StatementPeriod>
}

export interface OrdersPort {
  feed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  load(dealerId: string, orderId: string): Promise<Order>
  quote(dealerId: string, request: QuoteRequest): Promise<Quote>
  submit(dealerId: string, request: SubmitOrderRequest, context: WriteContext): Promise<Order>
  cancel(
    dealerId: string,
    orderId: string,
    request: CancelOrderRequest | undefined,
    context: WriteContext,
  ): Promise<Order>
}

/**
 * Orders approved inside the dealer (README). `OrdersPort.submit` holds an order the dealer's rule
 * matches as `awaiting_approval` (the orderer is `context.principal`; an admin's own order is never
 * held): not sent upstream, nothing reserved. Approve re-quotes and submits it as usual; decline
 * stores the reason. Both are idempotent writes; roles are checked by the route table (admin).
 */
export interface ApprovalsPort {
  rule(dealerId: string): Promise<ApprovalRuleState>
  setRule(dealerId: string, rule: ApprovalRule, context: WriteContext): Promise<ApprovalRuleState>
  /** The dealer's orders awaiting approval, oldest first. */
  queue(dealerId: string): Promise<ApprovalQueue>
  approve(
    dealerId: string,
    orderId: string,
    request: ApproveOrderRequest | undefined,
    context: WriteContext,
  ): Promise<ApproveOrderResult>
  decline(
    dealerId: string,
    orderId: string,
    request: DeclineOrderRequest,
    context: WriteContext,
  ): Promise<Order>
}

export interface DeliveriesPort {
  feed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  load(dealerId: string, deliveryId: string): Promise<Delivery>
  confirmReceipt(
    dealerId: string,
    deliveryId: string,
    request: ConfirmReceiptRequest | undefined,
    context: WriteContext,
  ): Promise<Delivery>
}

export interface ReturnsPort {
  feed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  load(dealerId: string, returnId: string): Promise<Return>
  create(dealerId: string, request: CreateReturnRequest, context: WriteContext): Promise<Return>
}

export interface InvoicesPort {
  feed(dealerId: string, query: FeedQuery): Promise<FeedJson>
  load(dealerId: string, requestId: string): Promise<InvoiceRequest>
  create(
    dealerId: string,
    request: CreateInvoiceRequestRequest,
    context: WriteContext,
  ): Promise<InvoiceRequest>
  createProfile(
    dealerId: string,
    request: CreateInvoiceProfileRequest,
    context: WriteContext,
  ): Promise<InvoiceProfile>
  deleteProfile(dealerId: string, profileId: string, context: WriteContext): Promise<void>
}

/** A success answer recorded for an idempotency key. */
export interface StoredResponse {
  requestHash: string
  status: number
  /** JSON text of the response body. */
  body: string
}

/**
 * The outcome of claiming an idempotency key. Keys are scoped per dealer.
 * - `replay`: the key completed before with the same request: answer the stored response.
 * - `conflict`: the key was used with a different request (`idempotency.conflict`).
 * - `claimed`: this caller holds the key (a per-key lock: concurrent duplicates, on any instance,
 *   wait in `claim` until it is released). Call `complete` with the answer once the write is
 *   durable, or `release` when the write failed (a refused request may be retried with the key).
 */
export type IdempotencyClaim =
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'conflict' }
  | {
      kind: 'claimed'
      /** An earlier claim of this key never completed (see WriteContext.recovering). */
      recovering: boolean
      complete(response: StoredResponse): Promise<void>
      release(): Promise<void>
    }

export interface IdempotencyStore {
  /** Records (dealerId, key, requestHash) before any side effect, or reports what is known of it. */
  claim(dealerId: string, key: string, requestHash: string): Promise<IdempotencyClaim>
}

export interface PortalBackend {
  /** `sandbox`, `sharecrm`: shown in /health and logs. */
  readonly kind: string
  readonly auth: AuthPort
  readonly dealers: DealersPort
  readonly catalog: CatalogPort
  readonly account: AccountPort
  readonly statements: StatementsPort
  readonly orders: OrdersPort
  readonly approvals: ApprovalsPort
  readonly deliveries: DeliveriesPort
  readonly returns: ReturnsPort
  readonly invoices: InvoicesPort
  readonly idempotency: IdempotencyStore
  /** Extra fields for `GET /health` (e.g. the mirror state); `{}` when there is nothing to say. */
  health(): Promise<Record<string, unknown>>
  /** Flushes and closes what the backend holds (database files, pollers, connections). */
  close(): Promise<void>
}
