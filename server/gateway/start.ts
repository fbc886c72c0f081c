/**
 * Composition root of the production gateway: the gateway database, the OpenAPI client with its
 * token and call budget shared through that database, the mirror and the ShareCRM backend, served
 * by `buildGateway`. Used by `npm run gateway` (cli.ts), the tests and the e2e.
 */
import { hostname } from 'node:os'
import type { AddressInfo } from 'node:net'
import { buildGateway, type Gateway } from '../app'
import { openGatewayDb, type GatewayDb } from '../backends/sharecrm/db/driver'
import {
  createDatabaseCallBudget,
  createDatabaseTokenStore,
} from '../backends/sharecrm/db/upstreamState'
import { createShareCrmBackend } from '../backends/sharecrm/index'
import { createMirror, type Mirror, type MirrorLog } from '../backends/sharecrm/mirror/mirror'
import { ShareCrmClient } from '../backends/sharecrm/openApiClient'
import type { GatewayConfig } from './config'

export interface ShareCrmServices {
  db: GatewayDb
  client: ShareCrmClient
  mirror: Mirror
  backend: ReturnType<typeof createShareCrmBackend>
  tokens: ReturnType<typeof createDatabaseTokenStore>
}

export interface ServiceOptions {
  /** Start the poller loop (default true). Tests may drive `mirror.tick()` themselves. */
  poll?: boolean
  instanceId?: string
  log?: MirrorLog
}

/** Opens the database and wires client, mirror and backend; starts polling unless told not to. */
export async function openShareCrmServices(
  config: GatewayConfig,
  options: ServiceOptions = {},
): Promise<ShareCrmServices> {
  const db = await openGatewayDb(config.database)
  const tokens = createDatabaseTokenStore(db)
  // One instance on embedded PostgreSQL: the budget needs no sharing, the client's own (in
  // memory) saves database work on every call. PostgreSQL: shared by every instance.
  const shared = db.driver === 'postgres'
  const client = new ShareCrmClient({
    baseUrl: config.sharecrm.baseUrl,
    appId: config.sharecrm.appId,
    appSecret: config.sharecrm.appSecret,
    permanentCode: config.sharecrm.permanentCode,
    openUserId: config.sharecrm.openUserId,
    callsPer20s: config.sharecrm.callsPer20s,
    ...(shared
      ? { budget: createDatabaseCallBudget(db, { callsPer20s: config.sharecrm.callsPer20s }) }
      : {}),
    tokenStore: tokens,
    // Every call with its thirdTraceId and the Portal request's id (requestId), retries as warnings.
    logger: options.log
      ? {
          info: (entry) => options.log?.info(entry.event, { ...entry }),
          warn: (entry) => options.log?.warn(entry.event, { ...entry }),
        }
      : undefined,
  })
  const mirror = createMirror({
    db,
    api: client,
    map: config.fieldMap,
    pollMs: config.sharecrm.pollSeconds * 1000,
    instanceId: options.instanceId ?? `${hostname()}:${process.pid}`,
    log: options.log,
  })
  const backend = createShareCrmBackend({ db, api: client, mirror, map: config.fieldMap })
  if (options.poll !== false) mirror.start()
  return { db, client, mirror, backend, tokens }
}

export interface RunningGateway extends ShareCrmServices {
  app: Gateway
  url: string
  close(): Promise<void>
}

export async function startShareCrmGateway(
  config: GatewayConfig,
  options: ServiceOptions & { logger?: boolean } = {},
): Promise<RunningGateway> {
  const services = await openShareCrmServices(config, options)
  const app = buildGateway({ backend: services.backend, logger: options.logger ?? false })
  await app.listen({ host: config.host, port: config.port })
  const port = (app.server.address() as AddressInfo).port
  return {
    ...services,
    app,
    url: `http://${config.host}:${port}`,
    async close() {
      await app.close()
      await services.backend.close()
    },
  }
}
