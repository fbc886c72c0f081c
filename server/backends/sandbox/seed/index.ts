/**
 * Creates and seeds a sandbox database, deterministically from (seed, products, anchor): the same
 * inputs give the same checksum. `anchor` is the seed time (history ends there), rounded down to
 * the hour by the caller so that a cached image can be reused within the hour.
 */
import { SandboxDatabase } from '../database'
import { createSandboxBackend } from '../index'
import { createRandom } from '../prng'
import { migrate } from '../schema'
import { seedCatalog } from './catalog'
import { seedHistory } from './history'
import { seedPeople } from './people'

export interface SeedOptions {
  seed: number
  products: number
  anchor: number
}

export async function createSeededDatabase(options: SeedOptions): Promise<SandboxDatabase> {
  const db = await SandboxDatabase.open()
  migrate(db)
  const random = createRandom(options.seed)
  db.transaction(() => {
    seedCatalog(db, random, options.products, options.anchor)
    seedPeople(db, random, options.anchor)
    db.run("INSERT INTO meta (key, value) VALUES ('seed', ?), ('products', ?), ('anchor', ?)", [
      String(options.seed),
      String(options.products),
      String(options.anchor),
    ])
    const backend = createSandboxBackend(db, () => options.anchor)
    seedHistory(backend, random, options.anchor, options.products)
    // Last month's statement is issued for every dealer, so a demo accountant has one to confirm.
    backend.setClock(() => options.anchor)
    const lastMonth = backend.statements.previousPeriod()
    for (const id of backend.dealers.dealerIds())
      backend.statements.issue(id, lastMonth, 'operator')
  })
  return db
}
