import type { DomainError } from './errors'
import { domainError } from './errors'
import type { Fen } from './money'
import { splitProportionally } from './money'
import type { PaymentAllocation } from './payment'

// Rules: domain.md "Returns (退货单)".

export type ReturnReason = 'quality' | 'wrongItem' | 'damagedInTransit' | 'overShipment' | 'other'

export const RETURN_REASONS: readonly ReturnReason[] = [
  'quality',
  'wrongItem',
  'damagedInTransit',
  'overShipment',
  'other',
]

export function isReturnReason(value: unknown): value is ReturnReason {
  return (RETURN_REASONS as readonly unknown[]).includes(value)
}

/**
 * Units of a delivered line that may still be returned: delivered − alreadyReturned, where
 * alreadyReturned counts every return of the line that was not rejected. Never negative; 0 for
 * non-numeric input.
 */
export function returnableQuantity(delivered: number, alreadyReturned: number): number {
  const returnable = delivered - alreadyReturned
  return Number.isFinite(returnable) && returnable > 0 ? returnable : 0
}

/** A delivery as far as returns care (shared/api Delivery fits). */
export interface DeliveryForReturns {
  status: string
  lines: readonly { orderLineId: string; quantity: number; receivedQuantity: number | null }[]
}

/**
 * What may be returned against, per order line id, before subtracting what was already returned:
 * per delivery, the quantity the dealer confirmed as received once the receipt was confirmed (a
 * short receipt lowers it), the shipped quantity before that (domain.md, Returns). Used by the
 * gateway and by the client so both show and enforce the same returnable quantity.
 */
export function returnBasisByLine(deliveries: readonly DeliveryForReturns[]): Map<string, number> {
  const basis = new Map<string, number>()
  for (const delivery of deliveries) {
    for (const line of delivery.lines) {
      const counted =
        delivery.status === 'received' && line.receivedQuantity !== null
          ? line.receivedQuantity
          : line.quantity
      basis.set(line.orderLineId, (basis.get(line.orderLineId) ?? 0) + counted)
    }
  }
  return basis
}

/**
 * null when `quantity` units of the line may be returned. Errors: `return.quantityInvalid`
 * (not a positive safe integer), `return.quantityAboveReturnable` {returnable}.
 */
export function checkReturnLine(input: {
  quantity: number
  delivered: number
  alreadyReturned: number
}): DomainError | null {
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 1) {
    return domainError('return.quantityInvalid')
  }
  const returnable = returnableQuantity(input.delivered, input.alreadyReturned)
  if (input.quantity > returnable)
    return domainError('return.quantityAboveReturnable', { returnable })
  return null
}

/**
 * Where a refund of `refundAmount` fen goes back to, in proportion to how the order was paid:
 * deposit back to deposit, rebate back to rebate, the credit share releases credit occupancy.
 * The three parts sum exactly to `refundAmount` (largest remainder; ties favour deposit, then
 * rebate). An order paid with nothing (all zero) refunds everything to deposit.
 */
export function refundSplit(refundAmount: Fen, orderPayment: PaymentAllocation): PaymentAllocation {
  const weights = [orderPayment.deposit, orderPayment.rebate, orderPayment.credit]
  if (weights.every((weight) => weight === 0)) {
    return { deposit: refundAmount, rebate: 0, credit: 0 }
  }
  const [deposit = 0, rebate = 0, credit = 0] = splitProportionally(refundAmount, weights)
  return { deposit, rebate, credit }
}
