/** The `cart` domain of the contract, delegating to the cart service. */
import type { Handlers } from '../../ipc/registry'
import type { CartService } from '../../services/cart/cartService'

export function createCartHandlers(cart: CartService): Handlers['cart'] {
  return {
    get: () => cart.get(),
    add: ({ lines }) => cart.add(lines),
    setQuantity: ({ productId, quantity }) => cart.setQuantity(productId, quantity),
    remove: ({ productIds }) => cart.remove(productIds),
    clear: () => cart.clear(),
    setDetails: (patch) => cart.setDetails(patch),
    quote: () => cart.quote(),
    submit: (input) => cart.submit(input),
    reviewOutboxPrices: ({ outboxId }) => cart.reviewOutboxPrices(outboxId),
    acceptOutboxPrices: ({ outboxId }) => cart.acceptOutboxPrices(outboxId),
    openRefusedOrder: ({ outboxId }) => cart.openRefusedOrder(outboxId),
    openDeclinedOrder: ({ id }) => cart.openDeclinedOrder(id),
  }
}
