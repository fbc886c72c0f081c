/** The `deliveries` domain of the contract, delegating to the deliveries service. */
import type { Handlers } from '../../ipc/registry'
import type { DeliveriesService } from '../../services/deliveries/deliveriesService'

export function createDeliveriesHandlers(deps: {
  deliveries: DeliveriesService
}): Handlers['deliveries'] {
  const { deliveries } = deps
  return {
    list: (request) => deliveries.list(request),
    get: ({ id }) => deliveries.get(id),
    confirmReceipt: (input) => deliveries.confirmReceipt(input),
  }
}
