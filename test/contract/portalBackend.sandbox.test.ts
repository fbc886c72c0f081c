/** The PortalBackend contract run against the sandbox backend, persisted to a real file. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Delivery } from '../../shared/api'
import { startSandbox, type RunningSandbox } from '../../server/sandbox'
import { describePortalBackendContract, type ContractSubject } from './portalBackend.contract'

async function openSandboxSubject(): Promise<ContractSubject> {
  const folder = await mkdtemp(join(tmpdir(), 'dealerdesk-contract-'))
  const dataFile = join(folder, 'sandbox.sqlite')
  let sandbox: RunningSandbox = await startSandbox({ dataFile, products: 2000, seed: 5 })
  return {
    get backend() {
      return sandbox.backend
    },
    fixture: {
      account: 'agent.li',
      password: 'Demo@2026',
      dealerId: 'd_cd',
      otherDealerId: 'd_hk',
      addressId: 'adr_cd_1',
      productId: 'P000003',
      approval: {
        dealerId: 'd_sh',
        addressId: 'adr_sh_1',
        productId: 'P000003',
        adminAccount: 'sh.admin',
      },
    },
    approveAndShip: (orderId, lines) =>
      sandbox.backend.operate((api): Delivery => {
        api.orders.approve(orderId, null)
        return api.deliveries.ship(orderId, lines ? { lines } : {})
      }),
    topUp: async (dealerId, amount) => {
      await sandbox.backend.operate((api) => api.account.topUp(dealerId, amount, 'contract'))
    },
    issueStatement: async (dealerId, period) => {
      await sandbox.backend.operate((api) => api.statements.issue(dealerId, period, 'operator'))
    },
    resolveDispute: async (dealerId, period, resolution) => {
      await sandbox.backend.operate((api) =>
        api.statements.resolve(dealerId, period, 'operator', resolution),
      )
    },
    async restart() {
      await sandbox.close()
      sandbox = await startSandbox({ dataFile })
      return sandbox.backend
    },
    async close() {
      await sandbox.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
}

describePortalBackendContract('sandbox', openSandboxSubject)
