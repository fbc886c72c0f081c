/** The `account` domain of the contract, delegating to the account service. */
import type { Handlers } from '../../ipc/registry'
import type { AccountService } from '../../services/account/accountService'
import type { StatementPeriodsService } from '../../services/account/statementPeriodsService'

export function createAccountHandlers(deps: {
  account: AccountService
  statementPeriods: StatementPeriodsService
}): Handlers['account'] {
  const { account, statementPeriods } = deps
  return {
    balances: () => account.balances(),
    transactions: (request) => account.transactions(request),
    statement: (period) => account.statement(period),
    export: (request) => account.export(request),
    statementPeriods: () => statementPeriods.list(),
    confirmStatement: (input) => statementPeriods.confirm(input),
    disputeStatement: (input) => statementPeriods.dispute(input),
  }
}
