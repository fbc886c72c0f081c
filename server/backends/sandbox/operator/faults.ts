/**
 * Fault injection for resilience tests, applied to Portal API routes only (`/api/...`; operator
 * routes and /health stay reliable so tests can steer the sandbox): added latency, a fraction of
 * requests answered 500/503, connections reset without an answer, responses cut off halfway, and
 * a per-address rate limit answering 429 with Retry-After. Decisions come from a seeded PRNG, so a
 * run is reproducible. Settings can be changed at runtime (PUT /sandbox/faults).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FaultSettings } from '../../../../shared/api'
import { ApiError } from '../../../errors'
import { sendProblem } from '../../../http/problems'
import { createRandom } from '../prng'

export interface FaultControl {
  get(): Required<FaultSettings>
  set(settings: FaultSettings): Required<FaultSettings>
}

const NONE: Required<FaultSettings> = {
  latencyMs: 0,
  errorRate: 0,
  resetRate: 0,
  truncateRate: 0,
  rateLimitPerSecond: 0,
}

const truncated = new WeakSet<FastifyRequest>()

export function installFaults(
  app: FastifyInstance,
  initial: FaultSettings = {},
  clock: () => number = Date.now,
): FaultControl {
  let settings: Required<FaultSettings> = { ...NONE, ...initial }
  const random = createRandom(20261122)
  let errorToggle = 0
  const windows = new Map<string, { second: number; count: number }>()

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return
    if (settings.rateLimitPerSecond > 0) {
      const second = Math.floor(clock() / 1000)
      const window = windows.get(request.ip)
      if (!window || window.second !== second) windows.set(request.ip, { second, count: 1 })
      else if (++window.count > settings.rateLimitPerSecond) {
        const retryAfterSeconds = 1
        return sendProblem(reply, new ApiError('rateLimit.exceeded', { retryAfterSeconds }))
      }
      if (windows.size > 10_000) windows.clear()
    }
    if (settings.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, settings.latencyMs))
    if (settings.resetRate > 0 && random.next() < settings.resetRate) {
      reply.hijack()
      request.raw.socket.destroy()
      return reply
    }
    if (settings.errorRate > 0 && random.next() < settings.errorRate) {
      const unavailable = errorToggle++ % 2 === 1
      return sendProblem(
        reply,
        new ApiError(
          unavailable ? 'server.unavailable' : 'server.internal',
          {},
          unavailable ? { retryAfterSeconds: 1 } : {},
        ),
      )
    }
    if (settings.truncateRate > 0 && random.next() < settings.truncateRate) truncated.add(request)
  })

  // A truncated response announces its full length, sends half of it and closes the connection.
  app.addHook('onSend', async (request, reply, payload) => {
    // Long bodies arrive as bytes (routeTable.ts `send`), short ones as text.
    if (!truncated.has(request) || (typeof payload !== 'string' && !Buffer.isBuffer(payload)))
      return payload
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
    reply.header('content-length', String(bytes.length))
    reply.raw.once('finish', () => reply.raw.socket?.destroy())
    return bytes.subarray(0, Math.floor(bytes.length / 2))
  })

  return {
    get: () => ({ ...settings }),
    set(next) {
      settings = { ...settings, ...next }
      return { ...settings }
    },
  }
}
