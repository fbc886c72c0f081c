/**
 * The cart as stored in the dealer's cache: `cart_lines` (one row per product, quantity > 0 in the
 * sales unit, kept in the order lines were first added) and the details (ship-to address, remark,
 * requested delivery date) as JSON under the meta key `cart.details`. Local only, never synced.
 * Writes go through CacheDatabase, which persists them (debounced, atomically) so the cart
 * survives a restart.
 */
import type { CartDetails } from '../../../shared/contract/cart'
import type { CacheDatabase } from '../cache/cacheDatabase'
import { createMetaStore } from '../cache/cacheRepositories'

export const CART_DETAILS_META_KEY = 'cart.details'
/** The idempotency key of a submit in progress: set (and on disk) before the outbox write. */
export const CART_SUBMISSION_META_KEY = 'cart.submission'

export interface StoredCartLine {
  productId: string
  quantity: number
  addedAt: number
}

export const EMPTY_DETAILS: CartDetails = {
  addressId: null,
  remark: '',
  requestedDeliveryDate: null,
}

export interface CartStore {
  lines(): Promise<StoredCartLine[]>
  quantities(): Promise<Map<string, number>>
  /** Inserts or updates every line atomically (quantity must be a positive integer). */
  save(lines: ReadonlyArray<{ productId: string; quantity: number }>): Promise<void>
  remove(productIds: readonly string[]): Promise<void>
  clear(): Promise<void>
  details(): Promise<CartDetails>
  saveDetails(details: CartDetails): Promise<void>
  /** The key of a submit whose cart may not have been cleared yet (a crash in between), or null. */
  submission(): Promise<string | null>
  markSubmission(idempotencyKey: string | null): Promise<void>
}

export function createCartStore(db: CacheDatabase, clock: () => number): CartStore {
  const meta = createMetaStore(db)
  return {
    lines: async () =>
      (
        await db.all<{ product_id: string; quantity: number; added_at: number }>(
          'SELECT product_id, quantity, added_at FROM cart_lines ORDER BY added_at, rowid',
        )
      ).map((row) => ({
        productId: row.product_id,
        quantity: row.quantity,
        addedAt: row.added_at,
      })),
    quantities: async () =>
      new Map(
        (
          await db.all<{ product_id: string; quantity: number }>(
            'SELECT product_id, quantity FROM cart_lines',
          )
        ).map((row) => [row.product_id, row.quantity]),
      ),
    async save(lines) {
      if (lines.length === 0) return
      const now = clock()
      // One atomic batch in the cache worker.
      await db.batch(
        lines.map((line) => ({
          sql: `INSERT INTO cart_lines (product_id, quantity, added_at, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (product_id) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
          params: [line.productId, line.quantity, now, now],
        })),
      )
    },
    async remove(productIds) {
      if (productIds.length === 0) return
      await db.batch(
        productIds.map((productId) => ({
          sql: 'DELETE FROM cart_lines WHERE product_id = ?',
          params: [productId],
        })),
      )
    },
    clear: async () => void (await db.run('DELETE FROM cart_lines')),
    async details() {
      const text = await meta.get(CART_DETAILS_META_KEY)
      if (!text) return { ...EMPTY_DETAILS }
      try {
        const parsed = JSON.parse(text) as Partial<CartDetails>
        return {
          addressId: typeof parsed.addressId === 'string' ? parsed.addressId : null,
          remark: typeof parsed.remark === 'string' ? parsed.remark : '',
          requestedDeliveryDate:
            typeof parsed.requestedDeliveryDate === 'number' ? parsed.requestedDeliveryDate : null,
        }
      } catch {
        return { ...EMPTY_DETAILS }
      }
    },
    saveDetails: (details) => meta.set(CART_DETAILS_META_KEY, JSON.stringify(details)),
    submission: async () => (await meta.get(CART_SUBMISSION_META_KEY)) || null,
    markSubmission: (idempotencyKey) => meta.set(CART_SUBMISSION_META_KEY, idempotencyKey ?? ''),
  }
}
