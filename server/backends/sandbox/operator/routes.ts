/**
 * Operator routes (`/sandbox/...`): what the manufacturer's staff do upstream. Sandbox only: the
 * sandbox entry point registers them through its gateway plugin. Every route needs the header
 * `X-Operator-Token: <operator token>` (401 `auth.operatorTokenInvalid` otherwise). `:ref` is a
 * record id or a document number (SO…, RT…, IV…). Each action is one durable sandbox operation.
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
  PeriodKey,
  RebateRuleRequest,
  ResolveStatementRequest,
  ShipOrderRequest,
} from '../../../../shared/api'
import { ApiError, notFound } from '../../../errors'
import { parseOrThrow } from '../../../http/problems'
import type { SandboxApi, SandboxPortal } from '../portal'
import type { Autopilot } from './autopilot'
import type { FaultControl } from './faults'

const Ref = z.strictObject({ ref: z.string().min(1).max(64) })
const DealerRef = z.strictObject({ dealerId: z.string().min(1).max(64) })
const DealerPeriod = z.strictObject({ dealerId: z.string().min(1).max(64), period: PeriodKey })
/** Who the manufacturer's side is in the records it writes (issuedBy, resolvedBy). */
const OPERATOR = 'operator'
const ListQuery = z.strictObject({
  status: z.string().max(40).optional(),
  dealerId: z.string().max(64).optional(),
})

export interface OperatorDeps {
  sandbox: SandboxPortal
  operatorToken: string
  faults: FaultControl
  autopilot: Autopilot
}

