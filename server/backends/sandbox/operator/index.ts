/**
 * The sandbox's gateway plugin: operator routes (`/sandbox/...`), the demo auto-pilot and fault
 * injection on the Portal routes. Registered by the sandbox entry point (server/sandbox.ts) only;
 * a production gateway has none of it.
 */
import type { FaultSettings } from '../../../../shared/api'
import type { GatewayPlugin } from '../../../app'
import type { SandboxPortal } from '../portal'
import { createAutopilot, type Autopilot } from './autopilot'
import { installFaults, type FaultControl } from './faults'
import { registerOperatorRoutes } from './routes'

export interface SandboxPluginOptions {
  sandbox: SandboxPortal
  operatorToken: string
  faults?: FaultSettings
  clock?: () => number
}

export interface SandboxPlugin extends GatewayPlugin {
  readonly autopilot: Autopilot
  /** Set once the plugin is registered. */
  readonly faultControl: FaultControl | undefined
}

export function sandboxPlugin(options: SandboxPluginOptions): SandboxPlugin {
  const autopilot = createAutopilot(options.sandbox)
  let faultControl: FaultControl | undefined
  return {
    name: 'sandbox-operator',
    autopilot,
    get faultControl() {
      return faultControl
    },
    register(app) {
      const faults = installFaults(app, options.faults, options.clock)
      faultControl = faults
      app.addHook('onClose', async () => autopilot.stop())
      registerOperatorRoutes(app, {
        sandbox: options.sandbox,
        operatorToken: options.operatorToken,
        faults,
        autopilot,
      })
    },
  }
}
