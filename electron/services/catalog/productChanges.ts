/**
 * How the catalog's index hears of product writes (catalogWorker.ts): from the database itself,
 * whoever writes. SQLite's update hook reports the rowid of each product row inserted or updated
 * (next to nothing per row: a trigger calling JavaScript on every insert cost a 100k full sync
 * ~0.4 s of the worker); temporary triggers (not in the file) report the id a row had when it is
 * deleted or its id changes, which its rowid can no longer tell.
 */
import type { Database } from 'sql.js'

const TOUCH = 'catalog_index_touch'

/** sql.js's update hook (sql-wasm.js 1.x; not in @types/sql.js 1.4). */
type HookedDatabase = Database & {
  updateHook(
    callback:
      | ((
          operation: 'insert' | 'update' | 'delete',
          database: string,
          table: string,
          rowid: number,
        ) => void)
      | null,
  ): Database
}

export function watchProducts(
  db: Database,
  notes: { row(rowid: number): void; gone(id: string): void },
): void {
  db.create_function(TOUCH, (id: unknown) => {
    notes.gone(String(id))
    return null
  })
  ;(db as HookedDatabase).updateHook((operation, database, table, rowid) => {
    if (operation !== 'delete' && table === 'products' && database === 'main') notes.row(rowid)
  })
  db.exec(`
    CREATE TEMP TRIGGER IF NOT EXISTS catalog_index_delete AFTER DELETE ON products
      BEGIN SELECT ${TOUCH}(OLD.id); END;
    CREATE TEMP TRIGGER IF NOT EXISTS catalog_index_rename AFTER UPDATE OF id ON products
      WHEN OLD.id IS NOT NEW.id BEGIN SELECT ${TOUCH}(OLD.id); END;`)
}

/** Up to `limit` of the noted values, no longer noted. */
export function someOf<T>(noted: Set<T>, limit: number): T[] {
  const values: T[] = []
  for (const value of noted) {
    if (values.length >= limit) break
    values.push(value)
  }
  for (const value of values) noted.delete(value)
  return values
}
