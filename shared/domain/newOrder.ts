import type { Fen } from './money'
import type { OrderStatus } from './orderStatus'
import type { PaymentAllocation } from './payment'

// Rules: domain.md "Orders". One way to turn a priced submission into the order record, for every
// backend (the sandbox's orders and ShareCRM's held orders), so both serve the same fields. The
// record's type is shared/api `Order`; this file stays free of the API schemas (it is structural:
// the callers assign the result to `Order`, so a field missing here fails their type check).

export interface OrderFromQuoteInput<Product, Snapshot extends object, Address> {
  id: string
  number: string
  dealerId: string
  /** The first status (`under_review`, or `awaiting_approval` for an order the rule holds). */
  status: OrderStatus
  /** The submitted request: payment, remark and requested delivery date are copied from it. */
  request: { payment: PaymentAllocation; remark?: string; requestedDeliveryDate?: number }
  /** The quote of the request's lines (every line priced: a cart with problems is refused). */
  priced: {
    lines: readonly {
      productId: string
      quantity: number
      unitPrice: Fen | null
      amount: Fen | null
    }[]
    total: Fen
  }
  /** The catalog products of the priced lines, by id. */
  products: ReadonlyMap<string, Product>
  /** What a line keeps of its product (shared/api `productSnapshot`). */
  snapshot: (product: Product) => Snapshot
  address: Address
  createdBy: string
  /** Epoch ms: the creation and first status time. */
  at: number
}

/**
 * The new order of a priced submission: line `i` gets the id `<order id>-<i + 1>` and the
 * snapshot of its product; nothing delivered, returned, invoiced nor deducted yet; one status
 * change (`status` at `at`). Throws (a bug, not a user error) if a priced product is missing from
 * `products`.
 */
export function orderFromQuote<Product, Snapshot extends object, Address>(
  input: OrderFromQuoteInput<Product, Snapshot, Address>,
) {
  const { id, status, request, priced, at } = input
  return {
    id,
    number: input.number,
    dealerId: input.dealerId,
    status,
    lines: priced.lines.map((line, index) => {
      const product = input.products.get(line.productId)
      if (product === undefined) {
        throw new Error(`priced product ${line.productId} is not in the catalog`)
      }
      return {
        lineId: `${id}-${index + 1}`,
        productId: line.productId,
        ...input.snapshot(product),
        quantity: line.quantity,
        unitPrice: line.unitPrice ?? 0,
        amount: line.amount ?? 0,
        deliveredQuantity: 0,
        returnedQuantity: 0,
      }
    }),
    total: priced.total,
    payment: { ...request.payment },
    deducted: { deposit: 0, rebate: 0, credit: 0 },
    address: input.address,
    remark: request.remark ?? null,
    requestedDeliveryDate: request.requestedDeliveryDate ?? null,
    statusHistory: [{ status, at, note: null }],
    deliveredAmount: 0,
    returnedAmount: 0,
    invoiceRequestedAmount: 0,
    invoiceableAmount: 0,
    deliveryIds: [] as string[],
    returnIds: [] as string[],
    invoiceRequestIds: [] as string[],
    createdBy: input.createdBy,
    createdAt: at,
    modifiedAt: at,
  }
}
