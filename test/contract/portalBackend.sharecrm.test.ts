/**
 * The PortalBackend contract run against the ShareCRM backend: the simulator on loopback, the
 * gateway database in embedded PostgreSQL (PGlite) in a temporary directory (a restart reopens
 * it). Manufacturer-side steps are the simulator's operator actions, then one mirror poll.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Delivery } from '../../shared/api'
import { buildFieldMap } from '../../server/backends/sharecrm/fieldMap'
import type { GatewayConfig } from '../../server/gateway/config'
import { openShareCrmServices, type ShareCrmServices } from '../../server/gateway/start'
import { startShareCrmSim } from '../../server/sharecrm-sim/server'
import { describePortalBackendContract, type ContractSubject } from './portalBackend.contract'

async function openShareCrmSubject(): Promise<ContractSubject> {
  const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-contract-sharecrm-'))
  const sim = await startShareCrmSim({ port: 0, products: 2000, seed: 5, callsPer20s: 100_000 })
  const config: GatewayConfig = {
    database: join(folder, 'gateway-data'),
    host: '127.0.0.1',
    port: 0,
    sharecrm: {
      baseUrl: sim.url,
      appId: 'sim-app',
      appSecret: 'sim-secret',
      permanentCode: 'sim-code',
      openUserId: 'FSUID_SIM',
      pollSeconds: 3600,
      callsPer20s: 10_000,
    },
    mapping: {},
    fieldMap: buildFieldMap(),
  }
  let services: ShareCrmServices = await openShareCrmServices(config, {
    poll: false,
    instanceId: 'contract',
  })
  await services.mirror.tick()

  const accounts = sim.store.all('AccountObj').map((row) => row._id)
  const dealerId = accounts[0]!
  const otherDealerId = accounts[1]!
  const books = new Set(
    sim.store
      .all('PriceBookAccountObj')
      .filter((row) => row.account_id === dealerId)
      .map((row) => String(row.pricebook_id)),
  )
  const onSale = new Set(
    sim.store
      .all('ProductObj')
      .filter((row) => row.product_status === '1')
      .map((row) => row._id),
  )
  const candidates = new Map<string, boolean>()
  for (const item of sim.store.all('PriceBookProductObj')) {
    if (!books.has(String(item.pricebook_id)) || !onSale.has(String(item.product_id))) continue
    const plain = [item.min_order_qty__c, item.order_step__c].every(
      (value) => value === undefined || value === null || value === '' || Number(value) === 1,
    )
    const product = String(item.product_id)
    candidates.set(product, (candidates.get(product) ?? true) && plain)
  }
  const productId = [...candidates].find(([, plain]) => plain)?.[0]
  if (!productId) throw new Error('no product with minimum 1 and step 1 in the simulator seed')
  const addressId = sim.store.all('AccountAddrObj').find((row) => row.account_id === dealerId)?._id
  if (!addressId) throw new Error('the fixture dealer has no address')
  await services.backend.users.add({
    account: 'contract.user',
    displayName: '合同',
    password: 'Contract@2026',
    memberships: [{ dealerId, roles: ['orderer', 'accountant'] }],
  })
  await services.backend.users.add({
    account: 'contract.admin',
    displayName: '审批',
    password: 'Contract@2026',
    memberships: [{ dealerId, roles: ['admin'] }],
  })

  return {
    get backend() {
      return services.backend
    },
    fixture: {
      account: 'contract.user',
      password: 'Contract@2026',
      dealerId,
      otherDealerId,
      addressId,
      productId,
      approval: { dealerId, addressId, productId, adminAccount: 'contract.admin' },
    },
    async approveAndShip(orderId, lines) {
      sim.ops.approveOrder(orderId)
      const { note } = sim.ops.shipOrder(
        orderId,
        lines
          ? { lines: lines.map((line) => ({ lineId: line.orderLineId, quantity: line.quantity })) }
          : {},
      )
      await services.mirror.tick()
      return services.backend.deliveries.load(dealerId, note._id) as Promise<Delivery>
    },
    async topUp(dealer, amount) {
      sim.ops.topUp(dealer, amount)
      await services.mirror.tick()
    },
    async issueStatement(dealer, period) {
      await services.backend.statements.issue(dealer, period, 'contract-operator')
    },
    async resolveDispute(dealer, period, resolution) {
      await services.backend.statements.resolve(dealer, period, 'contract-operator', resolution)
    },
    async upstreamStatements(dealer, period) {
      return sim.store
        .all('dd_statement__c')
        .filter((row) => row.account_id === dealer && row.period === period)
        .map((row) => ({
          status: String(row.status),
          by: (row.confirmed_by as string | null) ?? null,
          note: (row.note as string | null) ?? null,
        }))
    },
    async restart() {
      await services.backend.close()
      services = await openShareCrmServices(config, { poll: false, instanceId: 'contract' })
      return services.backend
    },
    async close() {
      await services.backend.close()
      await sim.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}

describePortalBackendContract('sharecrm', openShareCrmSubject)
