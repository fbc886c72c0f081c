/** The `returns` domain of the contract, delegating to the returns service. */
import type { Handlers } from '../../ipc/registry'
import type { ReturnsService } from '../../services/returns/returnsService'

export function createReturnsHandlers(deps: { returns: ReturnsService }): Handlers['returns'] {
  const { returns } = deps
  return {
    list: (request) => returns.list(request),
    get: ({ id }) => returns.get(id),
    returnableOrders: () => returns.returnableOrders(),
    returnableLines: ({ orderIds }) => returns.returnableLines(orderIds),
    create: (input) => returns.create(input),
    draft: ({ outboxId }) => returns.draft(outboxId),
  }
}