export function registerOperatorRoutes(app: FastifyInstance, deps: OperatorDeps): void {
  const { sandbox, faults, autopilot } = deps
  const expected = Buffer.from(deps.operatorToken)

  function checkToken(request: FastifyRequest): void {
    const given = Buffer.from(String(request.headers['x-operator-token'] ?? ''))
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ApiError('auth.operatorTokenInvalid')
  }

  interface Input {
    params: unknown
    body: unknown
    query: unknown
  }
  /** A route whose work runs as one durable sandbox operation (after the input is parsed). */
  const route = (method: 'GET' | 'POST' | 'PUT', url: string, handler: (input: Input) => unknown) =>
    app.route({
      method,
      url: `/sandbox${url}`,
      handler: async (request, reply) => {
        checkToken(request)
        const result = await handler({
          params: request.params,
          body: request.body ?? {},
          query: request.query ?? {},
        })
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(result))
      },
    })
  const operate = <T>(work: (api: SandboxApi) => T) => sandbox.operate(work)
  const ref = (params: unknown) => parseOrThrow(Ref, params, 'params').ref
  const dealer = (api: SandboxApi, params: unknown) => {
    const { dealerId } = parseOrThrow(DealerRef, params, 'params')
    if (!api.dealers.dealer(dealerId)) throw notFound()
    return dealerId
  }
  const note = (body: unknown) => parseOrThrow(OperatorNote, body, 'body').note ?? null
  const reason = (body: unknown) => parseOrThrow(OperatorReject, body, 'body').reason

  route('POST', '/orders/:ref/approve', ({ params, body }) =>
    operate((api) => api.orders.approve(ref(params), note(body))),
  )
  route('POST', '/orders/:ref/reject', ({ params, body }) =>
    operate((api) => api.orders.reject(ref(params), reason(body))),
  )
  route('POST', '/orders/:ref/ship', ({ params, body }) =>
    operate((api) =>
      api.deliveries.ship(ref(params), parseOrThrow(ShipOrderRequest, body, 'body')),
    ),
  )
  route('POST', '/returns/:ref/approve', ({ params, body }) =>
    operate((api) => api.returns.approve(ref(params), note(body))),
  )
  route('POST', '/returns/:ref/receive', ({ params, body }) =>
    operate((api) => api.returns.receive(ref(params), note(body))),
  )
  route('POST', '/returns/:ref/refund', ({ params, body }) =>
    operate((api) => api.returns.refund(ref(params), note(body))),
  )
  route('POST', '/returns/:ref/reject', ({ params, body }) =>
    operate((api) => api.returns.reject(ref(params), reason(body))),
  )
  route('POST', '/invoice-requests/:ref/issue', ({ params, body }) =>
    operate((api) =>
      api.invoices.issue(
        ref(params),
        parseOrThrow(IssueInvoiceRequest, body, 'body').invoiceNumber,
      ),
    ),
  )
  route('POST', '/invoice-requests/:ref/reject', ({ params, body }) =>
    operate((api) => api.invoices.reject(ref(params), reason(body))),
  )

  route('POST', '/dealers/:dealerId/top-up', ({ params, body }) =>
    operate((api) => {
      const request = parseOrThrow(AmountRequest, body, 'body')
      return api.account.topUp(dealer(api, params), request.amount, request.note ?? null)
    }),
  )
  route('POST', '/dealers/:dealerId/rebate-grant', ({ params, body }) =>
    operate((api) => {
      const request = parseOrThrow(AmountRequest, body, 'body')
      return api.account.grantRebate(dealer(api, params), request.amount, request.note ?? null)
    }),
  )
  route('POST', '/dealers/:dealerId/credit-limit', ({ params, body }) =>
    operate((api) => {
      const request = parseOrThrow(CreditLimitRequest, body, 'body')
      return api.account.setCreditLimit(dealer(api, params), request.limit, request.note ?? null)
    }),
  )
  route('POST', '/dealers/:dealerId/credit-settlement', ({ params, body }) =>
    operate((api) => {
      const request = parseOrThrow(AmountRequest, body, 'body')
      return api.account.settleCredit(dealer(api, params), request.amount, request.note ?? null)
    }),
  )
  route('PUT', '/dealers/:dealerId/rebate-rule', ({ params, body }) =>
    operate((api) => {
      const dealerId = dealer(api, params)
      api.dealers.setRebateRule(dealerId, parseOrThrow(RebateRuleRequest, body, 'body'))
      return api.account.balances(dealerId)
    }),
  )
  const dealerPeriod = (api: SandboxApi, params: unknown) => {
    const { dealerId, period } = parseOrThrow(DealerPeriod, params, 'params')
    if (!api.dealers.dealer(dealerId)) throw notFound()
    return { dealerId, period }
  }
  route('GET', '/dealers/:dealerId/statement-periods', ({ params }) =>
    operate((api) => api.statements.list(dealer(api, params))),
  )
  route('POST', '/dealers/:dealerId/statement-periods/:period/issue', ({ params }) =>
    operate((api) => {
      const { dealerId, period } = dealerPeriod(api, params)
      return api.statements.issue(dealerId, period, OPERATOR)
    }),
  )
  route('POST', '/dealers/:dealerId/statement-periods/:period/resolve', ({ params, body }) =>
    operate((api) => {
      const { dealerId, period } = dealerPeriod(api, params)
      const { resolution } = parseOrThrow(ResolveStatementRequest, body, 'body')
      return api.statements.resolve(dealerId, period, OPERATOR, resolution)
    }),
  )
  route('POST', '/prices', ({ body }) =>
    operate((api) => api.pricing.changePrices(parseOrThrow(PriceChangeRequest, body, 'body'))),
  )
  route('POST', '/products/:ref/status', ({ params, body }) =>
    operate((api) => {
      api.pricing.setProductStatus(
        ref(params),
        parseOrThrow(ProductStatusRequest, body, 'body').status,
      )
      return { ok: true }
    }),
  )

  route('GET', '/documents', ({ query }) =>
    operate((api) => api.operations.documents(parseOrThrow(ListQuery, query, 'query'))),
  )
  route('GET', '/state', () =>
    operate((api) => ({
      checksum: api.checksum(),
      seed: api.operations.seed(),
      products: api.operations.products(),
      faults: faults.get(),
      autopilot: { enabled: autopilot.enabled, intervalMs: autopilot.intervalMs },
    })),
  )
  route('GET', '/faults', () => faults.get())
  route('PUT', '/faults', ({ body }) => faults.set(parseOrThrow(FaultSettings, body, 'body')))
  route('PUT', '/autopilot', ({ body }) => {
    const request = parseOrThrow(AutopilotRequest, body, 'body')
    if (request.enabled) autopilot.start(request.intervalMs)
    else autopilot.stop()
    return { enabled: autopilot.enabled, intervalMs: autopilot.intervalMs }
  })
  route('POST', '/autopilot/tick', async () => ({ moved: await autopilot.tick() }))
}
