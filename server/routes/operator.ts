/**
 * Operator routes (`/sandbox/...`): what the manufacturer's staff do upstream. Every route needs
 * the header `X-Operator-Token: <operator token>` (401 `auth.operatorTokenInvalid` otherwise).
 * `:ref` is a record id or a document number (SO…, RT…, IV…).
 */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  AmountRequest,
  AutopilotRequest,
  CreditLimitRequest,
  FaultSettings,
  IssueInvoiceRequest,
  OperatorNote,
  OperatorReject,
  PriceChangeRequest,
  ProductStatusRequest,
  RebateRuleRequest,
  ShipOrderRequest,
} from '../../shared/api'
import type { Autopilot } from '../autopilot'
import type { SandboxBackend } from '../backends/sandbox/index'
import { ApiError, notFound } from '../errors'
import type { FaultControl } from '../http/faults'
import { parseOrThrow } from '../http/problems'

const Ref = z.strictObject({ ref: z.string().min(1).max(64) })
const DealerRef = z.strictObject({ dealerId: z.string().min(1).max(64) })
const ListQuery = z.strictObject({ status: z.string().max(40).optional(), dealerId: z.string().max(64).optional() })

export interface OperatorDeps {
  backend: SandboxBackend
  operatorToken: string
  faults: FaultControl
  autopilot: Autopilot
}

export function registerOperatorRoutes(app: FastifyInstance, deps: OperatorDeps): void {
  const { backend, faults, autopilot } = deps
  const expected = Buffer.from(deps.operatorToken)

  function checkToken(request: FastifyRequest): void {
    const given = Buffer.from(String(request.headers['x-operator-token'] ?? ''))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ApiError('auth.operatorTokenInvalid')
  }

  type Handler = (input: { params: unknown; body: unknown; query: unknown }) => unknown
  const route = (method: 'GET' | 'POST' | 'PUT', url: string, handler: Handler) =>
    app.route({
      method,
      url: `/sandbox${url}`,
      handler: async (request, reply) => {
        checkToken(request)
        const result = handler({ params: request.params, body: request.body ?? {}, query: request.query ?? {} })
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result))
      },
    })
  const ref = (params: unknown) => parseOrThrow(Ref, params, 'params').ref
  const dealer = (params: unknown) => {
    const { dealerId } = parseOrThrow(DealerRef, params, 'params')
    if (!backend.dealers.dealer(dealerId)) throw notFound()
    return dealerId
  }

  route('POST', '/orders/:ref/approve', ({ params, body }) => backend.orders.approve(ref(params), parseOrThrow(OperatorNote, body, 'body').note ?? null))
  route('POST', '/orders/:ref/reject', ({ params, body }) => backend.orders.reject(ref(params), parseOrThrow(OperatorReject, body, 'body').reason))
  route('POST', '/orders/:ref/ship', ({ params, body }) => backend.deliveries.ship(ref(params), parseOrThrow(ShipOrderRequest, body, 'body')))
  route('POST', '/returns/:ref/approve', ({ params, body }) => backend.returns.approve(ref(params), parseOrThrow(OperatorNote, body, 'body').note ?? null))
  route('POST', '/returns/:ref/receive', ({ params, body }) => backend.returns.receive(ref(params), parseOrThrow(OperatorNote, body, 'body').note ?? null))
  route('POST', '/returns/:ref/refund', ({ params, body }) => backend.returns.refund(ref(params), parseOrThrow(OperatorNote, body, 'body').note ?? null))
  route('POST', '/returns/:ref/reject', ({ params, body }) => backend.returns.reject(ref(params), parseOrThrow(OperatorReject, body, 'body').reason))
  route('POST', '/invoice-requests/:ref/issue', ({ params, body }) =>
    backend.invoices.issue(ref(params), parseOrThrow(IssueInvoiceRequest, body, 'body').invoiceNumber),
  )
  route('POST', '/invoice-requests/:ref/reject', ({ params, body }) => backend.invoices.reject(ref(params), parseOrThrow(OperatorReject, body, 'body').reason))

  route('POST', '/dealers/:dealerId/top-up', ({ params, body }) => {
    const request = parseOrThrow(AmountRequest, body, 'body')
    return backend.account.topUp(dealer(params), request.amount, request.note ?? null)
  })
  route('POST', '/dealers/:dealerId/rebate-grant', ({ params, body }) => {
    const request = parseOrThrow(AmountRequest, body, 'body')
    return backend.account.grantRebate(dealer(params), request.amount, request.note ?? null)
  })
  route('POST', '/dealers/:dealerId/credit-limit', ({ params, body }) => {
    const request = parseOrThrow(CreditLimitRequest, body, 'body')
    return backend.account.setCreditLimit(dealer(params), request.limit, request.note ?? null)
  })
  route('POST', '/dealers/:dealerId/credit-settlement', ({ params, body }) => {
    const request = parseOrThrow(AmountRequest, body, 'body')
    return backend.account.settleCredit(dealer(params), request.amount, request.note ?? null)
  })
  route('PUT', '/dealers/:dealerId/rebate-rule', ({ params, body }) => {
    const dealerId = dealer(params)
    backend.dealers.setRebateRule(dealerId, parseOrThrow(RebateRuleRequest, body, 'body'))
    backend.ctx.changed()
    return backend.account.balances(dealerId)
  })
  route('POST', '/prices', ({ body }) => backend.pricing.changePrices(parseOrThrow(PriceChangeRequest, body, 'body')))
  route('POST', '/products/:ref/status', ({ params, body }) => {
    backend.pricing.setProductStatus(ref(params), parseOrThrow(ProductStatusRequest, body, 'body').status)
    return { ok: true }
  })

  route('GET', '/documents', ({ query }) => {
    const filter = parseOrThrow(ListQuery, query, 'query')
    return (['orders', 'returns', 'invoice_requests'] as const).flatMap((table) =>
      backend.db
        .all<{ id: string; number: string; dealer_id: string; status: string; created_at: number }>(
          `SELECT id, number, dealer_id, status, created_at FROM ${table}
           WHERE (? IS NULL OR status = ?) AND (? IS NULL OR dealer_id = ?) ORDER BY created_at DESC LIMIT 50`,
          [filter.status ?? null, filter.status ?? null, filter.dealerId ?? null, filter.dealerId ?? null],
        )
        .map((row) => ({ kind: table, id: row.id, number: row.number, dealerId: row.dealer_id, status: row.status, createdAt: row.created_at })),
    )
  })
  route('GET', '/state', () => ({
    checksum: backend.checksum(),
    seed: Number(backend.db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'seed'")?.value ?? 0),
    products: Number(backend.db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'products'")?.value ?? 0),
    faults: faults.get(),
    autopilot: { enabled: autopilot.enabled, intervalMs: autopilot.intervalMs },
  }))
  route('GET', '/faults', () => faults.get())
  route('PUT', '/faults', ({ body }) => faults.set(parseOrThrow(FaultSettings, body, 'body')))
  route('PUT', '/autopilot', ({ body }) => {
    const request = parseOrThrow(AutopilotRequest, body, 'body')
    if (request.enabled) autopilot.start(request.intervalMs)
    else autopilot.stop()
    return { enabled: autopilot.enabled, intervalMs: autopilot.intervalMs }
  })
  route('POST', '/autopilot/tick', () => ({ moved: autopilot.tick() }))
}
