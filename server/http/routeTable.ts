/**
 * Registers the Portal API route table (shared/api/routes.ts) on Fastify. For each call:
 * bearer authentication (unless public), dealer scope and role check (no membership → 404, role
 * missing → 403), strict zod parsing of params / query / body (→ `request.invalid`), the
 * Idempotency-Key protocol for idempotent routes, then the handler. Handlers are synchronous
 * against the backend where they mutate, so a mutation and its idempotency record are atomic.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { API_PREFIX, PORTAL_ROUTES, type PortalRouteName, type Role, type RouteSpec } from '../../shared/api'
import type { Principal } from '../backends/sandbox/auth'
import { requestHash } from '../backends/sandbox/idempotency'
import type { SandboxBackend } from '../backends/sandbox/index'
import { ApiError, notFound } from '../errors'
import { parseOrThrow } from './problems'

/** A response body that is already JSON text (feeds). */
export class RawJson {
  constructor(readonly json: string) {}
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined

export interface HandlerInput<R extends RouteSpec> {
  params: Parsed<R['params']>
  query: Parsed<R['query']>
  body: Parsed<R['body']>
  /** null on public routes (login, refresh). */
  principal: Principal
  request: FastifyRequest
  reply: FastifyReply
}

export type PortalHandlers = {
  [K in PortalRouteName]: (input: HandlerInput<(typeof PORTAL_ROUTES)[K]>) => unknown
}

const PUBLIC_ROUTES = new Set<PortalRouteName>(['login', 'refresh'])
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization
  if (!header) throw new ApiError('auth.tokenMissing')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match?.[1]) throw new ApiError('auth.tokenInvalid')
  return match[1]
}

export function authenticate(backend: SandboxBackend, request: FastifyRequest): Principal {
  return backend.auth.authenticate(bearerToken(request))
}

function checkRole(backend: SandboxBackend, principal: Principal, dealerId: string, allowed: readonly Role[]): void {
  const roles = backend.dealers.roles(principal.userId, dealerId)
  if (roles.length === 0) throw notFound()
  if (!roles.includes('admin') && !roles.some((role) => allowed.includes(role))) {
    throw new ApiError('auth.forbidden', { requiredRoles: allowed.join(',') })
  }
}

function send(reply: FastifyReply, status: number, result: unknown): FastifyReply {
  if (status === 204 || result === undefined) return reply.code(204).send()
  const json = result instanceof RawJson ? result.json : JSON.stringify(result)
  return reply.code(status).type('application/json; charset=utf-8').send(json)
}

export function registerPortalRoutes(app: FastifyInstance, backend: SandboxBackend, handlers: PortalHandlers): void {
  for (const name of Object.keys(PORTAL_ROUTES) as PortalRouteName[]) {
    const spec: RouteSpec = PORTAL_ROUTES[name]
    const handler = handlers[name] as (input: HandlerInput<RouteSpec>) => unknown
    app.route({
      method: spec.method,
      url: API_PREFIX + spec.path,
      handler: async (request, reply) => {
        const principal = PUBLIC_ROUTES.has(name) ? (null as unknown as Principal) : authenticate(backend, request)
        const params = spec.params ? parseOrThrow(spec.params, request.params, 'params') : undefined
        const query = spec.query ? parseOrThrow(spec.query, request.query ?? {}, 'query') : undefined
        if (spec.roles && params) checkRole(backend, principal, (params as { dealerId: string }).dealerId, spec.roles)
        const body = spec.body ? parseOrThrow(spec.body, request.body, 'body') : undefined
        const input = { params, query, body, principal, request, reply } as HandlerInput<RouteSpec>
        const status = spec.status ?? 200
        if (!spec.idempotent) return send(reply, status, await handler(input))

        const key = request.headers['idempotency-key']
        if (key === undefined) throw new ApiError('idempotency.keyRequired')
        if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw new ApiError('idempotency.keyInvalid')
        const dealerId = (params as { dealerId: string }).dealerId
        const hash = requestHash(name, body)
        // From here to the store no await: lookup, mutation and record are one atomic step.
        const stored = backend.idempotency.lookup(dealerId, key)
        if (stored) {
          if (stored.requestHash !== hash) throw new ApiError('idempotency.conflict')
          reply.header('idempotent-replayed', 'true')
          return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.body)
        }
        const result = handler(input)
        if (result instanceof Promise) throw new Error(`idempotent handler ${name} must be synchronous`)
        const json = JSON.stringify(result)
        backend.idempotency.store(dealerId, key, { requestHash: hash, status, body: json })
        return reply.code(status).type('application/json; charset=utf-8').send(json)
      },
    })
  }
}
