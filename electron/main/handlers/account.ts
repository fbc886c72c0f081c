/** The `account` domain of the contract, delegating to the account service. */
import type { Handlers } from '../../ipc/registry'
import type { AccountService } from '../../services/account/accountService'

export function createAccountHandlers(deps: { account: AccountService }): Handlers['account'] {
  const { account } = deps
  return {
    balances: () => account.balances(),
    transactions: (request) => account.transactions(request),
    statement: (period) => account.statement(period),
    export: (request) => account.export(request),
  }
}
