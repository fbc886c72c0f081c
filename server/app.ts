/**
 * The gateway: a Fastify instance serving the Portal API (`/api/v1/...`) over a backend, plus the
 * sandbox operator routes (`/sandbox/...`) and `GET /health`. Library entry point; the sandbox
 * (server/sandbox.ts) and the desktop app embed it.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import type { FaultSettings } from '../shared/api'
import { createAutopilot, type Autopilot } from './autopilot'
import type { SandboxBackend } from './backends/sandbox/index'
import { installFaults, type FaultControl } from './http/faults'
import { BODY_LIMIT_BYTES, installProblemHandling } from './http/problems'
import { createLoginThrottle } from './http/throttle'
import { registerOperatorRoutes } from './routes/operator'
import { registerPortal } from './routes/portal'

export interface GatewayOptions {
  backend: SandboxBackend
  /** Secret for `/sandbox/...` (header X-Operator-Token). */
  operatorToken?: string
  faults?: FaultSettings
  /** Epoch-ms clock for throttling and rate limits (the backend has its own). */
  clock?: () => number
  autopilot?: Autopilot
  logger?: boolean
}

export interface Gateway extends FastifyInstance {
  faultControl: FaultControl
  autopilot: Autopilot
}

export function buildGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? Date.now
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  })
  // JSON only: anything else is 415 `request.unsupportedMediaType`.
  app.removeContentTypeParser('text/plain')
  installProblemHandling(app)
  const faults = installFaults(app, options.faults, clock)
  const autopilot = options.autopilot ?? createAutopilot(options.backend)
  app.addHook('onClose', async () => autopilot.stop())
  app.get('/health', async () => ({ status: 'ok' }))
  registerPortal(app, options.backend, createLoginThrottle(clock))
  registerOperatorRoutes(app, { backend: options.backend, operatorToken: options.operatorToken ?? 'sandbox-operator', faults, autopilot })
  return Object.assign(app, { faultControl: faults, autopilot })
}
