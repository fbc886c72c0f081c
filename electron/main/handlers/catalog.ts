/** The `catalog` domain of the contract, delegating to the catalog service and quick-order matcher. */
import { PortalError } from '../../../shared/contract/result'
import {
  MAX_PASTED_ROWS,
  parsePastedOrder,
  type PastedRow,
} from '../../../shared/domain/quickOrder'
import type { Handlers } from '../../ipc/registry'
import type { CatalogService } from '../../services/catalog/catalogService'
import { readQuickOrderFile } from '../../services/catalog/quickOrderFile'

export function createCatalogHandlers(catalog: CatalogService): Handlers['catalog'] {
  const match = async (rows: PastedRow[]) => {
    if (rows.length > MAX_PASTED_ROWS)
      throw new PortalError('quickOrder.tooManyRows', {
        count: rows.length,
        limit: MAX_PASTED_ROWS,
      })
    return await catalog.matchQuickOrder(rows)
  }
  // The index lives in the cache worker: a call made before it is built waits there for it.
  return {
    categories: () => catalog.categories(),
    search: (input) => catalog.search(input),
    product: ({ id }) => catalog.product(id),
    matchRows: ({ text }) => match(parsePastedOrder(text)),
    candidates: ({ reference }) => catalog.quickOrderCandidates(reference),
    importFile: async ({ fileName, contentBase64 }) =>
      match(await readQuickOrderFile(fileName, contentBase64)),
  }
}
