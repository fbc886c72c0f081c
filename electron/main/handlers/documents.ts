/** The `documents` domain of the contract, delegating to the documents service. */
import type { Handlers } from '../../ipc/registry'
import type { DocumentsService } from '../../services/documents/documentsService'

export function createDocumentsHandlers(deps: {
  documents: DocumentsService
}): Handlers['documents'] {
  const { documents } = deps
  return {
    render: (request) => documents.render(request),
    print: (request) => documents.print(request),
    savePdf: (request) => documents.savePdf(request),
    batchStart: (request) => documents.batchStart(request),
    batchCancel: (request) => documents.batchCancel(request),
    batchResult: (request) => documents.batchResult(request),
    history: (request) => documents.history(request),
  }
}
