/**
 * The gateway: a Fastify instance serving the Portal API (`/api/v1/...`) over a backend that
 * implements the PortalBackend port (server/backend.ts), plus `GET /health`. Backend-specific
 * routes and hooks (the sandbox's operator routes, fault injection) come as plugins from the
 * backend's entry point. Library entry point; the sandbox (server/sandbox.ts) and the desktop app
 * embed it. Nothing here knows which backend it serves.
 */
import Fastify, { type FastifyInstance } from 'fastify'
import type { PortalBackend } from './backend'
import {
  BODY_LIMIT_BYTES,
  clientErrorHandler,
  frameworkErrors,
  installProblemHandling,
} from './http/problems'
import { createLoginThrottle } from './http/throttle'
import { registerPortal } from './routes/portal'

/** Routes and hooks a backend's entry point adds (registered before the Portal routes). */
export interface GatewayPlugin {
  readonly name: string
  register(app: FastifyInstance): void
}

export interface GatewayOptions {
  backend: PortalBackend
  plugins?: readonly GatewayPlugin[]
  /** Epoch-ms clock for throttling (the backend has its own). */
  clock?: () => number
  logger?: boolean
}

export type Gateway = FastifyInstance

export function buildGateway(options: GatewayOptions): Gateway {
  const clock = options.clock ?? Date.now
  const { backend } = options
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    // Every error the gateway sends is problem+json, also those raised before routing.
    frameworkErrors,
    clientErrorHandler,
  })
  // JSON only: anything else is 415 `request.unsupportedMediaType`.
  app.removeContentTypeParser('text/plain')
  installProblemHandling(app)
  for (const plugin of options.plugins ?? []) plugin.register(app)
  app.get('/health', async () => ({
    status: 'ok',
    backend: backend.kind,
    ...(await backend.health()),
  }))
  registerPortal(app, backend, createLoginThrottle(clock))
  return app
}
