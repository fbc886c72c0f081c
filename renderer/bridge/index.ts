/**
 * The only renderer code that knows how main is reached: `window.portal` from the Electron preload
 * when present, otherwise the web host's HTTP transport. Stores import `portal` from here.
 */
import { buildPortal, type PortalApi } from '../../shared/contract/portal'
import { takeAccessToken } from './accessToken'
import { createHttpTransport } from './httpTransport'

export type { PortalApi } from '../../shared/contract/portal'
export type { PortalErrorData, Result } from '../../shared/contract'

let instance: PortalApi | undefined

export function getPortal(): PortalApi {
  instance ??=
    window.portal ??
    buildPortal(
      createHttpTransport(takeAccessToken(window.location, window.history, window.sessionStorage)),
    )
  return instance
}

/** For component tests: use a fake portal. */
export function setPortal(portal: PortalApi | undefined): void {
  instance = portal
}
