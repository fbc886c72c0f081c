/** The `orders` domain of the contract, delegating to the orders service. */
import type { Handlers } from '../../ipc/registry'
import type { OrdersService } from '../../services/orders/ordersService'

export function createOrdersHandlers(deps: { orders: OrdersService }): Handlers['orders'] {
  const { orders } = deps
  return {
    list: (request) => orders.list(request),
    get: ({ id }) => orders.get(id),
    cancel: ({ id }) => orders.cancel(id),
    reorder: ({ id }) => orders.reorder(id),
    export: ({ format, language, filter }) => orders.export({ format, language, filter }),
  }
}
