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
import { matchQuickOrderRows } from '../../services/catalog/quickOrderMatcher'

export function createCatalogHandlers(catalog: CatalogService): Handlers['catalog'] {
  const match = async (rows: PastedRow[]) => {
    if (rows.length > MAX_PASTED_ROWS)
      throw new PortalError('quickOrder.tooManyRows', {
        count: rows.length,
        limit: MAX_PASTED_ROWS,
      })
    await catalog.ready()
    return { rows: await matchQuickOrderRows(rows, catalog) }
  }
  // The index is built in slices the first time (the event loop keeps answering meanwhile).
  return {
    categories: async () => {
      await catalog.ready()
      return catalog.categories()
    },
    search: async (input) => {
      await catalog.ready()
      return catalog.search(input)
    },
    product: ({ id }) => catalog.product(id),
    matchRows: ({ text }) => match(parsePastedOrder(text)),
    importFile: async ({ fileName, contentBase64 }) =>
      match(await readQuickOrderFile(fileName, contentBase64)),
  }
}
