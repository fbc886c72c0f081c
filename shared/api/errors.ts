/**
 * Every problem code the gateway can emit, with its HTTP status and the names of its params.
 * Errors travel as `application/problem+json` (RFC 9457):
 *   { type, title, status, code, detail, params, errors?, quote? }
 * `code` is an i18n key (translated by the client, never shown raw); `params` fill the message.
 * Codes from shared/domain are passed through unchanged. A test asserts that every problem the
 * API tests observe is listed here.
 */
import { z } from 'zod'

interface ErrorCodeSpec {
  status: number
  params: readonly string[]
  /** English title for logs and the problem's `title`; the UI uses the translated code. */
  title: string
}

function spec(status: number, title: string, ...params: string[]): ErrorCodeSpec {
  return { status, title, params }
}

export const API_ERROR_CODES = {
  'auth.invalidCredentials': spec(401, 'Wrong account or password'),
  'auth.tokenMissing': spec(401, 'No access token'),
  'auth.tokenInvalid': spec(401, 'Access token not recognised'),
  'auth.tokenExpired': spec(401, 'Access token expired'),
  'auth.refreshTokenInvalid': spec(401, 'Refresh token not valid'),
  'auth.refreshTokenExpired': spec(401, 'Refresh token expired'),
  'auth.tooManyAttempts': spec(429, 'Too many sign-in attempts', 'retryAfterSeconds'),
  'auth.forbidden': spec(403, 'Your role does not allow this', 'requiredRoles'),
  'auth.operatorTokenInvalid': spec(401, 'Operator token missing or wrong'),

  'request.invalid': spec(400, 'Invalid request', 'path', 'issue'),
  'request.malformedJson': spec(400, 'Body is not valid JSON'),
  'request.unsupportedMediaType': spec(415, 'Body must be application/json', 'contentType'),
  'request.tooLarge': spec(413, 'Body too large', 'limitBytes'),
  'request.routeNotFound': spec(404, 'No such route', 'method', 'url'),
  'request.badUrl': spec(400, 'Malformed URL (percent-encoding)'),
  'request.headersTooLarge': spec(431, 'Request headers too large', 'limitBytes'),
  'request.malformedHttp': spec(400, 'Malformed HTTP request'),
  'resource.notFound': spec(404, 'Not found'),

  'idempotency.keyRequired': spec(400, 'Idempotency-Key header required'),
  'idempotency.keyInvalid': spec(400, 'Idempotency-Key must be 8 to 128 visible ASCII characters'),
  'idempotency.conflict': spec(409, 'Idempotency-Key reused with a different body'),

  'rateLimit.exceeded': spec(429, 'Too many requests', 'retryAfterSeconds'),
  'server.internal': spec(500, 'Internal error'),
  'server.unavailable': spec(503, 'Service unavailable'),
  // The ShareCRM backend (sharecrm.md): mirror still filling, upstream quota spent, CRM refusal.
  'gateway.mirrorNotReady': spec(
    503,
    'The gateway is still loading your data',
    'retryAfterSeconds',
  ),
  'gateway.upstreamQuota': spec(503, "The CRM's daily call quota is spent"),
  'upstream.refused': spec(422, 'The CRM refused the request', 'message'),

  'order.quantityInvalid': spec(422, 'Quantity must be a positive whole number'),
  'order.amountTooLarge': spec(422, 'Amount too large'),
  'order.belowMinQuantity': spec(422, 'Below the minimum order quantity', 'minQuantity'),
  'order.notPackMultiple': spec(422, 'Quantity is not a multiple of the pack size', 'step'),
  'order.productNotInPriceList': spec(422, 'Product is not in your price lists', 'productId'),
  'order.productNotFound': spec(422, 'No such product', 'productId'),
  'order.productOffSale': spec(422, 'Product is off sale', 'productId'),
  'order.duplicateProduct': spec(422, 'Product appears on two lines', 'productId'),
  'order.addressNotFound': spec(422, 'No such ship-to address', 'addressId'),
  'order.paymentAmountInvalid': spec(422, 'Payment amount invalid', 'field'),
  'order.rebateAboveAllowance': spec(422, 'Rebate above the allowance', 'allowance'),
  'order.depositShort': spec(422, 'Deposit available is not enough', 'available'),
  'order.creditShort': spec(422, 'Credit available is not enough', 'available'),
  'order.allocationMismatch': spec(
    422,
    'Payment parts do not add up to the total',
    'total',
    'allocated',
  ),
  'order.pricesChanged': spec(
    409,
    'Prices changed since the cart was priced',
    'expectedTotal',
    'total',
  ),
  'order.notCancellable': spec(409, 'The order can no longer be cancelled', 'status'),
  'order.invalidTransition': spec(
    409,
    'The order is not in a state that allows this',
    'from',
    'to',
  ),
  'order.shipQuantityAboveOpen': spec(
    422,
    'Ship quantity above the open quantity',
    'orderLineId',
    'open',
  ),
  'order.lineNotFound': spec(422, 'No such order line', 'orderLineId'),
  'order.notAwaitingApproval': spec(409, 'The order is not awaiting approval', 'status'),
  'approval.ordererNotMember': spec(422, 'The orderer is not a user of this dealer', 'userId'),

  'delivery.alreadyReceived': spec(409, 'Receipt already confirmed'),
  'delivery.lineNotFound': spec(422, 'No such delivery line', 'deliveryLineId'),
  'delivery.receivedQuantityInvalid': spec(
    422,
    'Received quantity above the shipped quantity',
    'deliveryLineId',
    'shipped',
  ),

  'return.quantityInvalid': spec(422, 'Return quantity must be a positive whole number'),
  'return.quantityAboveReturnable': spec(
    422,
    'Return quantity above what can be returned',
    'returnable',
  ),
  'return.lineNotFound': spec(422, 'No such order line', 'orderId', 'orderLineId'),
  'return.duplicateLine': spec(422, 'Order line appears twice', 'orderLineId'),
  'return.reasonTextRequired': spec(422, 'Describe the reason'),
  'return.invalidTransition': spec(
    409,
    'The return is not in a state that allows this',
    'from',
    'to',
  ),

  'invoice.amountInvalid': spec(422, 'Invoice amount must be positive', 'orderId'),
  'invoice.amountAboveInvoiceable': spec(
    422,
    'Amount above the invoiceable amount',
    'orderId',
    'invoiceable',
  ),
  'invoice.orderNotFound': spec(422, 'No such order', 'orderId'),
  'invoice.duplicateOrder': spec(422, 'Order appears twice', 'orderId'),
  'invoice.profileNotFound': spec(422, 'No such invoice profile', 'profileId'),
  // Invoice profile problems (shared/domain validateInvoiceProfile) carry the offending `field`.
  'invoice.fieldRequired': spec(422, 'Field required for this invoice type', 'field'),
  'invoice.phoneInvalid': spec(422, 'Phone number invalid', 'field'),
  'invoice.bankAccountInvalid': spec(422, 'Bank account number invalid', 'field'),
  'invoice.emailInvalid': spec(422, 'E-mail address invalid', 'field'),
  'invoice.taxpayerIdEmpty': spec(422, 'Taxpayer ID is empty', 'field'),
  'invoice.taxpayerIdLength': spec(422, 'Taxpayer ID must have 18 characters', 'field', 'length'),
  'invoice.taxpayerIdCharacter': spec(
    422,
    'Taxpayer ID has an invalid character',
    'field',
    'position',
    'character',
  ),
  'invoice.taxpayerIdChecksum': spec(
    422,
    'Taxpayer ID check character wrong',
    'field',
    'position',
    'expected',
    'actual',
  ),
  'invoice.invalidTransition': spec(
    409,
    'The invoice request is not in a state that allows this',
    'from',
    'to',
  ),

  // Statement periods (statementPeriods.ts): confirm / dispute by the dealer, issue / resolve by
  // the manufacturer. `changedSinceIssued` lists what changed: counts and the transaction ids.
  'statement.changedSinceIssued': spec(
    409,
    'The statement changed after it was issued',
    'added',
    'removed',
    'changed',
    'transactionIds',
  ),
  'statement.notConfirmable': spec(409, 'The statement cannot be confirmed now', 'status'),
  'statement.notDisputable': spec(409, 'The statement cannot be disputed now', 'status'),
  'statement.notDisputed': spec(409, 'The statement is not disputed', 'status'),
  'statement.alreadyConfirmed': spec(409, 'The statement is confirmed already'),
  'statement.entryNotInPeriod': spec(
    422,
    'The disputed entry is not in the statement',
    'transactionId',
  ),
  'statement.duplicateEntry': spec(422, 'An entry is disputed twice', 'transactionId'),
  'statement.periodInFuture': spec(422, 'The period has not started yet', 'period'),
} as const satisfies Record<string, ErrorCodeSpec>

export type ApiErrorCode = keyof typeof API_ERROR_CODES

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERROR_CODES, code)
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** All rule violations when there is more than one (the first is `code`). */
  errors: z
    .array(z.object({ code: z.string(), params: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
  /** With `order.pricesChanged`: the current quote, line by line. */
  quote: z.unknown().optional(),
})
export type Problem = z.infer<typeof Problem>

export function problemType(code: string): string {
  return `urn:dealerdesk:problem:${code}`
}
