/**
 * Operator price maintenance: set or withdraw price-list items, bulk reprice by a percentage,
 * take a product off sale. Withdrawn items leave a tombstone in the item feed; a re-priced item
 * gets a new modification stamp so clients pick the change up incrementally.
 */
import type { PriceChangeRequest, PriceListItem } from '../../../shared/api'
import { roundHalfUp } from '../../../shared/domain'
import { ApiError, notFound } from '../../errors'
import { itemFromRow } from './catalog'
import type { SandboxContext } from './context'
import { addTombstone, removeTombstone } from './feeds'

export function priceListItemId(priceListId: string, productId: string): string {
  return `${priceListId}.${productId}`
}

const ITEM_SELECT =
  'SELECT id, modified_at, price_list_id, product_id, price, tiers, min_quantity, step, valid_from, valid_to FROM price_list_items'

export type Pricing = ReturnType<typeof createPricing>

export function createPricing(ctx: SandboxContext) {
  const { db } = ctx

  function writeItem(item: PriceListItem): void {
    db.run(
      `INSERT INTO price_list_items (id, price_list_id, product_id, price, tiers, min_quantity, step, valid_from, valid_to, modified_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET price = excluded.price, tiers = excluded.tiers, min_quantity = excluded.min_quantity,
         step = excluded.step, valid_from = excluded.valid_from, valid_to = excluded.valid_to, modified_at = excluded.modified_at`,
      [
        item.id,
        item.priceListId,
        item.productId,
        item.price,
        JSON.stringify(item.tiers),
        item.minQuantity,
        item.step,
        item.validFrom,
        item.validTo,
        item.modifiedAt,
      ],
    )
  }

  /** Applies the changes in one transaction; answers how many items changed and were withdrawn. */
  function changePrices(request: PriceChangeRequest): { changed: number; withdrawn: number } {
    return db.transaction(() => {
      const stamp = ctx.stamp()
      let changed = 0
      let withdrawn = 0
      for (const change of request.changes ?? []) {
        if (!db.get('SELECT 1 FROM price_lists WHERE id = ?', [change.priceListId]))
          throw notFound()
        if (!db.get('SELECT 1 FROM products WHERE id = ?', [change.productId])) throw notFound()
        const id = priceListItemId(change.priceListId, change.productId)
        const row = db.values(`${ITEM_SELECT} WHERE id = ?`, [id])[0]
        if (change.withdraw) {
          if (!row) continue
          db.run('DELETE FROM price_list_items WHERE id = ?', [id])
          addTombstone(db, 'price_list_items', change.priceListId, id, stamp)
          withdrawn++
          continue
        }
        const current = row ? itemFromRow(row) : undefined
        const price = change.price ?? current?.price
        if (price === undefined)
          throw new ApiError('request.invalid', {
            path: 'changes.price',
            issue: 'price required for a new item',
          })
        writeItem({
          id,
          priceListId: change.priceListId,
          productId: change.productId,
          price,
          tiers: change.tiers ?? current?.tiers ?? [],
          minQuantity: change.minQuantity ?? current?.minQuantity ?? 1,
          step: change.step ?? current?.step ?? 1,
          validFrom: current?.validFrom ?? null,
          validTo: current?.validTo ?? null,
          modifiedAt: stamp,
        })
        removeTombstone(db, 'price_list_items', change.priceListId, id)
        changed++
      }
      if (request.percent !== undefined && request.priceListId) {
        const factor = 1 + request.percent / 100
        const rows = db.values(`${ITEM_SELECT} WHERE price_list_id = ? ORDER BY id LIMIT ?`, [
          request.priceListId,
          request.count ?? 1_000_000,
        ])
        for (const row of rows) {
          const item = itemFromRow(row)
          writeItem({
            ...item,
            price: roundHalfUp(item.price * factor),
            tiers: item.tiers.map((tier) => ({ ...tier, price: roundHalfUp(tier.price * factor) })),
            modifiedAt: stamp,
          })
          changed++
        }
      }
      db.run(
        'UPDATE price_lists SET modified_at = ? WHERE id IN (SELECT DISTINCT price_list_id FROM price_list_items WHERE modified_at = ?)',
        [stamp, stamp],
      )
      ctx.changed()
      return { changed, withdrawn }
    })
  }

  function setProductStatus(productId: string, status: 'onSale' | 'offSale'): void {
    db.transaction(() => {
      if (!db.get('SELECT 1 FROM products WHERE id = ?', [productId])) throw notFound()
      db.run('UPDATE products SET status = ?, modified_at = ? WHERE id = ?', [
        status,
        ctx.stamp(),
        productId,
      ])
    })
    ctx.changed()
  }

  return { changePrices, setProductStatus }
}
