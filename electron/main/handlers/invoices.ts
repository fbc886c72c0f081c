/** The `invoices` domain of the contract, delegating to the invoices service. */
import type { Handlers } from '../../ipc/registry'
import type { InvoicesService } from '../../services/invoices/invoicesService'

export function createInvoicesHandlers(deps: { invoices: InvoicesService }): Handlers['invoices'] {
  const { invoices } = deps
  return {
    list: (request) => invoices.list(request),
    get: ({ id }) => invoices.get(id),
    invoiceableOrders: () => invoices.invoiceableOrders(),
    profiles: () => invoices.profiles(),
    saveProfile: (request) => invoices.saveProfile(request),
    create: (request) => invoices.create(request),
    draft: ({ outboxId }) => invoices.draft(outboxId),
  }
}
